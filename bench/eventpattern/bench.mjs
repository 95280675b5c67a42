// `npm run bench -- eventpattern`: runs the compiled bench (bench/eventpattern/run.ts, built by scripts/bench.mjs's
// tsc into outDir) and hands its Markdown section to scripts/bench.mjs through $FLOWSCOPE_BENCH_SECTION_FILE.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { outDir, sh } from '../../scripts/lib.mjs';

const script = path.join(outDir, 'bench', 'eventpattern', 'run.js');
if (!existsSync(script)) {
  console.error(`${script} is missing: compile first (npx tsc -p tsconfig.test.json --outDir ${outDir})`);
  process.exit(1);
}
process.exitCode = await sh(process.execPath, [script]);
