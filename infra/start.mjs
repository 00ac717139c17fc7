#!/usr/bin/env node
// `npm start`: the whole system on one machine from a fresh clone. Installs what is missing,
// provisions Temporal, starts the Temporal dev server (SQLite under .data/, Web UI on) and the
// embedded PostgreSQL (PGlite under .data/) unless TEMPORAL_ADDRESS / DATABASE_URL point
// elsewhere, migrates and seeds, then runs worker, API and web, and prints the URLs.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { provisionTemporal } from './provision-temporal.mjs';
import { onShutdown, portOpen, startPglite, startProcess, startTemporalDevServer, stopAll, waitFor } from './processes.mjs';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const dataDir = join(root, '.data');
const num = (name, dflt) => Number(process.env[name] || dflt);
const ports = {
  temporal: num('TEMPORAL_PORT', 7233), temporalUi: num('TEMPORAL_UI_PORT', 8233), db: num('PGLITE_PORT', 5433),
  api: num('API_PORT', 3000), web: num('WEB_PORT', 5173),
};
const log = (m) => console.log(`[start] ${m}`);

onShutdown(async () => log('stopping...'));

/**
 * The demo users' password: DEMO_PASSWORD if set, else one made at random for this .data folder
 * and kept in .data/demo-password (git-ignored), so it survives restarts and is never in the repo.
 */
function demoPassword() {
  if (process.env.DEMO_PASSWORD) return process.env.DEMO_PASSWORD;
  const file = join(dataDir, 'demo-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(12).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * The key that encrypts workflow payloads (children's health data) on their way to Temporal:
 * TEMPORAL_PAYLOAD_KEY if set, else one made for this .data folder and kept in .data/payload-key
 * (git-ignored); losing it makes the histories in .data/temporal.db unreadable.
 */
function payloadKey() {
  if (process.env.TEMPORAL_PAYLOAD_KEY) return process.env.TEMPORAL_PAYLOAD_KEY;
  const file = join(dataDir, 'payload-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function main() {
  if (!existsSync('node_modules/.package-lock.json')) {
    log('installing dependencies (npm ci)');
    if (spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status !== 0) throw new Error('npm ci failed');
  }
  const env = {};
  let temporalUi = null;
  if (process.env.TEMPORAL_ADDRESS) {
    log(`using the Temporal cluster at ${process.env.TEMPORAL_ADDRESS} (namespace ${process.env.TEMPORAL_NAMESPACE || 'default'})`);
  } else {
    const { cli } = provisionTemporal();
    if (await portOpen(ports.temporal)) throw new Error(`port ${ports.temporal} is taken: stop what holds it, or set TEMPORAL_PORT`);
    await startTemporalDevServer({ cli, dbFile: join(dataDir, 'temporal.db'), port: ports.temporal, uiPort: ports.temporalUi, logFile: join(dataDir, 'logs', 'temporal.log') });
    env.TEMPORAL_ADDRESS = `127.0.0.1:${ports.temporal}`;
    temporalUi = `http://127.0.0.1:${ports.temporalUi}`;
  }
  if (process.env.DATABASE_URL) {
    log('using the PostgreSQL at DATABASE_URL');
  } else {
    if (await portOpen(ports.db)) throw new Error(`port ${ports.db} is taken: stop what holds it, or set PGLITE_PORT`);
    await startPglite({ dataDir: join(dataDir, 'pglite'), port: ports.db, logFile: join(dataDir, 'logs', 'pglite.log') });
    env.DATABASE_URL = `postgres://postgres@127.0.0.1:${ports.db}/postgres`;
    // The embedded database is a demo installation: one demo user per role, all with one password.
    env.SEED_DEMO = process.env.SEED_DEMO ?? '1';
  }
  if ((process.env.SEED_DEMO ?? env.SEED_DEMO) === '1') env.DEMO_PASSWORD = demoPassword();
  env.TEMPORAL_PAYLOAD_KEY = payloadKey();
  const childEnv = { ...env, API_PORT: String(ports.api), WEB_PORT: String(ports.web), API_URL: `http://127.0.0.1:${ports.api}` };
  // Idempotent: adds only the search attributes the namespace lacks (an external cluster may have none).
  const attributes = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/temporal/register-search-attributes.cli.ts'], { stdio: 'inherit', env: { ...process.env, ...childEnv } });
  if (attributes.status !== 0) throw new Error('registering the Temporal search attributes failed (see above)');
  const migrate = spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/persistence/src/migrate.cli.ts'], { stdio: 'inherit', env: { ...process.env, ...childEnv } });
  if (migrate.status !== 0) throw new Error('migrations failed');

  const node = (file) => [process.execPath, ['-r', '@swc-node/register', file]];
  startProcess('worker', ...node('apps/worker/src/main.ts'), { env: childEnv });
  const api = startProcess('api', ...node('apps/api/src/main.ts'), { env: childEnv });
  startProcess('web', process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'apps/web/vite.config.ts', '--strictPort', '--host', '127.0.0.1'], { env: childEnv });
  await waitFor('API', async () => (await fetch(`http://127.0.0.1:${ports.api}/api/health`).catch(() => null))?.ok, { child: api, timeoutMs: 120000, intervalMs: 500 });
  await waitFor('web', () => portOpen(ports.web), { timeoutMs: 60000 });
  console.log(`
  SENDflow is running.
    Web app          http://127.0.0.1:${ports.web}${env.DEMO_PASSWORD ? `
    Demo sign-in     any demo user (the sign-in page lists them), password ${env.DEMO_PASSWORD}` : ''}
    API docs         http://127.0.0.1:${ports.api}/api/docs
    Temporal Web UI  ${temporalUi ?? '(external cluster: use its own UI)'}
  Data lives in .data/ and survives restarts. Ctrl-C stops everything.
`);
}

main().catch(async (err) => {
  console.error(`[start] ${err.message}`);
  await stopAll();
  process.exit(1);
});
