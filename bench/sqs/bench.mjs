// SQS listing bench: `npm run bench -- sqs`, or alone: `node bench/sqs/bench.mjs [--queues N] [--rtt MS] [--rate N] [--concurrency N] [--write-results]`.
// Starts its own moto_server, creates N queues (DLQs and redriving sources among them), and puts a
// small HTTP proxy in front of moto that adds --rtt ms per request (moto on localhost answers far
// faster than AWS does over a network) and counts requests by SQS action. With --rate, the proxy
// also answers ThrottlingException beyond N requests/s, like SQS's API limits do, to show the
// listing backing off and still completing. Prints figures and, per scripts/bench.mjs's contract,
// writes its section to $FLOWSCOPE_BENCH_SECTION_FILE; run alone, --write-results replaces the
// "## sqs" section of bench/RESULTS.md (only that section).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { log, root, runDir } from '../../scripts/lib.mjs';
import { startMoto } from '../../scripts/sandbox.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const queueCount = arg('queues', 1000);
const rttMs = arg('rtt', 20);
const rate = arg('rate', 40);
const concurrency = arg('concurrency', 16);
const rounds = arg('rounds', 2);

mkdirSync(runDir, { recursive: true });
const bundle = path.join(runDir, 'bench-sqs-list.cjs');
await esbuild.build({
  entryPoints: [path.join(root, 'bench/sqs/list.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
  external: ['@aws-sdk/*', '@smithy/*'], outfile: bundle, logLevel: 'warning',
});
const bench = createRequire(import.meta.url)(bundle);

/** A delaying, counting, optionally rate-limiting proxy in front of moto. */
function startProxy(upstreamPort) {
  const state = { rtt: 0, rate: 0, byAction: {}, throttled: 0, tokens: 0, last: Date.now() };
  const take = () => {
    const now = Date.now();
    // Token bucket: `rate` per second, a burst of a tenth of a second's worth.
    state.tokens = Math.min(state.rate / 10, state.tokens + ((now - state.last) / 1000) * state.rate);
    state.last = now;
    if (state.tokens >= 1) { state.tokens -= 1; return true; }
    return false;
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? 'other').replace('AmazonSQS.', '');
      state.byAction[action] = (state.byAction[action] ?? 0) + 1;
      setTimeout(() => {
        if (state.rate > 0 && !take()) {
          state.throttled++;
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#ThrottlingException', message: 'Rate exceeded' }));
          return;
        }
        const up = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (ur) => {
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          ur.pipe(res);
        });
        up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
        up.end(Buffer.concat(chunks));
      }, state.rtt);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    endpoint: `http://127.0.0.1:${server.address().port}`,
    /** Starts a measured phase: counters reset, the given latency and rate limit apply. */
    phase(rtt, limit) { Object.assign(state, { rtt, rate: limit, byAction: {}, throttled: 0, tokens: limit / 10, last: Date.now() }); },
    counts() { return { byAction: { ...state.byAction }, total: Object.values(state.byAction).reduce((a, b) => a + b, 0), throttled: state.throttled }; },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  })));
}

const prefix = `bench-${Date.now().toString(36)}`;
const moto = await startMoto({ log });
const proxy = await startProxy(moto.port);
let results;
try {
  log(`creating ${queueCount} queues in moto_server`);
  const t0 = Date.now();
  const seeded = await bench.seed(moto.endpoint, queueCount, prefix);
  log(`created in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${seeded.dlqs} DLQs, ${seeded.sources} source queues, ${seeded.messages} messages`);

  const measure = async (label, rtt, limit, fn) => {
    proxy.phase(rtt, limit);
    log(`${label} (${rtt} ms per request${limit ? `, ${limit} requests/s limit` : ''})`);
    const r = await fn(proxy.endpoint);
    const c = proxy.counts();
    log(`  ${(r.ms / 1000).toFixed(2)} s, ${c.total} requests${c.throttled ? `, ${c.throttled} throttled` : ''}`);
    return { label, rtt, limit, ...r, requests: c.total, byAction: c.byAction, throttledByProxy: c.throttled };
  };
  const plan = [
    [`Flowscope, ${concurrency} in flight`, rttMs, 0, (e) => bench.flowscope(e, prefix, concurrency)],
    ['baseline: sequential, GetQueueAttributes per queue', rttMs, 0, (e) => bench.baseline(e, prefix, false)],
    ['baseline: sequential, + ListDeadLetterSourceQueues per queue', rttMs, 0, (e) => bench.baseline(e, prefix, true)],
    [`Flowscope, ${concurrency} in flight, throttled`, rttMs, rate, (e) => bench.flowscope(e, prefix, concurrency)],
    [`Flowscope, ${concurrency} in flight, no added latency`, 0, 0, (e) => bench.flowscope(e, prefix, concurrency)],
    ['baseline: sequential, GetQueueAttributes per queue, no added latency', 0, 0, (e) => bench.baseline(e, prefix, false)],
  ];
  // The machine is shared and its load changes by the minute: a warm-up listing first, then the
  // methods in turns, `rounds` times, keeping each method's fastest run, so that a busy minute
  // does not land on one method only.
  log('warm-up listing');
  await bench.flowscope(moto.endpoint, prefix, concurrency);
  const best = new Map();
  for (let round = 1; round <= rounds; round++) {
    for (const [label, rtt, limit, fn] of plan) {
      const r = await measure(`${label} [round ${round}/${rounds}]`, rtt, limit, fn);
      r.label = label;
      r.runs = [...(best.get(label)?.runs ?? []), r.ms];
      if (!best.has(label) || r.ms < best.get(label).ms) best.set(label, r);
      else best.get(label).runs = r.runs;
    }
  }
  const rows = plan.map(([label]) => best.get(label));
  // Every approach must have seen the same queues, counts and links, or the timing means nothing.
  const want = rows[2].digest;
  for (const r of rows) {
    const d = r.digest;
    const same = d.queues === want.queues && d.visible === want.visible && d.withDlq === want.withDlq && (r.label.includes('GetQueueAttributes per queue') || d.dlqSourceLinks === want.dlqSourceLinks);
    if (!same) throw new Error(`${r.label} saw ${JSON.stringify(d)}, expected ${JSON.stringify(want)}`);
  }
  results = { seeded, rows };
} finally {
  await proxy.close();
  await moto.stop();
}

const { seeded, rows } = results;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const t = (r) => `${s(r.ms)} [${r.runs.map((ms) => (ms / 1000).toFixed(1)).join(', ')}]`;
const ratio = (a, b) => (b === 0 ? 'n/a' : `${(a / b).toFixed(1)}×`);
const [fs, seqAttrs, seqFull, fsThrottled, fsLocal, seqLocal] = rows;
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const actions = (r) => Object.entries(r.byAction).map(([k, v]) => `${k} ${v}`).join(', ');
const lines = [
  `Listing ${seeded.queues} queues (${seeded.dlqs} DLQs, ${seeded.sources} queues redriving to them, ${seeded.messages} with a message) with counts, attributes and DLQ links both ways; moto_server 5 behind a proxy that adds ${rttMs} ms per request; fastest of ${rounds} interleaved rounds (each run in brackets):`,
  '',
  '| method | time | requests | throttled |',
  '|---|---|---|---|',
  `| ${fs.label} | ${t(fs)} | ${fs.requests} | 0 |`,
  `| ${seqAttrs.label} (no reverse DLQ links) | ${t(seqAttrs)} | ${seqAttrs.requests} | 0 |`,
  `| ${seqFull.label} | ${t(seqFull)} | ${seqFull.requests} | 0 |`,
  `| ratio (sequential with links / Flowscope) | ${ratio(seqFull.ms, fs.ms)} | ${ratio(seqFull.requests, fs.requests)} | |`,
  `| ratio (sequential, attributes only / Flowscope) | ${ratio(seqAttrs.ms, fs.ms)} | ${ratio(seqAttrs.requests, fs.requests)} | |`,
  `| ${fsThrottled.label}: proxy allows ${rate} requests/s | ${t(fsThrottled)} | ${fsThrottled.requests} | ${fsThrottled.throttledByProxy} answered ThrottlingException, ${fsThrottled.throttledRetries} pool-wide pauses |`,
  `| ${fsLocal.label} | ${t(fsLocal)} | ${fsLocal.requests} | 0 |`,
  `| ${seqLocal.label} | ${t(seqLocal)} | ${seqLocal.requests} | 0 |`,
  '',
  `Flowscope requests: ${actions(fs)}. Sequential with links: ${actions(seqFull)}. Throttled run: ${actions(fsThrottled)} (SDK retries included).`,
];
console.log('\n' + lines.join('\n') + '\n');
writeFileSync(path.join(runDir, 'bench-sqs.json'), JSON.stringify({ ...results, machine, date: new Date().toISOString(), rttMs, rate, concurrency }, null, 2));

const perSecond = (r) => (r.requests / (r.ms / 1000)).toFixed(0);
const body = [
  ...lines,
  '',
  "SQS has no batch form of GetQueueAttributes, so any listing with counts costs one request per queue: Flowscope's time gain comes from keeping a bounded number of them in flight, its request saving from deriving each DLQ's source queues from the redrive policies already in the listing instead of one ListDeadLetterSourceQueues per queue.",
  '',
  `Here moto_server itself is the bottleneck: it is a single Python process that effectively handles one request at a time, about ${perSecond(fsLocal)} GetQueueAttributes per second with ${seeded.queues} queues and no added latency, and its ListDeadLetterSourceQueues scans every queue. So ${concurrency} in flight can only hide the added network latency behind moto's own time, and the time ratio is far below ${concurrency}×. Real SQS answers requests in parallel, where the time of the sequential listing is dominated by one round trip per queue and a bounded pool divides it by up to its concurrency; that was not measured here (no AWS from this machine).`,
  '',
  `Under throttling (the proxy answers ThrottlingException beyond ${rate} requests/s) the pool pauses as a whole with exponential backoff and jitter, on top of the SDK's own retry, and retries the throttled queues, so the listing completes with every queue. Every row saw the same queues, message counts and DLQ links (the bench checks it and fails otherwise).`,
].join('\n');

if (process.env.FLOWSCOPE_BENCH_SECTION_FILE) writeFileSync(process.env.FLOWSCOPE_BENCH_SECTION_FILE, body + '\n');
if (process.argv.includes('--write-results')) {
  const file = path.join(root, 'bench', 'RESULTS.md');
  const section = ['## sqs', '', `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine} (\`node bench/sqs/bench.mjs --write-results\`).`, '', body, ''].join('\n');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\n';
  const re = /^## sqs\n[\s\S]*?(?=^## |(?![\s\S]))/m;
  text = re.test(text) ? text.replace(re, section) : `${text.replace(/\n*$/, '\n\n')}${section}`;
  writeFileSync(file, text);
  log(`wrote the sqs section of ${path.relative(root, file)}`);
}
