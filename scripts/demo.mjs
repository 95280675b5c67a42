// `npm run demo`: Flowscope in a real VS Code in your browser, against local backends with sample data.
// Installs what is missing (npm packages, a cached code-server, Debian packages), packages the .vsix, starts the
// sandbox (scripts/sandbox.mjs: mock Kafka cluster and moto_server), starts code-server with Flowscope pointed at
// it, prints the URL and waits for Ctrl+C, then stops everything it started.
//
//   npm run demo                      # http://127.0.0.1:8080 (or a free port if 8080 is taken)
//   npm run demo -- --port 9000 --host 0.0.0.0
//   npm run demo -- --screenshot      # saves demo/screenshot.png (for the README) and exits
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureNodeModules, log, root, runDir } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const takeScreenshot = args.includes('--screenshot');
const host = option('--host') ?? '127.0.0.1';
const screenshotFile = path.resolve(root, option('--screenshot-file') ?? path.join('demo', 'screenshot.png'));

await ensureNodeModules();
// Imported after ensureNodeModules: the launcher needs playwright-core.
const { ensureChromium, ensureCodeServer } = await import('./codeserver/install.mjs');
const { freePort, killAllCodeServers, openWorkbench, startCodeServer } = await import('./codeserver/launch.mjs');
const { packageVsix } = await import('./package.mjs');

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** The sandbox is optional: without scripts/sandbox.mjs the demo still shows Flowscope, with nothing to browse. */
async function startSandboxIfAvailable() {
  const file = path.join(root, 'scripts', 'sandbox.mjs');
  if (!existsSync(file)) {
    log('note: scripts/sandbox.mjs does not exist yet; starting without local backends');
    return null;
  }
  const mod = await import('./sandbox.mjs');
  if (typeof mod.startSandbox !== 'function') {
    log('note: scripts/sandbox.mjs has no startSandbox(); starting without local backends');
    return null;
  }
  // This script ends the sandbox itself on Ctrl+C, after code-server.
  return mod.startSandbox({ log, handleSignals: false });
}

const cleanups = [];
async function cleanup() {
  for (const c of cleanups.splice(0).reverse()) await c().catch((e) => log(`cleanup: ${e.message ?? e}`));
}
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) { killAllCodeServers(); process.exit(130); } // a second Ctrl+C: stop waiting
    stopping = true;
    log('stopping…');
    void cleanup().finally(() => process.exit(0));
  });
}

try {
  const paths = await ensureCodeServer();
  if (takeScreenshot) await ensureChromium();
  const vsix = await packageVsix();

  const sandbox = await startSandboxIfAvailable();
  if (sandbox) cleanups.push(() => sandbox.stop());

  // A fresh copy of the sample workspace and profile per run, so the demo always starts the same way.
  const demoDir = path.join(runDir, 'demo');
  rmSync(demoDir, { recursive: true, force: true });
  const workspace = path.join(demoDir, 'workspace');
  mkdirSync(demoDir, { recursive: true });
  cpSync(path.join(root, 'demo', 'workspace'), workspace, { recursive: true });

  const settings = sandbox
    ? {
      'flowscope.aws.endpoint': sandbox.awsEndpoint,
      'flowscope.aws.regions': [sandbox.region ?? 'us-east-1'],
      // The sandbox cluster, saved as "Add Kafka Cluster" would (no secret: it needs none). The mock cannot list
      // consumer groups, so the sample groups are watched by name.
      'flowscope.kafka.clusters': [{
        id: 'sandbox', name: 'sandbox', bootstrap: sandbox.kafkaBootstrap, security: 'none',
        watchedGroups: Object.keys(sandbox.sample?.kafka.groups ?? {}),
      }],
    }
    : { 'flowscope.aws.regions': ['us-east-1'] };
  // Credentials never go into settings: the sandbox's dummy keys reach the extension host as environment.
  const creds = sandbox?.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' };
  const env = {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    ...(sandbox ? { FLOWSCOPE_DEMO_KAFKA_BOOTSTRAP: sandbox.kafkaBootstrap } : {}),
  };
  const wanted = option('--port') ? Number(option('--port')) : 8080;
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  const server = await startCodeServer({ paths, vsixes: [vsix.file], workspace, env, settings, host, port, baseDir: path.join(demoDir, 'profile') });
  cleanups.push(() => server.stop());

  if (takeScreenshot) {
    const wb = await openWorkbench(server);
    cleanups.push(() => wb.close());
    await wb.page.locator('.activitybar .action-item [aria-label^="Flowscope"]').first().click();
    await wb.page.locator('.welcome-view-content, .part.sidebar .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    // Open what a person would look at first: the Kafka cluster's consumer groups with their lag.
    for (const label of ['sandbox', 'Consumer Groups']) {
      const row = wb.page.locator('.part.sidebar .monaco-list-row', { hasText: label }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 }).then(() => row.click()).catch(() => log(`screenshot: no "${label}" row to expand`));
    }
    // Park the mouse (no tooltip in the picture) and give the views a moment to load what the sandbox holds.
    await wb.page.mouse.move(720, 4);
    await new Promise((r) => setTimeout(r, 3000));
    mkdirSync(path.dirname(screenshotFile), { recursive: true });
    await wb.page.screenshot({ path: screenshotFile });
    console.log(`screenshot saved: ${path.relative(root, screenshotFile)}`);
  } else {
    console.log('');
    console.log(`Flowscope demo: open ${server.folderUrl}`);
    console.log(`  workspace: ${workspace}`);
    if (sandbox) {
      console.log(`  AWS (moto_server): ${sandbox.awsEndpoint}, region us-east-1 (settings flowscope.aws.endpoint and flowscope.aws.regions)`);
      console.log(`  Kafka (mock cluster): saved as "sandbox" (${sandbox.kafkaBootstrap}), its sample groups watched`);
    }
    console.log('Press Ctrl+C to stop.');
    await new Promise(() => {}); // until a signal handler above exits
  }
} catch (e) {
  log(`demo failed: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  if (!stopping) await cleanup();
}
process.exit();
