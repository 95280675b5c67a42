// `npm run bench -- flowlogs`: `flowscope flowlogs summarize` on 1,000,000 generated records (~110 MB)
// against a one-pass awk aggregation of top talkers on the same file in the same run (mawk, the
// machine's awk, and GNU awk), gzip input against plain, and peak memory on a 10x larger input
// streamed through a pipe (nothing stored on disk). Each program is timed by /usr/bin/time: wall
// time, CPU time (user + system) and peak RSS. Rounds are interleaved so that the machine's load
// (2 cores shared with other work) hits every program alike; the median round is reported.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
// Taken before anything runs: the bench itself loads the machine.
const load = loadavg().map((x) => x.toFixed(1)).join(' ');
import path from 'node:path';
import { ensureDebPackages, log, root, runDir } from '../../scripts/lib.mjs';
import { writeRecords } from './generate.mjs';

const RECORDS = 1_000_000;
const BIG = 10 * RECORDS;
const ROUNDS = Number(process.env.FLOWSCOPE_BENCH_ROUNDS ?? 3);
const cli = path.join(root, 'dist', 'cli.js');
const generator = path.join(root, 'bench', 'flowlogs', 'generate.mjs');
const dir = path.join(runDir, 'bench', 'flowlogs');
const plain = path.join(dir, 'records-1m.log');
const gz = `${plain}.gz`;
const timeFile = path.join(dir, 'time.txt');

// Top talkers by bytes (and packets) per source/destination pair: fields 4, 5, 9, 10 of the default format.
const AWK = '{ b[$4 " " $5] += $10; p[$4 " " $5] += $9 } END { for (k in b) print b[k], p[k], k }';

await ensureDebPackages(['mawk', 'gawk', 'time', 'gzip']);
mkdirSync(dir, { recursive: true });

log(`generating ${RECORDS.toLocaleString('en-US')} records`);
await writeRecords(RECORDS, createWriteStream(plain), { seed: 1 });
execFileSync('sh', ['-c', `gzip -c "${plain}" > "${gz}"`]);
const plainBytes = statSync(plain).size;
const gzBytes = statSync(gz).size;

/** Runs `sh -c script` with /usr/bin/time around `timed` (a shell word list); returns wall s, CPU s, peak RSS MiB. */
function measure(timed, { before = '', after = '' } = {}) {
  rmSync(timeFile, { force: true });
  const script = `${before}/usr/bin/time -f '%e %U %S %M' -o '${timeFile}' ${timed}${after}`;
  const r = spawnSync('sh', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}: ${r.stderr}`);
  const [wall, user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  return { wall, cpu: user + sys, rssMiB: rssKb / 1024 };
}

const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
const summaryFile = path.join(dir, 'summary.json');
const programs = [
  { name: 'flowscope flowlogs summarize (plain file)', run: () => measure(`node ${q(cli)} flowlogs summarize ${q(plain)} --json`, { after: ` > ${q(summaryFile)}` }), bytes: plainBytes },
  { name: 'flowscope flowlogs summarize --threads 1 (plain file)', run: () => measure(`node ${q(cli)} flowlogs summarize ${q(plain)} --json --threads 1`, { after: ' > /dev/null' }), bytes: plainBytes },
  { name: 'mawk one-pass top talkers (plain file)', run: () => measure(`mawk ${q(AWK)} ${q(plain)}`, { after: ` > ${q(path.join(dir, 'mawk.txt'))}` }), bytes: plainBytes },
  { name: 'gawk one-pass top talkers (plain file)', run: () => measure(`gawk ${q(AWK)} ${q(plain)}`, { after: ` > ${q(path.join(dir, 'gawk.txt'))}` }), bytes: plainBytes },
  { name: 'flowscope flowlogs summarize (gzip file)', run: () => measure(`node ${q(cli)} flowlogs summarize ${q(gz)} --json`, { after: ' > /dev/null' }), bytes: plainBytes },
  // The whole pipeline is timed: sh waits for both sides, and time counts what sh waited for.
  { name: 'gzip -dc | mawk (gzip file)', run: () => measure(`sh -c ${q(`gzip -dc ${q(gz)} | mawk ${q(AWK)} > /dev/null`)}`), bytes: plainBytes },
];

const results = new Map(programs.map((p) => [p.name, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const p of programs) {
    const r = p.run();
    results.get(p.name).push(r);
    log(`round ${round}: ${p.name}: ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU, ${r.rssMiB.toFixed(0)} MiB`);
  }
}

// Byte totals cannot agree (summarize counts a flow logged on two interfaces once). What must agree:
// summarize read every record, and its top talkers are pairs awk found.
const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
if (summary.records + summary.skippedLines !== RECORDS) throw new Error(`summarize read ${summary.records} records, expected ${RECORDS}`);
const awkPairs = new Set(readFileSync(path.join(dir, 'mawk.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ').slice(2).join(' ')));
for (const t of summary.topTalkers) if (!awkPairs.has(`${t.srcaddr} ${t.dstaddr}`)) throw new Error(`awk has no pair ${t.srcaddr} ${t.dstaddr}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = Object.fromEntries([...results].map(([name, rs]) => [name, { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rssMiB: median(rs.map((r) => r.rssMiB)) }]));

// Peak memory on a 10x larger input, generated into a pipe.
function streamed(n) {
  return measure(`node ${q(cli)} flowlogs summarize - --json`, { before: `node ${q(generator)} ${n} - | `, after: ` > ${q(summaryFile)}` });
}
log(`streaming ${BIG.toLocaleString('en-US')} records through a pipe (about ${((plainBytes * 10) / 1e9).toFixed(1)} GB, not stored)`);
const big = streamed(BIG);
const bigSummary = JSON.parse(readFileSync(summaryFile, 'utf8'));
if (bigSummary.records + bigSummary.skippedLines !== BIG) throw new Error(`summarize read ${bigSummary.records} records, expected ${BIG}`);
const small = streamed(RECORDS);
log(`peak RSS: ${small.rssMiB.toFixed(0)} MiB for 1M records, ${big.rssMiB.toFixed(0)} MiB for 10M`);

// ---------------------------------------------------------------------------------------------
const S = 'flowscope flowlogs summarize (plain file)';
const S1 = 'flowscope flowlogs summarize --threads 1 (plain file)';
const G = 'flowscope flowlogs summarize (gzip file)';
const mb = (bytes, s) => `${(bytes / 1e6 / s).toFixed(0)} MB/s`;
const recs = (s) => `${(RECORDS / s / 1e6).toFixed(2)} M records/s`;
const ratio = (base, ours) => `${(base / ours).toFixed(2)}×`;
const rows = programs.map((p) => {
  const m = med[p.name];
  return `| ${p.name.replace(/\|/g, '\\|')} | ${m.wall.toFixed(2)} s | ${m.cpu.toFixed(2)} s | ${recs(m.wall)} (${mb(p.bytes, m.wall)}) | ${m.rssMiB.toFixed(0)} MiB |`;
});
const vs = (awk) => `${ratio(med[awk].wall, med[S].wall)} by wall time (${ratio(med[awk].wall, med[S1].wall)} with \`--threads 1\`; by CPU time ${ratio(med[awk].cpu, med[S].cpu)} and ${ratio(med[awk].cpu, med[S1].cpu)})`;
const startup = measure(`node ${q(cli)} --version`, { after: ' > /dev/null' });

const lines = [
  `Load average at the start: ${load} (a shared machine: wall time includes waiting for a core). Command: \`npm run bench -- flowlogs\`. Median of ${ROUNDS} interleaved rounds.`,
  '',
  'summarize reads and scans lines on one thread and counts them on a second (`src/core/flowlogs/pipeline.ts`; batches pass in order through shared memory, so the result is that of one thread), by default on a machine with two cores: its wall time is what a person waits, its CPU time the sum of both threads. `--threads 1` does both on one thread.',
  '',
  `**Input**: ${RECORDS.toLocaleString('en-US')} generated version-2 records (\`bench/flowlogs/generate.mjs\`: 2,000 clients, 60 servers, a third of the flows logged on both ENIs, a NACL that rejects replies, scanners, NODATA), ${(plainBytes / 1e6).toFixed(1)} MB plain, ${(gzBytes / 1e6).toFixed(1)} MB gzip (\`gzip -c\`, level 6). The awk baseline aggregates bytes and packets per source/destination pair in one pass (\`${AWK}\`), the top-talkers part of what summarize does; summarize also dedups flows logged on two interfaces and finds rejects by port, scanners, NACL-like asymmetric rejects and NODATA/SKIPDATA. The check after the runs: summarize read every record, and its top talkers are pairs awk found.`,
  '',
  '| program | wall | CPU (user+sys) | throughput (by wall) | peak RSS |',
  '|---|---|---|---|---|',
  ...rows,
  '',
  `**summarize vs awk** (goal: at least 2× faster): vs mawk ${vs('mawk one-pass top talkers (plain file)')}; vs gawk ${vs('gawk one-pass top talkers (plain file)')}. Both awks are Debian's (\`mawk\` 1.3.4 is the machine's \`awk\`; \`gawk\` is GNU awk).`,
  `Of summarize's CPU time, ${startup.cpu.toFixed(2)} s is the CLI's start-up (\`flowscope --version\`: loading the bundle).`,
  '',
  `**gzip input**: summarize reads the gzip file at ${mb(plainBytes, med[G].wall)} of uncompressed records (${ratio(med[G].wall, med[S].wall)} the wall time of the plain file; gunzip runs in the same process); \`gzip -dc | mawk\` takes ${ratio(med['gzip -dc | mawk (gzip file)'].wall, med[G].wall)} summarize's wall time on the same file.`,
  '',
  `**Peak memory, streamed through a pipe** (\`node bench/flowlogs/generate.mjs N - | flowscope flowlogs summarize - --json\`): ${small.rssMiB.toFixed(0)} MiB for ${RECORDS.toLocaleString('en-US')} records, ${big.rssMiB.toFixed(0)} MiB for ${BIG.toLocaleString('en-US')} records (${((plainBytes * 10) / 1e9).toFixed(1)} GB; ${big.wall.toFixed(1)} s wall, ${big.cpu.toFixed(1)} s CPU for summarize). Goal: flat, under 200 MB. Memory is bounded by the distinct keys (address pairs, services, targets; bounded in a VPC), not by the input: lines pass through one reused read buffer and a fixed ring of batches, and are never kept.`,
];
const section = lines.join('\n');
console.log(`\n${section}\n`);
if (process.env.FLOWSCOPE_BENCH_SECTION_FILE) writeFileSync(process.env.FLOWSCOPE_BENCH_SECTION_FILE, section + '\n');
rmSync(dir, { recursive: true, force: true });
