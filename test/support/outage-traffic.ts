import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { requestWorkflowId } from '@sendflow/domain';
import { newRequestBody } from './fixtures';
import { eventually, signIn, USERS, type httpClient, type HttpResult } from './http';
import { waitForOpenTask } from './tasks';

/**
 * Live traffic around an outage, shared by test/outages.e2e.ts (short outages, asserted) and
 * test/bench/outages.bench.ts (full-length outages, measured): a client loop that keeps reading,
 * signing in, checking health, posting intakes and completing tasks, each write with its own
 * Idempotency-Key; the retries a client makes after the outage; and a count of what every
 * acknowledged write left behind (lost, or applied twice).
 */

type Http = ReturnType<typeof httpClient>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Timed<T = any> { res: HttpResult<T>; ms: number; at: number }
export const timed = async <T>(call: () => Promise<HttpResult<T>>): Promise<Timed<T>> => {
  const t = Date.now();
  const res = await call();
  return { res, ms: Date.now() - t, at: t };
};

export const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * (p / 100)) - 1)] ?? 0;
export const p95 = (xs: number[]) => percentile(xs, 95);

export interface Write {
  kind: 'intake' | 'completion';
  key: string;
  send: () => Promise<HttpResult>;
  taskId?: string;
  body?: ReturnType<typeof newRequestBody>;
}
export interface SentWrite extends Write {
  first: Timed;
  /** Every retry `settle` made, in order (the first answer excluded). */
  retries: Timed[];
  /** The 2xx answer that acknowledged it, if any. */
  acknowledged?: Timed;
}
export interface SignInCall { ok: boolean; status: number; ms: number; at: number }

/** How often each kind of call is made (ms between one answer and the next call). */
export interface TrafficPace { readMs: number; healthMs: number; signInMs: number; intakeMs: number; completionMs: number }
export const E2E_PACE: TrafficPace = { readMs: 250, healthMs: 250, signInMs: 3000, intakeMs: 500, completionMs: 1500 };

/**
 * Keeps a realistic mix going until `stop()`: reads and health checks, sign-ins, intakes (the next
 * one `intakeMs` after the last answer) and completions of the prepared triage tasks (one every
 * `completionMs`, not waiting for each other's answers).
 */
export function clientLoop(http: Http, baseUrl: string, triageIds: string[], pace: TrafficPace = E2E_PACE) {
  const reads: Timed[] = [];
  const health: Timed[] = [];
  const signIns: SignInCall[] = [];
  const writes: SentWrite[] = [];
  let running = true;
  const loops = [
    (async () => { while (running) { reads.push(await timed(() => http.get('/requests?limit=5', USERS.coordinator))); await sleep(pace.readMs); } })(),
    (async () => { while (running) { health.push(await timed(() => http.get('/health', null))); await sleep(pace.healthMs); } })(),
    (async () => {
      while (running) {
        const at = Date.now();
        const status = await signIn(baseUrl, USERS.auditor, process.env.DEMO_PASSWORD!).then(() => 200, (e: Error) => Number(/failed: (\d+)/.exec(e.message)?.[1] ?? 0));
        signIns.push({ ok: status === 200, status, ms: Date.now() - at, at });
        await sleep(pace.signInMs);
      }
    })(),
    // Intakes and completions in loops of their own, so a slow 503 of one does not starve the other.
    (async () => {
      while (running) {
        const key = `outage-${randomUUID()}`;
        const body = newRequestBody();
        const send = () => http.post('/requests', USERS.coordinator, body, { 'idempotency-key': key });
        writes.push({ kind: 'intake', key, body, send, first: await timed(send), retries: [] });
        await sleep(pace.intakeMs);
      }
    })(),
    (async () => {
      // Not one after another: a completion that waits out its bound (202) must not hold up the next.
      const inflight: Promise<void>[] = [];
      await sleep(300);
      for (let taskId = triageIds.shift(); running && taskId; taskId = triageIds.shift()) {
        const key = `outage-${randomUUID()}`;
        const id = taskId;
        const send = () => http.post(`/tasks/${id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true } }, { 'idempotency-key': key });
        inflight.push(timed(send).then((first) => { writes.push({ kind: 'completion', key, taskId: id, send, first, retries: [] }); }));
        await sleep(pace.completionMs);
      }
      await Promise.all(inflight);
    })(),
  ];
  return {
    reads, health, signIns, writes,
    async stop() {
      running = false;
      await Promise.all(loops);
      for (const w of writes) if (!w.acknowledged && isAck(w.first.res.status)) w.acknowledged = w.first;
    },
  };
}

const isAck = (status: number) => status >= 200 && status < 300;

/**
 * Retries each write not yet acknowledged with its own key until it is (2xx), as a client would.
 * `honourRetryAfter` waits as long as each 503's Retry-After says (capped at `intervalMs` × 10);
 * otherwise it retries every `intervalMs`. Throws on any answer other than 2xx or 503, or after
 * `timeoutMs` per write.
 */
export async function settle(writes: SentWrite[], { timeoutMs = 60_000, intervalMs = 1000, honourRetryAfter = false } = {}) {
  for (const w of writes) {
    if (!w.acknowledged && isAck(w.first.res.status)) w.acknowledged = w.first;
    if (w.acknowledged) continue;
    let last = w.first;
    const until = Date.now() + timeoutMs;
    for (;;) {
      const retryAfterS = Number(last.res.headers?.get('retry-after'));
      const wait = honourRetryAfter && Number.isFinite(retryAfterS) && retryAfterS > 0 ? Math.min(retryAfterS * 1000, intervalMs * 10) : intervalMs;
      // The wait counts from the last answer.
      await sleep(Math.max(0, last.at + last.ms + wait - Date.now()));
      const r = await timed(w.send);
      w.retries.push(r);
      last = r;
      if (isAck(r.res.status)) { w.acknowledged = r; break; }
      if (r.res.status !== 503) throw new Error(`${w.kind} retry answered ${r.res.status}: ${JSON.stringify(r.res.body)}`);
      if (Date.now() > until) throw new Error(`timed out waiting for ${w.kind} acknowledged after the outage`);
    }
  }
}

/** Requests with their triage task open, to complete while a part is down. */
export async function prepareTriage(http: Http, n: number, { timeoutMs = 30_000 } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    if (created.status !== 201) throw new Error(`preparing triage tasks: intake answered ${created.status}`);
    ids.push(created.body.id);
  }
  const out: string[] = [];
  // In turn, so a loaded machine's slow first tasks wait one poll loop at a time.
  for (const id of ids) {
    out.push((await eventually(async () => (await waitForOpenTask(http, id, USERS.coordinator, 'triage')), { what: `triage task of ${id}`, timeoutMs })).id);
  }
  return out;
}

/** What the acknowledged writes of one kind left: none missing (`lost`) and none more than once (`twice`). */
export interface EffectCount { acknowledged: number; lost: number; twice: number; detail: string[] }

/**
 * Every acknowledged intake should have one request row, one `request.create` audit row and (once
 * its workflow ran) one triage task; every acknowledged completion one `task.complete` audit row, a
 * completed task and one allocation task. Waits up to `timeoutMs` for the workflows' effects (the
 * rows are written at once), then counts.
 */
export async function countEffects(ds: DataSource, writes: SentWrite[], { timeoutMs = 60_000 } = {}): Promise<{ intakes: EffectCount; completions: EffectCount }> {
  const acked = writes.filter((w) => w.acknowledged);
  const intakeIds = acked.filter((w) => w.kind === 'intake').map((w) => requestWorkflowId(w.body!.localAuthorityCode, w.body!.laReference));
  const taskIds = acked.filter((w) => w.kind === 'completion').map((w) => w.taskId!);

  const intakeCounts = async () => {
    const rows: { workflow_id: string; rows: number; created: number; triage: number }[] = await ds.query(
      `SELECT r.workflow_id, count(DISTINCT r.id)::int AS rows,
              (SELECT count(*)::int FROM audit_events a WHERE a.action = 'request.create' AND a.request_id = r.id) AS created,
              (SELECT count(*)::int FROM tasks t WHERE t.request_id = r.id AND t.node_path = 'triage') AS triage
       FROM requests r WHERE r.workflow_id = ANY($1) GROUP BY r.id, r.workflow_id`, [intakeIds]);
    return rows;
  };
  const completionCounts = async () => {
    const rows: { id: string; status: string; completed: number; allocate: number }[] = await ds.query(
      `SELECT tr.id::text AS id, tr.status,
              (SELECT count(*)::int FROM audit_events a WHERE a.action = 'task.complete' AND a.entity_id = tr.id::text) AS completed,
              (SELECT count(*)::int FROM tasks a WHERE a.request_id = tr.request_id AND a.node_path = 'allocate') AS allocate
       FROM tasks tr WHERE tr.id = ANY($1::uuid[])`, [taskIds]);
    return rows;
  };
  const intakeDone = (rows: Awaited<ReturnType<typeof intakeCounts>>) => rows.length >= new Set(intakeIds).size && rows.every((r) => r.triage >= 1 && r.created >= 1);
  const completionDone = (rows: Awaited<ReturnType<typeof completionCounts>>) => rows.length >= taskIds.length && rows.every((r) => r.status === 'completed' && r.completed >= 1 && r.allocate >= 1);

  // Wait for the workflows to catch up (or the time to run out), then count what is there.
  await eventually(async () => intakeDone(await intakeCounts()) && completionDone(await completionCounts()), { what: 'effects of acknowledged writes', timeoutMs }).catch(() => undefined);
  const ir = await intakeCounts();
  const cr = await completionCounts();

  const intakes: EffectCount = { acknowledged: intakeIds.length, lost: 0, twice: 0, detail: [] };
  const byWorkflow = new Map<string, typeof ir>();
  for (const r of ir) byWorkflow.set(r.workflow_id, [...(byWorkflow.get(r.workflow_id) ?? []), r]);
  for (const id of intakeIds) {
    const rs = byWorkflow.get(id) ?? [];
    const r = rs[0];
    if (!r || r.created === 0 || r.triage === 0) { intakes.lost++; intakes.detail.push(`${id}: ${!r ? 'no request row' : r.created === 0 ? 'no request.create audit row' : 'no triage task'}`); }
    else if (rs.length > 1 || r.created > 1 || r.triage > 1) { intakes.twice++; intakes.detail.push(`${id}: ${rs.length} rows, ${r.created} request.create audit rows, ${r.triage} triage tasks`); }
  }
  const completions: EffectCount = { acknowledged: taskIds.length, lost: 0, twice: 0, detail: [] };
  const byTask = new Map(cr.map((r) => [r.id, r]));
  for (const id of taskIds) {
    const r = byTask.get(id);
    if (!r || r.status !== 'completed' || r.completed === 0 || r.allocate === 0) {
      completions.lost++;
      completions.detail.push(`task ${id}: ${!r ? 'no task row' : `status ${r.status}, ${r.completed} task.complete audit rows, ${r.allocate} allocation tasks`}`);
    } else if (r.completed > 1 || r.allocate > 1) {
      completions.twice++;
      completions.detail.push(`task ${id}: ${r.completed} task.complete audit rows, ${r.allocate} allocation tasks`);
    }
  }
  return { intakes, completions };
}
