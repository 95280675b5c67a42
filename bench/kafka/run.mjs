// Kafka lag bench: `node bench/kafka/run.mjs [--rtt MS] [--topics N] [--groups N] [--write-results]`.
// Starts librdkafka's mock cluster (3 brokers) with N topics, bundles bench/kafka/lag.ts with esbuild
// and runs it; prints the figures and, with --write-results, replaces the "## kafka" section of
// bench/RESULTS.md (only that section).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { root, runDir, log } from '../../scripts/lib.mjs';
import { startKafkaMock } from '../../scripts/sandbox.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const rttMs = arg('rtt', 5);
const topicCount = arg('topics', 1000);
const groups = arg('groups', 100);
const partitions = arg('partitions', 3);
const topicsPerGroup = arg('topics-per-group', 10);

mkdirSync(runDir, { recursive: true });
const bundle = path.join(runDir, 'bench-kafka-lag.cjs');
await esbuild.build({ entryPoints: [path.join(root, 'bench/kafka/lag.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['kafkajs'], outfile: bundle, logLevel: 'warning' });
const { runLagBench } = createRequire(import.meta.url)(bundle);

const topics = Array.from({ length: topicCount }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
log(`starting the mock cluster with ${topicCount} topics × ${partitions} partitions`);
// Topics are created over the control channel: passing 1,000 topics on the launcher's command line
// kept its bootstrap line from arriving (seen with more than ~10 topics).
const mock = await startKafkaMock({ topics: [], log });
let r;
try {
  for (const t of topics) await mock.control(`topic-create ${t} ${partitions} 3`);
  r = await runLagBench(mock, { topics, groups, topicsPerGroup, partitions, rttMs, log });
} finally {
  await mock.stop();
}

const ratio = (a, b) => (b === 0 ? 'n/a' : (a / b).toFixed(1));
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const date = new Date().toISOString().slice(0, 10);
const lines = [
  `Lag for all ${r.groups} groups on ${r.topics} topics × ${r.partitions} partitions (${r.topicsPerGroup} topics per group), ${r.brokers}-broker librdkafka mock with ${r.rttMs} ms added per response:`,
  '',
  '| method | time | requests | total lag |',
  '|---|---|---|---|',
  `| Flowscope, first load (connect + learn the cluster) | ${(r.flowscope.ms / 1000).toFixed(2)} s | ${r.flowscope.requests} | ${r.flowscope.totalLag} |`,
  `| Flowscope, refresh on the same connection | ${(r.flowscopeRefresh.ms / 1000).toFixed(2)} s | ${r.flowscopeRefresh.requests} | ${r.flowscopeRefresh.totalLag} |`,
  `| baseline: kafkajs Admin, per topic, sequential | ${(r.baseline.ms / 1000).toFixed(2)} s | ${r.baseline.requests} | ${r.baseline.totalLag} |`,
  `| ratio baseline / Flowscope first load | ${ratio(r.baseline.ms, r.flowscope.ms)}× | ${ratio(r.baseline.requests, r.flowscope.requests)}× | |`,
  `| ratio baseline / Flowscope refresh | ${ratio(r.baseline.ms, r.flowscopeRefresh.ms)}× | ${ratio(r.baseline.requests, r.flowscopeRefresh.requests)}× | |`,
  '',
  `Flowscope first-load requests by API: ${Object.entries(r.flowscope.byApi).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
  `Flowscope refresh requests by API: ${Object.entries(r.flowscopeRefresh.byApi).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
  `Baseline requests by API: ${Object.entries(r.baseline.byApi).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
];
console.log('\n' + lines.join('\n') + '\n');
writeFileSync(path.join(runDir, 'bench-kafka.json'), JSON.stringify({ ...r, machine, date }, null, 2));

if (process.argv.includes('--write-results')) {
  const file = path.join(root, 'bench', 'RESULTS.md');
  const section = [
    '## kafka',
    '',
    `Run with \`node bench/kafka/run.mjs --write-results\` on ${date}; machine: ${machine}.`,
    '',
    ...lines,
    '',
    'Flowscope: 1 Metadata, 1 FindCoordinator + 1 OffsetFetch per group (the protocol\'s "all committed topics" form; the mock answers that form with nothing, so on the first load each group is asked a second time with every partition listed, and later refreshes ask that way directly), DescribeGroups per coordinator (not sent against the mock: kafkajs knows from ApiVersions that it is missing), 1 ListOffsets per partition leader for every partition of every group. The baseline is the public kafkajs Admin API used topic by topic (fetchOffsets + fetchTopicOffsets); it is even handed each group\'s topics, which a real tool would have to discover first.',
    '',
    'The machine is shared (2 cores, other work running), so times vary between runs; the request counts are deterministic.',
    '',
  ].join('\n');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Bench results\n\n';
  const re = /^## kafka\n[\s\S]*?(?=^## |(?![\s\S]))/m;
  text = re.test(text) ? text.replace(re, section) : `${text.replace(/\n*$/, '\n\n')}${section}`;
  writeFileSync(file, text);
  log(`wrote the kafka section of ${path.relative(root, file)}`);
}
