import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { dataConverterFromEnv } from '@sendflow/platform';
import { allCriteriaMet, newRequestBody, proForma } from './support/fixtures';
import { eventually, httpClient, USERS } from './support/http';
import { startSmtpPeer, type SmtpPeer } from './support/peers';
import { devServerHealthy, freePort, spawnLogged, startDevServer, stopChild, waitUntil } from './support/processes';
import { startStack, type Stack } from './support/stack';
import { testEnv } from './support/test-env';

/**
 * Faults: a worker process killed with SIGKILL mid-request, and the Temporal dev server stopped
 * and restarted on its SQLite file. Nothing is lost in either case.
 */
async function driveToReturned(http: ReturnType<typeof httpClient>, requestId: string) {
  const open = (as: string, nodePath: string, svc?: string) => eventually(async () => {
    const res = await http.get(`/tasks?requestId=${requestId}`, as);
    return (res.body.items as any[]).find((t) => t.nodePath === nodePath && t.status === 'open' && (!svc || t.serviceCode === svc));
  }, { what: nodePath, timeoutMs: 60_000 });
  const complete = async (as: string, nodePath: string, outcome: string, data: unknown, svc?: string) => {
    const task = await open(as, nodePath, svc);
    const res = await http.post(`/tasks/${task.id}/complete`, as, { outcome, data });
    expect(res.status).toBe(200);
  };
  await complete(USERS.slt, 'services/draft', 'submitted', proForma, 'SLT');
  await complete(USERS.qa, 'services/review', 'approved', allCriteriaMet, 'SLT');
  await complete(USERS.coordinator, 'return', 'sent', { method: 'portal', sentTo: 'EHC Hub' });
  return eventually(async () => {
    const r = await http.get(`/requests/${requestId}`, USERS.coordinator);
    return r.body.status === 'returned' ? r.body : undefined;
  }, { what: 'returned', timeoutMs: 60_000 });
}

async function triageAndAllocate(http: ReturnType<typeof httpClient>, requestId: string) {
  for (const [nodePath, outcome, data] of [['triage', 'accepted', { complete: true }], ['allocate', 'allocated', { services: ['SLT'] }]] as const) {
    const task = await eventually(async () => {
      const res = await http.get(`/tasks?requestId=${requestId}`, USERS.coordinator);
      return (res.body.items as any[]).find((t) => t.nodePath === nodePath && t.status === 'open');
    }, { what: nodePath, timeoutMs: 60_000 });
    expect((await http.post(`/tasks/${task.id}/complete`, USERS.coordinator, { outcome, data })).status).toBe(200);
  }
}

function assertNoDuplicates(detail: any) {
  // The request and each service branch number their own entries; ids are unique across them.
  const ids = detail.timeline.map((e: any) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  const times = detail.timeline.map((e: any) => Date.parse(e.at));
  expect(times).toEqual([...times].sort((a: number, b: number) => a - b));
  const opened = detail.timeline.filter((e: any) => e.kind === 'task.opened').length;
  expect(detail.tasks).toHaveLength(opened);
}

describe('worker killed with SIGKILL mid-request', () => {
  let stack: Stack;
  let worker: ChildProcess | undefined;
  const env = testEnv();
  const startWorkerProcess = () => spawnLogged(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    TEMPORAL_TASK_QUEUE: stack.taskQueue, TEMPORAL_ADDRESS: stack.temporalAddress, DATABASE_URL: env.databaseUrl, ...(env.databaseSchema ? { DATABASE_SCHEMA: env.databaseSchema } : {}),
  }, join(env.workDir, 'fault-worker.log'));

  beforeAll(async () => { stack = await startStack({ withWorker: false }); });
  afterAll(async () => { await stopChild(worker, 'SIGKILL'); await stack?.close(); });

  it('finishes the request after a restart, with an Update sent while the worker was dead applied once', async () => {
    const http = httpClient(stack.baseUrl);
    worker = startWorkerProcess();
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    expect(created.status).toBe(201);
    await triageAndAllocate(http, created.body.id);
    const draft = await eventually(async () => ((await http.get(`/tasks?requestId=${created.body.id}`, USERS.slt)).body.items as any[]).find((t) => t.nodePath === 'services/draft'), { what: 'draft' });

    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    // The Update waits in Temporal for a worker; the API answers within its bound (200 if the
    // worker is back in time, else 503 "not confirmed"), and retries with the same key until done.
    const complete = () => http.post(`/tasks/${draft.id}/complete`, USERS.slt, { outcome: 'submitted', data: proForma }, { 'idempotency-key': 'fault-1' });
    const pending = complete();
    await new Promise((r) => setTimeout(r, 1000));
    worker = startWorkerProcess();
    const first = await pending;
    expect([200, 202, 503]).toContain(first.status);
    await eventually(async () => {
      const r = first.status === 200 ? first : await complete();
      if (![200, 202, 503].includes(r.status)) throw new Error(`completion answered ${r.status}`);
      return r.status === 200 || r.status === 202;
    }, { what: 'completion once the worker is back', timeoutMs: 90_000, intervalMs: 1000 });

    const review = await eventually(async () => ((await http.get(`/tasks?requestId=${created.body.id}`, USERS.qa)).body.items as any[]).find((t) => t.nodePath === 'services/review'), { what: 'review', timeoutMs: 60_000 });
    expect((await http.post(`/tasks/${review.id}/complete`, USERS.qa, { outcome: 'approved', data: allCriteriaMet })).status).toBe(200);
    const ret = await eventually(async () => ((await http.get(`/tasks?requestId=${created.body.id}`, USERS.coordinator)).body.items as any[]).find((t) => t.nodePath === 'return'), { what: 'return' });
    expect((await http.post(`/tasks/${ret.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: 'la@example.gov.uk' } })).status).toBe(200);
    const done = await eventually(async () => {
      const r = await http.get(`/requests/${created.body.id}`, USERS.coordinator);
      return r.body.status === 'returned' ? r.body : undefined;
    }, { what: 'returned', timeoutMs: 60_000 });
    assertNoDuplicates(done);
    expect(done.tasks.filter((t: any) => t.nodePath === 'services/draft')).toHaveLength(1);
  });
});

describe('Temporal dev server stopped and restarted on its SQLite file', () => {
  const env = testEnv();
  let server: ChildProcess | undefined;
  let stack: Stack | undefined;
  let port: number;
  const dbFile = join(env.workDir, `restart-${Date.now()}.db`);
  const logFile = join(env.workDir, 'restart-temporal.log');

  beforeAll(async () => {
    port = await freePort();
    server = startDevServer(env.temporalCli, dbFile, port, logFile);
    await waitUntil('dev server', () => devServerHealthy(env.temporalCli, port));
  });
  afterAll(async () => {
    await stack?.close();
    await stopChild(server);
  });

  it('keeps the in-flight request, its statutory timer, and carries on to the return', async () => {
    stack = await startStack({ temporalAddress: `127.0.0.1:${port}` });
    const http = httpClient(stack.baseUrl);
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    await triageAndAllocate(http, created.body.id);
    const taskQueue = stack.taskQueue;
    await stack.close();
    stack = undefined;

    await stopChild(server);
    server = startDevServer(env.temporalCli, dbFile, port, logFile);
    await waitUntil('dev server after restart', () => devServerHealthy(env.temporalCli, port));

    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    try {
      const handle = new Client({ connection, dataConverter: dataConverterFromEnv() }).workflow.getHandle(created.body.workflowId);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      const started = events.filter((e) => e.timerStartedEventAttributes).length;
      const settled = events.filter((e) => e.timerFiredEventAttributes || e.timerCanceledEventAttributes).length;
      // The receipt alarm's one timer stands for the statutory deadline and the SOP's 4- and 5-week reminders.
      expect(started - settled).toBeGreaterThanOrEqual(1);
    } finally {
      await connection.close();
    }

    stack = await startStack({ temporalAddress: `127.0.0.1:${port}`, taskQueue });
    const done = await driveToReturned(httpClient(stack.baseUrl), created.body.id);
    assertNoDuplicates(done);
  });
});

// The run's own server: the restart test above points TEMPORAL_ADDRESS at its own, since stopped.
const runTemporalAddress = process.env.TEMPORAL_ADDRESS;

describe('worker killed with SIGKILL while it emails advice to the LA', () => {
  let stack: Stack;
  let worker: ChildProcess | undefined;
  let smtp: SmtpPeer;
  const env = testEnv();
  const saved = { ...process.env };
  const startWorkerProcess = () => spawnLogged(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    TEMPORAL_TASK_QUEUE: stack.taskQueue, TEMPORAL_ADDRESS: stack.temporalAddress, DATABASE_URL: env.databaseUrl, ...(env.databaseSchema ? { DATABASE_SCHEMA: env.databaseSchema } : {}),
  }, join(env.workDir, 'fault-delivery-worker.log'));

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    // The worker process inherits these; the API reads the delivery settings when the request starts.
    Object.assign(process.env, {
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_REQUIRE_TLS: 'false', SMTP_FROM: 'SEND advice <send.advice@trust.example.nhs.uk>',
      DELIVERY_MAX_ATTEMPTS: '5', DELIVERY_RETRY_INITIAL_SECONDS: '1', DELIVERY_ATTEMPT_TIMEOUT_SECONDS: '8',
    });
    stack = await startStack({ withWorker: false, temporalAddress: runTemporalAddress });
  });
  afterAll(async () => {
    await stopChild(worker, 'SIGKILL');
    await stack?.close();
    await smtp?.close();
    process.env = saved;
  });

  it('the LA receives exactly one message: the attempt cut off mid-send is retried by the restarted worker under the same Message-ID', async () => {
    const http = httpClient(stack.baseUrl);
    const code = `E8${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    const laEmail = 'send.team@killshire.example.gov.uk';
    expect((await http.post('/admin/local-authorities', USERS.admin, { code, name: 'Killshire Council' })).status).toBe(201);
    expect((await http.call('PUT', `/admin/local-authorities/${code}/delivery`, USERS.admin, { channel: 'smtp', email: laEmail })).status).toBe(200);
    worker = startWorkerProcess();
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ localAuthorityCode: code }));
    expect(created.status).toBe(201);
    const id = created.body.id;
    await triageAndAllocate(http, id);
    const open = (as: string, nodePath: string) => eventually(async () => ((await http.get(`/tasks?requestId=${id}`, as)).body.items as any[])
      .find((t) => t.nodePath === nodePath && t.status === 'open'), { what: nodePath, timeoutMs: 60_000 });
    expect((await http.post(`/tasks/${(await open(USERS.slt, 'services/draft')).id}/complete`, USERS.slt, { outcome: 'submitted', data: proForma })).status).toBe(200);
    expect((await http.post(`/tasks/${(await open(USERS.qa, 'services/review')).id}/complete`, USERS.qa, { outcome: 'approved', data: allCriteriaMet })).status).toBe(200);
    const ret = await open(USERS.coordinator, 'return');

    // The SMTP server has the whole message but has not answered when the worker dies.
    const hold = smtp.holdNext();
    expect((await http.post(`/tasks/${ret.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: laEmail } })).status).toBe(200);
    const session = await hold.arrived;
    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    // The server answers only after it has seen the client go: no 250 was ever sent.
    await smtp.sessionClosed(session);
    hold.release();
    expect(smtp.messages.filter((m) => (m.to as { text: string }).text === laEmail)).toHaveLength(0);

    worker = startWorkerProcess();
    const done = await eventually(async () => {
      const r = await http.get(`/requests/${id}`, USERS.coordinator);
      return r.body.status === 'returned' ? r.body : undefined;
    }, { what: 'returned after the restart', timeoutMs: 120_000, intervalMs: 500 });
    const [doc] = (await http.get(`/requests/${id}/advice-documents`, USERS.coordinator)).body;
    expect(doc).toMatchObject({ version: 1, deliveryStatus: 'delivered', deliveryChannel: 'smtp' });
    expect(done.returnedAt).toBe(doc.deliveredAt);
    const received = smtp.messages.filter((m) => (m.to as { text: string }).text === laEmail);
    expect(received).toHaveLength(1);
    expect(received[0].messageId).toBe(`<${doc.id}@trust.example.nhs.uk>`);
    expect(done.timeline.filter((e: any) => e.kind === 'document.delivered')).toHaveLength(1);
  }, 240_000);
});
