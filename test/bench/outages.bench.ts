/**
 * `npm run bench:outages`: the outages of issue 10 at full length, around live traffic, measured.
 * A script that prints figures, not a test: it asserts nothing, `npm test` never runs it, and it
 * prints PASS or MISS against each bound the issue sets. test/outages.e2e.ts and
 * test/faults.e2e.ts run short versions of the same outages and assert.
 *
 *   npm run bench:outages -- [--temporal-down 60] [--db-down 60] [--worker-down 90]
 *
 * With no option all three scenarios run at those lengths; naming some runs only those (0 skips).
 * It brings up its own world as `npm test` does: a headless Temporal dev server on a temporary
 * SQLite file, the PostgreSQL at DATABASE_URL in a fresh schema (dropped afterwards) or else a
 * fresh embedded PGlite, behind a TCP proxy (test/support/tcp-proxy.ts) so the database can be cut
 * as clients see it; the API in this process (test/support/stack.ts) and the worker as a process
 * of its own, so it can be SIGKILLed. Each scenario:
 *
 *   1. prepares requests with their triage task open (to complete during the outage);
 *   2. starts the client loop of test/support/outage-traffic.ts (reads, health, sign-ins, intakes,
 *      completions, each write with its own Idempotency-Key);
 *   3. takes the part down: Temporal SIGKILLed, the database cut (every connection dropped, new
 *      ones refused), or the worker SIGKILLed; after the given seconds brings it back (the dev
 *      server restarted on its SQLite file, the proxy restored, a new worker process);
 *   4. keeps the traffic going until every kind of call has succeeded again (at most 90 s);
 *   5. retries every write not yet acknowledged with its own key, waiting as Retry-After says;
 *   6. counts what every acknowledged write left behind: lost, or applied twice.
 *
 * The API logs at LOG_LEVEL, `fatal` unless set (each 503 is an error line, which would bury the
 * table). Printed per scenario and per kind of call, for the time before the outage, during it and after
 * the part is back: count, p50/p95/max latency and status counts; the time from the part being
 * back to the first success; and a JSON line with all of it.
 */
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { httpClient, type HttpResult } from '../support/http';
import { clientLoop, countEffects, percentile, prepareTriage, settle, type EffectCount, type SentWrite, type TrafficPace } from '../support/outage-traffic';
import { devServerHealthy, freePort, spawnLogged, startDevServer, stopChild, waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

interface InfraProcesses {
  startPglite(o: { dataDir: string; port: number; logFile?: string }): Promise<ChildProcess>;
  stopAll(): Promise<void>;
  onShutdown(fn: (signal: string) => Promise<void>): void;
}
interface InfraProvision { provisionTemporal(o?: { quiet?: boolean }): { cli: string; testServer: string } }

const root = resolve(__dirname, '..', '..');
const infra = <T>(file: string): Promise<T> => import(join(root, 'infra', file));
const log = (m: string) => console.log(`[outage-bench] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loadavg = () => Number(os.loadavg()[0].toFixed(2));

/** The bench's client: a call every 250 ms for reads and health, a sign-in every 3 s, an intake every 1 s, a completion every 3 s. */
const PACE: TrafficPace = { readMs: 250, healthMs: 250, signInMs: 3000, intakeMs: 1000, completionMs: 3000 };
const LEAD_MS = 5_000;
const TAIL_MIN_MS = 5_000;
const TAIL_MAX_MS = 90_000;
/** The API's completion bound (TASK_COMPLETION_WAIT_MS default) and the slack allowed over it. */
const COMPLETION_WAIT_MS = Number(process.env.TASK_COMPLETION_WAIT_MS || 10_000);
const COMPLETION_SLACK_MS = 1_000;

function options() {
  const { values } = parseArgs({
    options: { 'temporal-down': { type: 'string' }, 'db-down': { type: 'string' }, 'worker-down': { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log('usage: npm run bench:outages -- [--temporal-down 60] [--db-down 60] [--worker-down 90]\n'
      + '(seconds; with none, all three at those lengths; naming some runs only those; DATABASE_URL to use PostgreSQL instead of PGlite)');
    process.exit(0);
  }
  const given = values['temporal-down'] !== undefined || values['db-down'] !== undefined || values['worker-down'] !== undefined;
  const secs = (name: string, raw: string | undefined, dflt: number) => {
    if (raw === undefined) return given ? 0 : dflt;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number of seconds >= 0 (got ${raw})`);
    return v;
  };
  return {
    temporal: secs('temporal-down', values['temporal-down'], 60),
    db: secs('db-down', values['db-down'], 60),
    worker: secs('worker-down', values['worker-down'], 90),
  };
}

// ---------------------------------------------------------------------------------------------
// figures

type Kind = 'read' | 'sign-in' | 'health' | 'intake' | 'completion';
const KINDS: Kind[] = ['read', 'sign-in', 'health', 'intake', 'completion'];
interface Call { kind: Kind; at: number; ms: number; status: number; retryAfter: boolean; straddles?: boolean }
interface Figures { n: number; p50: number; p95: number; max: number; statuses: Record<string, number>; retryAfter: number }

function callsOf(loop: ReturnType<typeof clientLoop>): Call[] {
  const of = (kind: Kind, t: { at: number; ms: number; res: HttpResult }): Call => ({ kind, at: t.at, ms: t.ms, status: t.res.status, retryAfter: /^\d+$/.test(t.res.headers?.get('retry-after') ?? '') });
  return [
    ...loop.reads.map((t) => of('read', t)),
    ...loop.health.map((t) => of('health', t)),
    ...loop.signIns.map((s): Call => ({ kind: 'sign-in', at: s.at, ms: s.ms, status: s.status, retryAfter: false })),
    ...loop.writes.map((w) => of(w.kind, w.first)),
  ].sort((a, b) => a.at - b.at);
}

function figures(calls: Call[]): Figures {
  const ms = calls.map((c) => c.ms);
  const statuses: Record<string, number> = {};
  for (const c of calls) statuses[c.status] = (statuses[c.status] ?? 0) + 1;
  return { n: calls.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(0, ...ms), statuses, retryAfter: calls.filter((c) => c.retryAfter).length };
}

interface Bound { what: string; pass: boolean; measured: string }
const ok2xx = (s: number) => s >= 200 && s < 300;

interface ScenarioResult {
  scenario: string;
  downSeconds: number;
  loadBefore: number;
  loadAfter: number;
  /** Seconds from the part being brought back (restart / restore) to it answering again. */
  backAfterS: number;
  phases: Record<'before' | 'during' | 'after', Partial<Record<Kind, Figures>>>;
  /** Seconds from the part being back to the first 2xx answer of each kind (null: none). */
  firstSuccessAfterS: Partial<Record<Kind, number | null>>;
  /** Seconds from the part being back to the answer of the last call of each kind that failed after it (null: none failed). */
  lastFailureAfterS: Partial<Record<Kind, number | null>>;
  /** Per kind, the calls from 5 s before the part was back until the first success: "status@start s (ms)", start relative to it being back. */
  recovery: Partial<Record<Kind, string[]>>;
  settle: { writes: number; retried: number; retries: number; acknowledged: number; unacknowledged: number; seconds: number; error?: string };
  effects: { intakes: EffectCount; completions: EffectCount };
  bounds: Bound[];
}

// ---------------------------------------------------------------------------------------------

interface Part {
  name: string;
  title: string;
  /** How long bringing it back may take (a worker bundles its workflows first): more tasks are prepared to cover it. */
  restartAllowanceMs: number;
  /** Takes the part down; resolves when it is down. */
  down(): Promise<void>;
  /** Brings it back; resolves when it answers again. */
  up(): Promise<void>;
  /** The bounds the issue sets for the calls made while the part is down. */
  bounds(during: Call[], stats: (k: Kind) => Figures | undefined, before: (k: Kind) => Figures | undefined): Bound[];
}

async function runScenario(stack: Stack, part: Part, downSeconds: number): Promise<ScenarioResult> {
  const http = httpClient(stack.baseUrl);
  const loadBefore = loadavg();
  const completions = Math.ceil((LEAD_MS + downSeconds * 1000 + part.restartAllowanceMs + 30_000) / PACE.completionMs) + 2;
  log(`${part.title}: preparing ${completions} requests at triage (load ${loadBefore})`);
  const triageIds = await prepareTriage(http, completions, { timeoutMs: 180_000 });

  log(`${part.title}: traffic on; down in ${LEAD_MS / 1000} s for ${downSeconds} s`);
  const loop = clientLoop(http, stack.baseUrl, triageIds, PACE);
  await sleep(LEAD_MS);
  await part.down();
  const downAt = Date.now();
  await sleep(downSeconds * 1000);
  const upAt = Date.now();
  log(`${part.title}: bringing it back`);
  await part.up();
  const backAt = Date.now();
  log(`${part.title}: back after ${((backAt - upAt) / 1000).toFixed(1)} s; traffic until every kind has succeeded again`);
  const until = backAt + TAIL_MAX_MS;
  for (;;) {
    await sleep(500);
    const calls = callsOf(loop);
    const succeeded = new Set(calls.filter((c) => c.at >= backAt && ok2xx(c.status)).map((c) => c.kind));
    const needed = KINDS.filter((k) => k !== 'completion' || triageIds.length > 0 || calls.some((c) => c.kind === 'completion' && c.at >= backAt));
    if ((Date.now() - backAt >= TAIL_MIN_MS && needed.every((k) => succeeded.has(k))) || Date.now() > until) break;
  }
  await loop.stop();
  const calls = callsOf(loop);

  const phase = (from: number, to: number) => {
    const out: Partial<Record<Kind, Figures>> = {};
    for (const k of KINDS) {
      const cs = calls.filter((c) => c.kind === k && c.at >= from && c.at < to);
      if (cs.length) out[k] = figures(cs);
    }
    return out;
  };
  // "During" is from the moment the part is down until it answers again. A call answered after the
  // part was back, or made once it was being brought back (the restarted server may answer the API
  // before the bench's own readiness poll sees it), may rightly succeed: its status is not judged.
  const during = calls.filter((c) => c.at >= downAt && c.at < backAt).map((c) => ({ ...c, straddles: c.at + c.ms > backAt || c.at >= upAt }));
  const phases = { before: phase(0, downAt), during: phase(downAt, backAt), after: phase(backAt, Infinity) };
  const firstSuccessAfterS: ScenarioResult['firstSuccessAfterS'] = {};
  const lastFailureAfterS: ScenarioResult['lastFailureAfterS'] = {};
  for (const k of KINDS) {
    const after = calls.filter((c) => c.kind === k && c.at >= backAt);
    const first = after.find((c) => ok2xx(c.status));
    firstSuccessAfterS[k] = first ? Number(((first.at + first.ms - backAt) / 1000).toFixed(2)) : null;
    const failures = after.filter((c) => !ok2xx(c.status));
    const last = failures.at(-1);
    lastFailureAfterS[k] = last ? Number(((last.at + last.ms - backAt) / 1000).toFixed(2)) : null;
  }

  const recovery: ScenarioResult['recovery'] = {};
  for (const k of KINDS) {
    const near = calls.filter((c) => c.kind === k && c.at >= backAt - 5000);
    const firstOk = near.findIndex((c) => c.at >= backAt && ok2xx(c.status));
    recovery[k] = near.slice(0, firstOk < 0 ? 12 : firstOk + 1).slice(-12).map((c) => `${c.status}@${((c.at - backAt) / 1000).toFixed(1)}s(${c.ms}ms)`);
  }

  // Clients retry what was not acknowledged, with the same key, as Retry-After says.
  const t = Date.now();
  const writes: SentWrite[] = loop.writes;
  let settleError: string | undefined;
  try {
    await settle(writes, { timeoutMs: 180_000, intervalMs: 1000, honourRetryAfter: true });
  } catch (err) {
    settleError = err instanceof Error ? err.message : String(err);
  }
  const settleFigures = {
    writes: writes.length,
    retried: writes.filter((w) => w.retries.length).length,
    retries: writes.reduce((n, w) => n + w.retries.length, 0),
    acknowledged: writes.filter((w) => w.acknowledged).length,
    unacknowledged: writes.filter((w) => !w.acknowledged).length,
    seconds: Number(((Date.now() - t) / 1000).toFixed(1)),
    ...(settleError ? { error: settleError } : {}),
  };
  log(`${part.title}: ${settleFigures.acknowledged}/${settleFigures.writes} writes acknowledged (${settleFigures.retries} retries in ${settleFigures.seconds} s); counting their effects`);
  const effects = await countEffects(stack.ds, writes, { timeoutMs: 240_000 });

  const stats = (k: Kind) => phases.during[k];
  const bounds = [
    ...part.bounds(during, stats, (k) => phases.before[k]),
    {
      what: 'acknowledged actions lost / applied twice: 0 / 0',
      pass: effects.intakes.lost + effects.completions.lost + effects.intakes.twice + effects.completions.twice === 0 && settleFigures.unacknowledged === 0,
      measured: `${effects.intakes.lost + effects.completions.lost} / ${effects.intakes.twice + effects.completions.twice}`
        + ` (of ${effects.intakes.acknowledged} intakes, ${effects.completions.acknowledged} completions; ${settleFigures.unacknowledged} never acknowledged)`,
    },
  ];
  return {
    scenario: part.name, downSeconds, loadBefore, loadAfter: loadavg(), backAfterS: Number(((backAt - upAt) / 1000).toFixed(1)),
    phases, firstSuccessAfterS, lastFailureAfterS, recovery, settle: settleFigures, effects, bounds,
  };
}

// Bounds, named as the issue sets them.
const quick = (k: Kind, label: string, wantStatus: (s: number) => boolean, statusLabel: string, stats: (k: Kind) => Figures | undefined, during: Call[], before: (k: Kind) => Figures | undefined, p95Ms = 200): Bound => {
  const f = stats(k);
  const b = before(k);
  const cs = during.filter((c) => c.kind === k);
  const bad = cs.filter((c) => !c.straddles && !wantStatus(c.status));
  return {
    what: `${label}: ${statusLabel}, p95 < ${p95Ms} ms`,
    pass: !!f && f.n > 0 && bad.length === 0 && f.p95 < p95Ms,
    // The same calls' p95 before the outage says how much of a miss is the machine's load.
    measured: `${f ? `n ${f.n}, p95 ${f.p95} ms, max ${f.max} ms, ${fmtStatuses(f.statuses)}` : 'no calls'}${b ? ` (before the outage: p95 ${b.p95} ms)` : ''}${straddling(cs)}`,
  };
};
const refused = (k: Kind, label: string, withinMs: number, during: Call[], stats: (k: Kind) => Figures | undefined, accept: (s: number) => boolean = (s) => s === 503, acceptLabel = '503 + Retry-After'): Bound => {
  const f = stats(k);
  const cs = during.filter((c) => c.kind === k);
  // Sign-in failures are recorded without their headers: only their status is judged.
  const bad = cs.filter((c) => !c.straddles && (!accept(c.status) || (c.status === 503 && !c.retryAfter && k !== 'sign-in')));
  return {
    what: `${label}: ${acceptLabel}, every answer within ${withinMs / 1000} s`,
    pass: cs.length > 0 && bad.length === 0 && (f?.max ?? Infinity) < withinMs,
    measured: `${f ? `n ${f.n}, p95 ${f.p95} ms, max ${f.max} ms, ${fmtStatuses(f.statuses)}, Retry-After on ${f.retryAfter}` : 'no calls'}${straddling(cs)}`,
  };
};
const straddling = (cs: Call[]) => {
  const n = cs.filter((c) => c.straddles).length;
  return n ? `; ${n} made while it was being brought back or answered after (status not judged)` : '';
};
const fmtStatuses = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}×${v}`).join(' ');

// ---------------------------------------------------------------------------------------------
// printing

function printScenario(r: ScenarioResult) {
  const lines: string[] = [];
  lines.push('');
  lines.push(`== ${r.scenario}: down ${r.downSeconds} s, back (answering) ${r.backAfterS} s after being restarted/restored; 1-min load ${r.loadBefore} before, ${r.loadAfter} after`);
  lines.push(`| phase | call | n | p50 ms | p95 ms | max ms | statuses | Retry-After |`);
  lines.push(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const ph of ['before', 'during', 'after'] as const) {
    for (const k of KINDS) {
      const f = r.phases[ph][k];
      if (f) lines.push(`| ${ph} | ${k} | ${f.n} | ${f.p50} | ${f.p95} | ${f.max} | ${fmtStatuses(f.statuses)} | ${f.retryAfter} |`);
    }
  }
  lines.push(`first success after the part is back (s): ${KINDS.map((k) => `${k} ${r.firstSuccessAfterS[k] ?? '-'}`).join(', ')}`);
  lines.push(`last failure after the part is back (s):  ${KINDS.map((k) => `${k} ${r.lastFailureAfterS[k] ?? '-'}`).join(', ')}`);
  for (const k of KINDS) if (r.recovery[k]?.length) lines.push(`  ${k} around recovery: ${r.recovery[k]!.join(' ')}`);
  lines.push(`retries after the outage: ${r.settle.retried} of ${r.settle.writes} writes retried (${r.settle.retries} retries, ${r.settle.seconds} s); ${r.settle.acknowledged} acknowledged${r.settle.error ? `; error: ${r.settle.error}` : ''}`);
  const e = r.effects;
  lines.push(`acknowledged actions lost / applied twice: intakes ${e.intakes.lost} / ${e.intakes.twice} of ${e.intakes.acknowledged}; completions ${e.completions.lost} / ${e.completions.twice} of ${e.completions.acknowledged}`);
  for (const d of [...e.intakes.detail, ...e.completions.detail].slice(0, 10)) lines.push(`  ${d}`);
  for (const b of r.bounds) lines.push(`${b.pass ? 'PASS' : 'MISS'}  ${b.what} — ${b.measured}`);
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = options();
  process.chdir(root);
  const { provisionTemporal } = await infra<InfraProvision>('provision-temporal.mjs');
  const px = await infra<InfraProcesses>('processes.mjs');
  // Its own dev server and task queue: never an outer cluster (a payload key is made for the run).
  for (const k of Object.keys(process.env)) if (k.startsWith('TEMPORAL_') && !/^TEMPORAL_(CLI|TEST_SERVER)_PATH$/.test(k)) delete process.env[k];
  delete process.env.DEMO_PASSWORD; // startStack seeds the demo users with a password of its own
  const work = mkdtempSync(join(os.tmpdir(), 'sendflow-outage-bench-'));
  const logs = { temporal: join(work, 'temporal.log'), pglite: join(work, 'pglite.log'), worker: join(work, 'worker.log') };
  let temporal: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let stack: Stack | undefined;
  let proxy: TcpProxy | undefined;
  let dropSchema: (() => Promise<void>) | null = null;
  let tornDown = false;
  const teardown = async () => {
    if (tornDown) return;
    tornDown = true;
    proxy?.restore();
    await stopChild(worker, 'SIGKILL');
    await stack?.close().catch(() => undefined);
    await proxy?.close();
    await stopChild(temporal);
    await px.stopAll();
    if (dropSchema) await dropSchema().catch((e) => console.warn(`[outage-bench] could not drop schema: ${e instanceof Error ? e.message : e}`));
    rmSync(work, { recursive: true, force: true });
  };
  px.onShutdown(async () => { log('interrupted: stopping...'); await teardown(); });

  const results: ScenarioResult[] = [];
  let dbKind = '';
  try {
    const tools = provisionTemporal({ quiet: true });
    if (!existsSync(tools.cli)) throw new Error(`Temporal CLI not found at ${tools.cli}: needs python3 with pip (see README), or TEMPORAL_CLI_PATH`);

    let url: string;
    let schema = '';
    if (process.env.DATABASE_URL) {
      url = process.env.DATABASE_URL;
      schema = `sendflow_outage_${Date.now().toString(36)}_${process.pid}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`CREATE SCHEMA "${schema}"`);
      dbKind = `PostgreSQL ${String((await c.query('SHOW server_version')).rows[0].server_version)}`;
      await c.end();
      dropSchema = async () => {
        const d = new pg.Client({ connectionString: url });
        await d.connect();
        await d.query(`DROP SCHEMA "${schema}" CASCADE`);
        await d.end();
      };
    } else {
      const port = await freePort();
      await px.startPglite({ dataDir: join(work, 'pglite'), port, logFile: logs.pglite });
      url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      dbKind = 'embedded PGlite';
    }
    const target = new URL(url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
    log(`database: ${dbKind}${schema ? `, fresh schema ${schema}` : ''}, behind a TCP proxy on ${proxy.port}`);

    const temporalPort = await freePort();
    const temporalDb = join(work, 'temporal.db');
    temporal = startDevServer(tools.cli, temporalDb, temporalPort, logs.temporal);
    await waitUntil('Temporal dev server', () => devServerHealthy(tools.cli, temporalPort));
    const temporalAddress = `127.0.0.1:${temporalPort}`;
    log(`Temporal dev server on ${temporalAddress}`);

    // test/support/stack.ts reads the settings `npm test` hands to test files.
    Object.assign(process.env, {
      DATABASE_URL: target.toString(), DATABASE_SCHEMA: schema, TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_CLI_PATH: tools.cli, TEMPORAL_TEST_SERVER_PATH: tools.testServer, SENDFLOW_TEST_WORK_DIR: work,
      TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: process.env.LOG_LEVEL ?? 'fatal', SEED_DEMO: '1',
    });
    if (!schema) delete process.env.DATABASE_SCHEMA;
    stack = await startStack({ withWorker: false, temporalAddress });
    const taskQueue = stack.taskQueue;

    let workerLogSeen = 0;
    const startWorker = async () => {
      workerLogSeen = existsSync(logs.worker) ? readFileSync(logs.worker, 'utf8').length : 0;
      worker = spawnLogged(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
        TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_ADDRESS: temporalAddress, DATABASE_URL: target.toString(), ...(schema ? { DATABASE_SCHEMA: schema } : {}),
      }, logs.worker);
      const child = worker;
      await waitUntil('worker polling', () => {
        if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${readFileSync(logs.worker, 'utf8').slice(workerLogSeen, workerLogSeen + 2000)}`);
        return existsSync(logs.worker) && readFileSync(logs.worker, 'utf8').slice(workerLogSeen).includes('[worker] polling');
      }, 240_000);
    };
    await startWorker();
    log(`API on ${stack.baseUrl} (in this process), worker pid ${worker!.pid} on ${taskQueue}; 1-min load ${loadavg()}`);

    const parts: [Part, number][] = [];
    if (opts.temporal) parts.push([{
      name: 'temporal-down',
      restartAllowanceMs: 10_000,
      title: `Temporal dev server SIGKILLed for ${opts.temporal} s`,
      async down() { const s = temporal!; s.kill('SIGKILL'); await new Promise((r) => s.once('exit', r)); },
      async up() {
        temporal = startDevServer(tools.cli, temporalDb, temporalPort, logs.temporal);
        await waitUntil('Temporal dev server after the kill', () => devServerHealthy(tools.cli, temporalPort));
      },
      bounds: (during, stats, before) => [
        quick('read', 'reads', (s) => s === 200, '200', stats, during, before),
        quick('sign-in', 'sign-in', (s) => s === 200, '200', stats, during, before),
        quick('health', '/health', (s) => s === 503, 'answers (503, temporal down)', stats, during, before),
        refused('intake', 'intakes', 5000, during, stats),
        refused('completion', 'completions', 5000, during, stats),
      ],
    }, opts.temporal]);
    if (opts.db) parts.push([{
      name: 'database-down',
      restartAllowanceMs: 0,
      title: `database cut for ${opts.db} s`,
      async down() { proxy!.cut(); },
      async up() { proxy!.restore(); },
      // The issue sets bounds for Temporal; for the database, the e2e's: every call 503 + Retry-After within 5 s.
      bounds: (during, stats) => KINDS.map((k) => refused(k, `${k} (the e2e's bound)`, 5000, during, stats, undefined, k === 'sign-in' ? '503' : undefined)),
    }, opts.db]);
    if (opts.worker) parts.push([{
      name: 'worker-down',
      restartAllowanceMs: 60_000,
      title: `worker SIGKILLed for ${opts.worker} s`,
      async down() { const w = worker!; w.kill('SIGKILL'); await new Promise((r) => w.once('exit', r)); },
      up: startWorker,
      bounds: (during, stats, before) => [
        quick('read', 'reads', (s) => s === 200, '200', stats, during, before),
        quick('sign-in', 'sign-in', (s) => s === 200, '200', stats, during, before),
        quick('health', '/health', (s) => s === 200, '200', stats, during, before),
        refused('intake', 'intakes', 5000, during, stats, (s) => s === 201, '201'),
        refused('completion', 'completions', COMPLETION_WAIT_MS + COMPLETION_SLACK_MS, during, stats, (s) => s === 503 || s === 202, '503 + Retry-After (or 202)'),
      ],
    }, opts.worker]);

    for (const [part, secs] of parts) {
      const r = await runScenario(stack, part, secs);
      printScenario(r);
      results.push(r);
    }
  } finally {
    await teardown();
  }
  const summary = {
    date: new Date().toISOString(), machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GB`, node: process.version, database: dbKind,
    pace: PACE, completionWaitMs: COMPLETION_WAIT_MS,
    scenarios: results.map((r) => ({ ...r, effects: { intakes: { ...r.effects.intakes, detail: r.effects.intakes.detail.slice(0, 10) }, completions: { ...r.effects.completions, detail: r.effects.completions.detail.slice(0, 10) } } })),
  };
  console.log('');
  console.log(`[outage-bench] ${results.flatMap((r) => r.bounds).filter((b) => !b.pass).length} bound(s) missed of ${results.flatMap((r) => r.bounds).length}`);
  console.log(`OUTAGE_BENCH_JSON ${JSON.stringify(summary)}`);
}

main().then(() => process.exit(0), (err) => {
  console.error(`[outage-bench] failed: ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
