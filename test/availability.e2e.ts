import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { requestWorkflowId } from '@sendflow/domain';
import { createApp } from '../apps/api/src/app.factory';
import { newRequestBody } from './support/fixtures';
import { eventually, httpClient, signIn, USERS } from './support/http';
import { freePort } from './support/processes';
import { startStack, type Stack } from './support/stack';
import { waitForOpenTask } from './support/tasks';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { testEnv } from './support/test-env';

/**
 * Availability under faults (short versions of the scenarios in issue 10): with Temporal
 * unreachable, reads, sign-in and health answer and intake is a 503 with Retry-After; with the
 * worker down a completion answers within its bound and a retry with the same key applies it
 * once; with the database cut, calls answer 503 with Retry-After (never a 500) and recover.
 * "Bounded" is checked by a generous client-side abort, never by timing assertions.
 */
/** Fails the test if the call has not answered in 30 s: an unbounded wait shows up as a failure, not a hang. */
const bounded = <T>(p: () => Promise<T>) => Promise.race([p(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 30 s')), 30_000).unref())]);

/** An API built with some settings changed, on a random port. */
async function apiWith(env: Record<string, string>): Promise<{ app: INestApplication; baseUrl: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const app = await createApp();
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    return { app, baseUrl: `http://127.0.0.1:${port}/api` };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

describe('availability under faults', () => {
  let stack: Stack;
  beforeAll(async () => { stack = await startStack(); });
  afterAll(async () => stack?.close());

  it('Temporal unreachable: reads, sign-in and health answer; intake is 503 with Retry-After and saves nothing', async () => {
    const { app, baseUrl } = await apiWith({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, TEMPORAL_CALL_TIMEOUT_MS: '2000' });
    try {
      const http = httpClient(baseUrl);
      const bodies = Array.from({ length: 6 }, () => newRequestBody());
      let intakesSettled = 0;
      const intakes = bodies.map((b) => bounded(() => http.post('/requests', USERS.coordinator, b)).finally(() => { intakesSettled++; }));
      // While the intakes wait on Temporal, nothing else waits on them (no connection is held).
      const list = await http.get('/requests?limit=5', USERS.coordinator);
      expect(list.status).toBe(200);
      expect(intakesSettled).toBeLessThan(bodies.length);
      await expect(signIn(baseUrl, USERS.auditor, process.env.DEMO_PASSWORD!)).resolves.toHaveProperty('csrfToken');
      const health = await http.get('/health', null);
      expect({ status: health.status, database: health.body.database, temporal: health.body.temporal }).toEqual({ status: 503, database: 'up', temporal: 'down' });
      expect(health.headers?.get('retry-after')).toMatch(/^\d+$/);

      for (const res of await Promise.all(intakes)) {
        expect(res.status).toBe(503);
        expect(res.headers?.get('retry-after')).toMatch(/^\d+$/);
        expect(res.body.message).toMatch(/not recorded/);
      }
      const ids = bodies.map((b) => requestWorkflowId(b.localAuthorityCode, b.laReference));
      expect(await stack.ds.query(`SELECT 1 FROM requests WHERE workflow_id = ANY($1)`, [ids])).toHaveLength(0);
    } finally {
      await app.close();
    }
  });

  it('worker down: a completion answers within its bound, and the retry with the same key applies it once', async () => {
    const { app, baseUrl } = await apiWith({ TASK_COMPLETION_WAIT_MS: '1500', TEMPORAL_TASK_QUEUE: stack.taskQueue });
    try {
      const http = httpClient(baseUrl);
      const created = await http.post('/requests', USERS.coordinator, newRequestBody());
      expect(created.status).toBe(201);
      const triage = await waitForOpenTask(http, created.body.id, USERS.coordinator, 'triage');
      await stack.stopWorker();
      const key = `fault-${randomUUID()}`;
      const body = { outcome: 'accepted', data: { complete: true } };
      const first = await bounded(() => http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, body, { 'idempotency-key': key }));
      expect(first.status).toBe(503);
      expect(first.headers?.get('retry-after')).toMatch(/^\d+$/);
      expect(first.body.message).toMatch(/may still take effect/);

      await stack.startWorker();
      const done = await eventually(async () => {
        const r = await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, body, { 'idempotency-key': key });
        if (![200, 202, 503].includes(r.status)) throw new Error(`retry answered ${r.status} ${JSON.stringify(r.body)}`);
        return r.status === 200 || r.status === 202 ? r : undefined;
      }, { what: 'completion after the worker is back', timeoutMs: 60_000, intervalMs: 500 });
      // On a loaded machine the workflow may accept the retry but not finish it within the 1.5 s
      // bound: 202, and that answer is what the key replays; the task shows the outcome.
      if (done.status === 200) expect(done.body.status).toBe('completed');
      else await eventually(async () => (await http.get(`/tasks/${triage.id}`, USERS.coordinator)).body.status === 'completed', { what: 'task completed after 202' });
      const again = await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, body, { 'idempotency-key': key });
      expect({ status: again.status, body: again.body, replayed: again.headers?.get('idempotent-replayed') }).toEqual({ status: done.status, body: done.body, replayed: 'true' });
      const audit = await stack.ds.query(`SELECT 1 FROM audit_events WHERE action = 'task.complete' AND entity_id = $1`, [triage.id]);
      expect(audit).toHaveLength(1);
    } finally {
      if (!stack.worker) await stack.startWorker();
      await app.close();
    }
  });

  it('database cut: reads and writes answer 503 with Retry-After (never 500), and answer again once it is back', async () => {
    const env = testEnv();
    const url = new URL(env.databaseUrl);
    const proxy: TcpProxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const { app, baseUrl } = await apiWith({ DATABASE_URL: url.toString(), DATABASE_ACQUIRE_TIMEOUT_MS: '1500' });
    try {
      const http = httpClient(baseUrl);
      expect((await http.get('/requests?limit=1', USERS.coordinator)).status).toBe(200);
      proxy.cut();
      const read = await bounded(() => http.get('/requests?limit=1', USERS.coordinator));
      expect(read.status).toBe(503);
      expect(read.headers?.get('retry-after')).toMatch(/^\d+$/);
      const write = await bounded(() => http.post('/requests', USERS.coordinator, newRequestBody()));
      expect(write.status).toBe(503);
      expect(write.body.message).not.toMatch(/nothing was saved/);
      const health = await http.get('/health', null);
      expect({ status: health.status, database: health.body.database }).toEqual({ status: 503, database: 'down' });
      proxy.restore();
      await eventually(async () => (await http.get('/requests?limit=1', USERS.coordinator)).status === 200, { what: 'reads after the database is back', timeoutMs: 30_000 });
    } finally {
      proxy.restore();
      await app.close();
      await proxy.close();
    }
  });
});

describe('Idempotency-Key replays the first answer', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  const metricsToken = randomUUID() + randomUUID();
  beforeAll(async () => {
    process.env.METRICS_TOKEN = metricsToken;
    stack = await startStack();
    http = httpClient(stack.baseUrl);
  });
  afterAll(async () => stack?.close());

  it('50 concurrent identical completions with one key: one effect, one audit row, 50 identical answers', async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    const triage = await waitForOpenTask(http, created.body.id, USERS.coordinator, 'triage');
    const key = randomUUID();
    const body = { outcome: 'accepted', data: { complete: true } };
    const answers = await Promise.all(Array.from({ length: 50 }, () => http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, body, { 'idempotency-key': key })));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const audit = await stack.ds.query(`SELECT 1 FROM audit_events WHERE action = 'task.complete' AND entity_id = $1`, [triage.id]);
    expect(audit).toHaveLength(1);

    const later = await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, body, { 'idempotency-key': key });
    expect({ status: later.status, body: later.body }).toEqual({ status: 200, body: answers[0].body });
    const other = await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'rejected', data: { reason: 'x' } }, { 'idempotency-key': key });
    expect({ status: other.status, field: other.body.issues?.[0]?.field }).toEqual({ status: 422, field: 'Idempotency-Key' });
    // The same key from another caller is their own key.
    const byOther = await http.post(`/tasks/${triage.id}/complete`, USERS.slt, body, { 'idempotency-key': key });
    expect(byOther.status).not.toBe(200);
  });

  it('a repeated intake with its key answers 201 with the same body, recorded once', async () => {
    const body = newRequestBody();
    const key = randomUUID();
    const [a, b] = await Promise.all([1, 2].map(() => http.post('/requests', USERS.coordinator, body, { 'idempotency-key': key })));
    const c = await http.post('/requests', USERS.coordinator, body, { 'idempotency-key': key });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    const audit = await stack.ds.query(`SELECT action FROM audit_events WHERE request_id = $1 AND action LIKE 'request.create%'`, [a.body.id]);
    expect(audit).toEqual([{ action: 'request.create' }]);
  });

  it('metrics: Prometheus text for a scraper with the token or an admin, nobody else', async () => {
    const scrape = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    const text = await scrape.text();
    expect(scrape.status).toBe(200);
    expect(text).toMatch(/sendflow_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/api\/tasks\/:id\/complete",status="200"/);
    expect(text).toContain('sendflow_idempotent_replays_total');
    expect(text).toMatch(/sendflow_stuck_activities\{kind="non_retryable"\} \d+/);
    // Intake's steps and the session lookup, timed by name (the intakes above made each of them).
    for (const step of ['lookup', 'workflow_start', 'insert']) expect(text).toMatch(new RegExp(`sendflow_intake_step_duration_seconds_count\\{step="${step}"\\} [1-9]`));
    expect(text).toMatch(/sendflow_session_lookup_duration_seconds_count [1-9]/);
    expect((await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await http.get('/metrics', USERS.admin)).status).toBe(200);
    expect((await http.get('/metrics', USERS.coordinator)).status).toBe(403);
  });

  it('after a 400 the same key takes the corrected body (a 4xx changed nothing, so it is not kept)', async () => {
    const key = randomUUID();
    const { adviceType: _missing, ...incomplete } = newRequestBody();
    const refused = await http.post('/requests', USERS.coordinator, incomplete, { 'idempotency-key': key });
    expect(refused.status).toBe(400);
    const corrected = await http.post('/requests', USERS.coordinator, newRequestBody(), { 'idempotency-key': key });
    expect(corrected.status).toBe(201);
  });

  it('a malformed key is a 400 naming the header', async () => {
    const res = await http.post('/requests', USERS.coordinator, newRequestBody(), { 'idempotency-key': 'has spaces and ünïcode' });
    expect({ status: res.status, field: res.body.issues?.[0]?.field }).toEqual({ status: 400, field: 'Idempotency-Key' });
  });
});
