import { run } from '../../src/cli/program';

/** Runs the `flowscope` CLI in-process, as a terminal would, and collects what it printed and its exit code. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}
