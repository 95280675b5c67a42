// Generates realistic version-2 flow-log records (the default format, ~110 bytes a line):
// `node bench/flowlogs/generate.mjs <records> [file|-] [--header] [--seed N]`.
// 2,000 clients and 60 servers, each with its own ENI; requests logged on the client's ENI, a third of
// them also on the server's (same VPC: double logging), replies, one subnet whose NACL rejects replies,
// three scanners, NODATA intervals. The address space is bounded like a real VPC's, so the number of
// distinct pairs (and the analyzer's memory) stays flat however many records are generated.
import { createWriteStream } from 'node:fs';

export function* records(count, { seed = 1, header = false } = {}) {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    // xorshift32: fast and reproducible.
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  const pick = (n) => Math.floor(rnd() * n);
  const eni = (i) => `eni-0${(0x3c5a17b09e2d4 + i * 104729).toString(16).padStart(16, '0')}`;
  const clients = Array.from({ length: 2000 }, (_, i) => ({ ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 4}`, eni: eni(i) }));
  const ports = [443, 80, 5432, 6379, 8080, 9092, 3306, 22, 53, 27017];
  const servers = Array.from({ length: 60 }, (_, i) => ({ ip: `10.1.${Math.floor(i / 20)}.${(i % 20) + 10}`, eni: eni(5000 + i), port: ports[i % 10] }));
  if (header) yield 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
  let t = 1_763_000_000;
  const rec = (e, a, b, sp, dp, proto, pk, by, action) => `2 123456789012 ${e} ${a} ${b} ${sp} ${dp} ${proto} ${pk} ${by} ${t} ${t + 60} ${action} OK`;
  for (let i = 0; i < count; i++) {
    if (i % 300 === 0) t += 1;
    const r = rnd();
    if (r < 0.002) { yield `2 123456789012 ${clients[pick(2000)].eni} - - - - - - - ${t} ${t + 60} - NODATA`; continue; }
    if (r < 0.02) {
      yield rec(servers[pick(60)].eni, `198.51.100.${7 + pick(3)}`, servers[pick(60)].ip, 40000 + pick(20000), pick(1024), 6, 1, 44, 'REJECT');
      continue;
    }
    // Zipf-like: a few clients and servers carry most of the traffic.
    const c = clients[Math.floor(2000 * rnd() ** 3)];
    const sv = servers[Math.floor(60 * rnd() ** 2)];
    const eph = 32768 + pick(28000);
    const proto = sv.port === 53 ? 17 : 6;
    const pk = 1 + pick(300);
    const line = rec(c.eni, c.ip, sv.ip, eph, sv.port, proto, pk, pk * (40 + pick(1400)), rnd() < 0.01 ? 'REJECT' : 'ACCEPT');
    yield line;
    if (++i >= count) break;
    if (r < 0.35) {
      // The same flow on the server's ENI.
      yield line.replace(c.eni, sv.eni);
    } else {
      // The reply, on the client's ENI; subnet 10.0.7.0/24's NACL lacks the ephemeral-port rule.
      const rpk = 1 + pick(300);
      yield rec(c.eni, sv.ip, c.ip, sv.port, eph, proto, rpk, rpk * (40 + pick(1400)), c.ip.startsWith('10.0.7.') ? 'REJECT' : 'ACCEPT');
    }
  }
}

export async function writeRecords(count, out, opts) {
  let buf = [];
  for (const line of records(count, opts)) {
    buf.push(line);
    if (buf.length === 5000) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join('\n') + '\n');
  await new Promise((r) => (out === process.stdout ? r() : out.end(r)));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const args = process.argv.slice(2);
  const count = Number(args[0] ?? 1000);
  const file = args[1] && !args[1].startsWith('--') ? args[1] : '-';
  const seedAt = args.indexOf('--seed');
  const out = file === '-' ? process.stdout : createWriteStream(file);
  await writeRecords(count, out, { header: args.includes('--header'), seed: seedAt >= 0 ? Number(args[seedAt + 1]) : 1 });
}
