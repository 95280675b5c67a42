// One measured quicktype run in a fresh process, fed the same documents as JSON samples. The clock starts
// with the sample texts in memory and every module loaded (quicktype-core loads none during a run), and
// includes quicktype's JSON parsing of the samples, as the yaml2ts child's includes its YAML parsing.
const { readFileSync } = require('node:fs');
const { mainThreadMs } = require('./main-thread.cjs');
const { quicktype, InputData, jsonInputForTargetLanguage } = require('quicktype-core');

(async () => {
  const samples = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  const m0 = mainThreadMs();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const jsonInput = jsonInputForTargetLanguage('typescript');
  await jsonInput.addSource({ name: 'Manifests', samples });
  const inputData = new InputData();
  inputData.addInput(jsonInput);
  const result = await quicktype({ inputData, lang: 'typescript', rendererOptions: { 'just-types': 'true' } });
  const t1 = performance.now();
  const cpu = process.cpuUsage(c0);
  const m1 = mainThreadMs();
  const code = result.lines.join('\n');
  process.stdout.write(JSON.stringify({ totalMs: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs: m0 === undefined ? undefined : m1 - m0, maxRssMB: process.resourceUsage().maxRSS / 1024, outputLines: code.split('\n').length, code }));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
