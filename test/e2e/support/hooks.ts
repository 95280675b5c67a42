// Root hooks of the e2e tier (loaded by scripts/codeserver/e2e-tier.mjs): one code-server and browser for the
// whole run, because starting them costs seconds that every test would otherwise pay again.
import { startWorkbench, stopWorkbench } from './workbench';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(180_000);
    await startWorkbench();
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(30_000);
    await stopWorkbench();
  },
};
