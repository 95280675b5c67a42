// One measured quicktype run in a fresh process, fed the same documents as JSON samples.
const { readFileSync } = require('node:fs');
const { quicktype, InputData, jsonInputForTargetLanguage } = require('quicktype-core');

(async () => {
  const samples = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const jsonInput = jsonInputForTargetLanguage('typescript');
  await jsonInput.addSource({ name: 'Manifests', samples });
  const inputData = new InputData();
  inputData.addInput(jsonInput);
  const result = await quicktype({ inputData, lang: 'typescript', rendererOptions: { 'just-types': 'true' } });
  const t1 = performance.now();
  const cpu = process.cpuUsage(c0);
  const code = result.lines.join('\n');
  process.stdout.write(JSON.stringify({ totalMs: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, outputLines: code.split('\n').length, code }));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
