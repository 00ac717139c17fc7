#!/usr/bin/env node
// `npm run fuzz`: Schemathesis fuzzes every route of the OpenAPI document as every demo role
// (and as no one), checking that nothing answers 5xx and that answers match the documented
// schemas. It installs Schemathesis (PyPI, pinned) into .tools/schemathesis (git-ignored), brings up its own
// world like `npm test` does (Temporal dev server, fresh PGlite or a fresh schema at DATABASE_URL,
// migrations with the demo seed, worker, API on free ports), signs each role in, runs, and prints
// a summary. With FUZZ_BASE_URL (e.g. http://127.0.0.1:3000/api) and DEMO_PASSWORD it fuzzes a
// running API instead. FUZZ_MAX_EXAMPLES (default 30) bounds the examples per operation.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { provisionTemporal } from './provision-temporal.mjs';
import { freePort, onShutdown, startPglite, startProcess, startTemporalDevServer, stopAll, waitFor } from './processes.mjs';

const SCHEMATHESIS_VERSION = '4.32.5';
// Installed with `pip install --target` (as infra/provision-temporal.mjs does): Debian's python3
// often lacks ensurepip, so a venv would have no pip. Run as `python3 -m schemathesis.cli`.
const target = join(process.cwd(), '.tools', 'schemathesis');
const pyEnv = { ...process.env, PYTHONPATH: target };
const st = (args) => spawnSync('python3', ['-m', 'schemathesis.cli', ...args], { encoding: 'utf8', env: pyEnv, maxBuffer: 64 * 2 ** 20 });
/** The fuzz run itself, asynchronously: this process must keep draining the API's and worker's output pipes meanwhile. */
const stAsync = (args) => new Promise((resolve) => {
  const child = spawn('python3', ['-m', 'schemathesis.cli', ...args], { env: pyEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  child.on('close', (status) => resolve({ status, stdout, stderr }));
});
const log = (m) => console.log(`[fuzz] ${m}`);
const ROLES = {
  coordinator: 'coordinator@demo.sendflow.nhs.uk', practitioner: 'slt@demo.sendflow.nhs.uk', service_lead: 'lead.slt@demo.sendflow.nhs.uk',
  qa_reviewer: 'qa@demo.sendflow.nhs.uk', sop_manager: 'sop@demo.sendflow.nhs.uk', auditor: 'auditor@demo.sendflow.nhs.uk', admin: 'admin@demo.sendflow.nhs.uk',
};

function installSchemathesis() {
  if (existsSync(target) && (st(['--version']).stdout ?? '').includes(SCHEMATHESIS_VERSION)) return;
  log(`installing schemathesis==${SCHEMATHESIS_VERSION} into .tools/schemathesis`);
  const r = spawnSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--upgrade', '--target', target, `schemathesis==${SCHEMATHESIS_VERSION}`], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('pip install schemathesis failed (needs python3 with pip)');
}

async function signIn(baseUrl, email, password) {
  const res = await fetch(`${baseUrl}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sendflow_session='));
  return { cookie, csrfToken: (await res.json()).csrfToken };
}

async function startWorld(work) {
  const temporal = provisionTemporal({ quiet: true });
  const env = { SEED_DEMO: '1', DEMO_PASSWORD: randomBytes(18).toString('base64url'), TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn', AUDIT_READ_WINDOW_SECONDS: '0',
    // Fuzzing sign-in from one address must not lock the fuzzer out of its own sessions.
    SIGN_IN_IP_MAX_FAILURES: '1000000', SIGN_IN_MAX_FAILURES: '1000000' };
  let dropSchema = null;
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    const schema = `sendflow_fuzz_${Date.now().toString(36)}_${process.pid}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect(); await c.query(`CREATE SCHEMA "${schema}"`); await c.end();
    dropSchema = async () => { const d = new pg.Client({ connectionString: url }); await d.connect(); await d.query(`DROP SCHEMA "${schema}" CASCADE`); await d.end(); };
    Object.assign(env, { DATABASE_URL: url, DATABASE_SCHEMA: schema });
  } else {
    const port = await freePort();
    await startPglite({ dataDir: join(work, 'pglite'), port, logFile: join(work, 'pglite.log') });
    env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }
  const temporalPort = await freePort();
  await startTemporalDevServer({ cli: temporal.cli, dbFile: join(work, 'temporal.db'), port: temporalPort, headless: true, logFile: join(work, 'temporal.log') });
  env.TEMPORAL_ADDRESS = `127.0.0.1:${temporalPort}`;
  env.TEMPORAL_TASK_QUEUE = `fuzz-${process.pid}`;
  const run = (file) => [process.execPath, ['-r', '@swc-node/register', file]];
  if (spawnSync(...run('libs/persistence/src/migrate.cli.ts'), { stdio: 'inherit', env: { ...process.env, ...env } }).status !== 0) throw new Error('migrations failed');
  const workerLog = join(work, 'worker.log');
  const worker = startProcess('worker', ...run('apps/worker/src/main.ts'), { env, logFile: workerLog });
  await waitFor('worker', () => existsSync(workerLog) && readFileSync(workerLog, 'utf8').includes('[worker] polling'), { child: worker, timeoutMs: 180_000, intervalMs: 250 });
  const apiPort = await freePort();
  const api = startProcess('api', ...run('apps/api/src/main.ts'), { env: { ...env, API_PORT: String(apiPort) }, logFile: join(work, 'api.log') });
  const baseUrl = `http://127.0.0.1:${apiPort}/api`;
  await waitFor('API', async () => (await fetch(`${baseUrl}/health`).catch(() => null))?.ok, { child: api, timeoutMs: 120_000, intervalMs: 250 });
  return { baseUrl, password: env.DEMO_PASSWORD, dropSchema, apiLog: join(work, 'api.log') };
}

const work = mkdtempSync(join(tmpdir(), 'sendflow-fuzz-'));
let world = null;
const teardown = async () => {
  // Keep the API's log: a crash or a 5xx is explained there.
  if (world?.apiLog && existsSync(world.apiLog)) writeFileSync(join(process.cwd(), '.tools', 'fuzz-api.log'), readFileSync(world.apiLog));
  await stopAll(); await world?.dropSchema?.().catch(() => undefined); rmSync(work, { recursive: true, force: true }); };
onShutdown(teardown);
let code = 1;
try {
  installSchemathesis();
  world = process.env.FUZZ_BASE_URL
    ? { baseUrl: process.env.FUZZ_BASE_URL, password: process.env.DEMO_PASSWORD }
    : await startWorld(work);
  const schemaFile = join(work, 'openapi.json');
  writeFileSync(schemaFile, await (await fetch(`${world.baseUrl}/docs-json`)).text());
  const baseUrl = world.baseUrl.replace(/\/api$/, '');
  const maxExamples = process.env.FUZZ_MAX_EXAMPLES || '30';
  const summary = [];
  const only = process.env.FUZZ_ROLES?.split(',');
  const roles = [['anonymous', null], ...Object.entries(ROLES)].filter(([r]) => !only || only.includes(r));
  // Every session first: the anonymous run's failed sign-ins must not stand between a role and its session.
  const sessions = Object.fromEntries(await Promise.all(roles.filter(([, e]) => e).map(async ([r, e]) => [r, await signIn(world.baseUrl, e, world.password)])));
  for (const [role] of roles) {
    const headers = [];
    const s = sessions[role];
    if (s) headers.push('-H', `Cookie: ${s.cookie}`, '-H', `x-csrf-token: ${s.csrfToken}`);
    log(`role ${role}: schemathesis run (max ${maxExamples} examples per operation)`);
    const t0 = Date.now();
    // Sign-out, password changes and deactivation would end the fuzzing session itself.
    const r = await stAsync(['run', schemaFile, '--url', baseUrl, ...headers,
      '--checks', 'not_a_server_error,response_schema_conformance', '--max-examples', maxExamples,
      '--exclude-path-regex', 'sign-out|/auth/password|/deactivate|/oidc/', '--no-color', '--suppress-health-check', 'all',
      '--request-timeout', '30', '--workers', '1']);
    const out = `${r.stdout}\n${r.stderr}`;
    writeFileSync(join(process.cwd(), '.tools', `fuzz-${role}.log`), out);
    const tail = out.trim().split('\n').slice(-12).join('\n');
    summary.push({ role, exit: r.status, seconds: Math.round((Date.now() - t0) / 1000), serverErrors: (out.match(/Server error/g) ?? []).length, schemaViolations: (out.match(/Response violates schema/g) ?? []).length });
    console.log(tail);
    const health = await fetch(`${world.baseUrl}/health`).then((r) => r.status, (e) => `unreachable (${e.cause?.message ?? e.message})`);
    log(`after role ${role}: /health ${health}`);
  }
  console.log('\n[fuzz] summary (full output in .tools/fuzz-<role>.log)');
  console.table(summary);
  console.log(JSON.stringify({ schemathesis: SCHEMATHESIS_VERSION, maxExamples: Number(maxExamples), summary }));
  code = summary.every((s) => s.serverErrors === 0) ? 0 : 1;
} catch (err) {
  console.error(`[fuzz] ${err instanceof Error ? err.message : err}${err?.cause ? ` (${err.cause.message ?? err.cause})` : ''}`);
} finally {
  await teardown();
  process.exit(code);
}
