#!/usr/bin/env node
// `npm test`: every test against real servers. Provisions Temporal, starts one dev server for
// the run, uses PostgreSQL at DATABASE_URL with a fresh schema (CI) or a fresh embedded PGlite,
// migrates, builds the web app for browser tests, runs Jest, and tears everything down.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { provisionTemporal } from './provision-temporal.mjs';
import { provisionS3Server } from './provision-s3.mjs';
import { freePort, onShutdown, startPglite, startTemporalDevServer, stopAll } from './processes.mjs';

const t0 = Date.now();
const log = (m) => console.log(`[test] ${m}`);
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
};

if (!existsSync('node_modules/.package-lock.json')) {
  log('installing dependencies (npm ci)');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}
// Browser tests drive Debian's Chromium (Playwright's own download cannot reach its host): install it
// when this user may, otherwise stop at once with the one command to run.
if (!existsSync('/usr/bin/chromium')) {
  if (process.getuid?.() === 0) {
    log('installing Debian\'s chromium for the browser tests (apt-get)');
    if (run('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']) !== 0) process.exit(1);
  } else {
    console.error('[test] the browser tests need Debian\'s Chromium at /usr/bin/chromium: run `sudo apt-get install chromium`, then npm test again');
    process.exit(1);
  }
}
const temporal = provisionTemporal();
const work = mkdtempSync(join(tmpdir(), 'sendflow-test-'));
// Demo users sign in with a password made for this run (tests sign in through the real sign-in route).
const env = { SEED_DEMO: '1', DEMO_PASSWORD: randomBytes(18).toString('base64url'), ...(process.env.RECORD_REPLAY_HISTORIES ? {} : { TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('base64') }), AUDIT_READ_WINDOW_SECONDS: '0', TEMPORAL_CLI_PATH: temporal.cli, TEMPORAL_TEST_SERVER_PATH: temporal.testServer, SENDFLOW_TEST_WORK_DIR: work, LOG_LEVEL: 'warn', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

// The S3-compatible server the document-storage test starts (moto, from PyPI). A failure here
// fails that test with this message, not the whole run.
try {
  const s3 = provisionS3Server();
  Object.assign(env, { SENDFLOW_TEST_S3_PYTHON: s3.python, SENDFLOW_TEST_S3_PYTHONPATH: s3.pythonPath });
} catch (err) {
  console.warn(`[test] the test S3 server could not be installed: ${err.message}`);
}

let dropSchema = null;
async function teardown() {
  await stopAll();
  if (dropSchema) await dropSchema().catch((e) => console.warn(`[test] could not drop schema: ${e.message}`));
  rmSync(work, { recursive: true, force: true });
}
onShutdown(teardown);

let code = 1;
try {
  const useExternalDb = process.env.CI === 'true' || Boolean(process.env.DATABASE_URL);
  if (useExternalDb) {
    const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `sendflow_test_${Date.now().toString(36)}_${process.pid}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.end();
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA "${schema}" CASCADE`);
      await c.end();
    };
    Object.assign(env, { DATABASE_URL: url, DATABASE_SCHEMA: schema });
    log(`PostgreSQL at ${url.replace(/\/\/[^@]*@/, '//***@')}, fresh schema ${schema}`);
  } else {
    const port = await freePort();
    await startPglite({ dataDir: join(work, 'pglite'), port, logFile: join(work, 'pglite.log') });
    Object.assign(env, { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres` });
    log(`embedded PGlite on port ${port}`);
  }

  const temporalPort = await freePort();
  await startTemporalDevServer({ cli: temporal.cli, dbFile: join(work, 'temporal.db'), port: temporalPort, headless: true, logFile: join(work, 'temporal.log') });
  env.TEMPORAL_ADDRESS = `127.0.0.1:${temporalPort}`;
  log(`Temporal dev server on ${env.TEMPORAL_ADDRESS} (${Math.round((Date.now() - t0) / 1000)} s)`);

  if (run(process.execPath, ['-r', '@swc-node/register', 'libs/persistence/src/migrate.cli.ts'], env) !== 0) throw new Error('migrations failed');
  if (run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], env) !== 0) throw new Error('type check failed');
  // The module-boundary lint rule reads Nx's cached project graph: compute it first.
  if (run('npx', ['nx', 'show', 'projects'], env) !== 0) throw new Error('nx project graph failed');
  if (run('npx', ['eslint', '-c', 'infra/lint/eslint.config.mjs', '.', '--max-warnings=0'], env) !== 0) throw new Error('lint failed');
  if (run('npx', ['vite', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], env) !== 0) throw new Error('web build failed');
  // Workflow code is bundled once per run; every test file's worker loads this file (test/support/stack.ts).
  env.SENDFLOW_TEST_WORKFLOW_BUNDLE = join(work, 'workflow-bundle.json');
  if (run(process.execPath, ['-r', '@swc-node/register', 'test/support/bundle-workflows.cli.ts', env.SENDFLOW_TEST_WORKFLOW_BUNDLE], env) !== 0) throw new Error('workflow bundle failed');

  code = run('npx', ['jest', ...process.argv.slice(2)], env);
} catch (err) {
  console.error(`[test] ${err.message}`);
  code = 1;
} finally {
  await teardown();
}
log(`done in ${Math.round((Date.now() - t0) / 1000)} s, exit ${code}`);
process.exit(code);
