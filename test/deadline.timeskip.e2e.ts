import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { addCalendarDays, DEFAULT_RECEIPT_POLICY, defaultHolidayCalendar, startOfLocalDayInstant, statutoryDeadline } from '@sendflow/calendar';
import { TRUST_TIME_ZONE } from '@sendflow/domain';
import { EHCNA_DEFAULT_SOP } from '@sendflow/sop';
import {
  completeTaskUpdate, recordExceptionUpdate, requestStateQuery, sopInterpreterWorkflow,
  type ClockActivities, type DeadlineState, type DocumentActivities, type InterpreterActivities, type InterpreterInput, type RequestState, type TimelineEntry,
} from '@sendflow/workflows';
import { uniqueSuffix } from './support/test-env';
import { workflowBundle } from './support/stack';

/**
 * The statutory clock and the SOP's received-anchored timers, on Temporal's time-skipping test
 * server with in-memory activities. Time moves only through env.sleep(); waiting on an Update
 * does not skip time on that server.
 */
const HOUR = 3600_000;
const POLICY = { ...DEFAULT_RECEIPT_POLICY, timeZone: TRUST_TIME_ZONE };
const COORDINATOR = { userId: 'u1', displayName: 'Central Coordinator', roles: ['coordinator' as const], services: [] };
const DAY = 24 * HOUR;

interface Recorded {
  timeline: { requestId: string; entry: TimelineEntry; at: number }[];
  projections: { requestId: string; state: Omit<RequestState, 'tasks'>; at: number }[];
  notifications: { requestId: string; role: string; message: string }[];
  notKnown: string[];
  deadlines: { requestId: string; deadline: DeadlineState; overdue: boolean }[];
}

describe('deadlines and reminders (Temporal time-skipping test server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let stopWorker: () => void;
  const taskQueue = `timeskip-${uniqueSuffix()}`;
  const rec: Recorded = { timeline: [], projections: [], notifications: [], notKnown: [], deadlines: [] };

  const kinds = (requestId: string) => rec.timeline.filter((t) => t.requestId === requestId).map((t) => t.entry.kind);
  const entries = (requestId: string, kind: string) => rec.timeline.filter((t) => t.requestId === requestId && t.entry.kind === kind);

  /** Real-time polling for what activities record once a timer has fired (does not move test time). */
  async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Moves test time to `instantMs` (which must be ahead), then lets the worker settle in real time. */
  async function sleepUntil(instantMs: number) {
    const nowMs = await env.currentTimeMs();
    expect(instantMs).toBeGreaterThan(nowMs);
    await env.sleep(instantMs - nowMs);
    await new Promise((r) => setTimeout(r, 500));
  }

  function fakeActivities(): InterpreterActivities & DocumentActivities & ClockActivities {
    const fakes: InterpreterActivities & DocumentActivities & ClockActivities = {
      async now() {
        return new Date(await env.currentTimeMs()).toISOString();
      },
      async confirmIntake() {},
      async projectRequest(state) {
        rec.projections.push({ requestId: state.requestId, state: structuredClone(state), at: await env.currentTimeMs() });
      },
      async projectTask() {},
      async projectDeadline(requestId, deadline, overdue) {
        rec.deadlines.push({ requestId, deadline, overdue });
      },
      async appendTimeline(requestId, entry) {
        // Retried activities carry the same id; record each entry once.
        if (rec.timeline.some((t) => t.entry.id === entry.id)) return;
        rec.timeline.push({ requestId, entry, at: await env.currentTimeMs() });
      },
      async compileAdvice() {},
      async returnToLa() {
        return { returnedAt: new Date(await env.currentTimeMs()).toISOString() };
      },
      async recordNotKnown(requestId) {
        rec.notKnown.push(requestId);
      },
      async notify(requestId, role, message) {
        rec.notifications.push({ requestId, role, message });
      },
      // Documents for the LA: issued and delivered at once (delivery has its own tests).
      async issueDocument(_requestId, doc) {
        return { documentId: doc.documentId, version: 1, laName: 'Test LA' };
      },
      async deliverDocument() {
        return { status: 'delivered', channel: 'smtp', deliveredAt: new Date(await env.currentTimeMs()).toISOString() };
      },
      async recordManualDelivery() {
        return { status: 'delivered', channel: 'manual', deliveredAt: new Date(await env.currentTimeMs()).toISOString() };
      },
      // Newer runs batch their projection writes: each write as the activity it used to be.
      async project(batch) {
        for (const w of batch.writes) await (fakes[w.write] as (...a: unknown[]) => Promise<void>)(...w.args);
      },
      // ... and newer still send each batch as a local activity, answered with what it wrote.
      async projectLocal(batch) {
        await fakes.project(batch);
        return { at: new Date(await env.currentTimeMs()).toISOString(), writes: batch.writes };
      },
    };
    return fakes;
  }

  /** A request received at the test server's current instant, with its deadline from libs/calendar. */
  async function startRequest() {
    const receivedAt = new Date(await env.currentTimeMs()).toISOString();
    const deadline = statutoryDeadline({ receivedAt, policy: POLICY, calendar: defaultHolidayCalendar });
    const requestId = randomUUID();
    const input: InterpreterInput = {
      requestId,
      sopVersionId: randomUUID(),
      sop: EHCNA_DEFAULT_SOP,
      request: {
        localAuthorityCode: 'E06000023', laReference: `TS-${requestId.slice(0, 8)}`, ehcpFlag: false, adviceType: 'needs_assessment',
        receivedAt, effectiveReceiptDate: deadline.effectiveReceiptDate, statutoryDueDate: deadline.dueDate, statutoryDueAt: deadline.dueAt,
        receiptPolicy: POLICY,
      },
    };
    const handle = await env.client.workflow.start(sopInterpreterWorkflow, { workflowId: `ts/${requestId}`, taskQueue, args: [input] });
    // Wait until intake is done and the receipt alarm's one timer (for the earliest of the statutory
    // clock, the 4-week reminder and the 5-week escalation) is in history before moving time.
    await until(() => kinds(requestId).includes('task.opened'), 'triage opened');
    await waitForTimers(handle.workflowId, 1);
    const at = (days: number) => Date.parse(startOfLocalDayInstant(addCalendarDays(deadline.effectiveReceiptDate, days), TRUST_TIME_ZONE));
    return { requestId, handle, deadline, fourWeekAt: at(28), fiveWeekAt: at(35), dueAtMs: Date.parse(deadline.dueAt) };
  }

  /** The statutory clock and the received-anchored reminders are a durable timer in history before time moves. */
  async function waitForTimers(workflowId: string, n: number) {
    const end = Date.now() + 20_000;
    for (;;) {
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      const started = (history.events ?? []).filter((e) => e.timerStartedEventAttributes).length;
      if (started >= n) return;
      if (Date.now() > end) throw new Error(`expected ${n} timers started, saw ${started}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } },
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: fakeActivities(),
    });
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    stopWorker = release;
    running = worker.runUntil(released);
  });

  afterAll(async () => {
    stopWorker?.();
    await running?.catch(() => undefined);
    await env?.teardown();
  });

  describe('an unreturned request', () => {
    let r: Awaited<ReturnType<typeof startRequest>>;
    beforeAll(async () => {
      r = await startRequest();
    });

    it('sanity: the fire instants are in the order the SOP intends', () => {
      expect(r.fourWeekAt).toBeLessThan(r.fiveWeekAt);
      expect(r.fiveWeekAt).toBeLessThan(r.dueAtMs);
      expect(r.fourWeekAt).toBeGreaterThan(Date.parse(r.deadline.receivedAt));
      expect(kinds(r.requestId)).toEqual(['request.received', 'task.opened']);
    });

    it('arms one durable timer for the statutory clock and both receipt-anchored reminders (one patch marker)', async () => {
      const events = (await r.handle.fetchHistory()).events ?? [];
      expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
      expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toHaveLength(1);
    });

    it('the 4-week reminder does not fire before 28 days from effective receipt, and fires just after', async () => {
      await sleepUntil(r.fourWeekAt - HOUR);
      expect(entries(r.requestId, 'timer.reminder')).toHaveLength(0);
      expect(entries(r.requestId, 'timer.escalation')).toHaveLength(0);

      await sleepUntil(r.fourWeekAt + HOUR);
      const [reminder] = await until(() => entries(r.requestId, 'timer.reminder').length > 0 && entries(r.requestId, 'timer.reminder'), 'four-week reminder');
      expect(reminder.entry.nodeId).toBe('four_week_reminder');
      expect(reminder.entry.summary).toBe('Two weeks left before health advice is due');
      expect(reminder.entry.data).toMatchObject({ notifyRole: 'coordinator' });
      expect(reminder.at).toBeGreaterThanOrEqual(r.fourWeekAt);
      expect(reminder.at).toBeLessThan(r.fourWeekAt + 2 * HOUR);
      expect(entries(r.requestId, 'timer.escalation')).toHaveLength(0);
      await until(() => rec.notifications.some((n) => n.requestId === r.requestId && n.role === 'coordinator'), 'coordinator notified');
    });

    it('the 5-week escalation does not fire before 35 days, and fires just after', async () => {
      await sleepUntil(r.fiveWeekAt - HOUR);
      expect(entries(r.requestId, 'timer.escalation')).toHaveLength(0);

      await sleepUntil(r.fiveWeekAt + HOUR);
      const [esc] = await until(() => entries(r.requestId, 'timer.escalation').length > 0 && entries(r.requestId, 'timer.escalation'), 'five-week escalation');
      expect(esc.entry.nodeId).toBe('five_week_escalation');
      expect(esc.entry.data).toMatchObject({ notifyRole: 'service_lead' });
      expect(esc.at).toBeGreaterThanOrEqual(r.fiveWeekAt);
      await until(() => rec.notifications.some((n) => n.requestId === r.requestId && n.role === 'service_lead'), 'service lead notified');
      // Each timer fires once.
      expect(entries(r.requestId, 'timer.reminder')).toHaveLength(1);
      expect(entries(r.requestId, 'timer.escalation')).toHaveLength(1);
    });

    it('is not overdue just before the statutory due instant', async () => {
      await sleepUntil(r.dueAtMs - HOUR);
      expect(kinds(r.requestId)).not.toContain('deadline.breached');
      expect(rec.projections.filter((p) => p.requestId === r.requestId && p.state.overdue)).toHaveLength(0);
      const state = await r.handle.query(requestStateQuery);
      expect(state.overdue).toBe(false);
    });

    it('records deadline.breached, marks overdue and escalates once the due instant passes', async () => {
      await sleepUntil(r.dueAtMs + HOUR);
      const [breach] = await until(() => entries(r.requestId, 'deadline.breached').length > 0 && entries(r.requestId, 'deadline.breached'), 'deadline breached');
      expect(breach.at).toBeGreaterThanOrEqual(r.dueAtMs);
      expect(breach.entry.summary).toContain(r.deadline.dueDate);

      const overdue = rec.projections.filter((p) => p.requestId === r.requestId && p.state.overdue);
      expect(overdue.length).toBeGreaterThanOrEqual(1);
      expect(overdue[0].at).toBeGreaterThanOrEqual(r.dueAtMs);

      const state = await r.handle.query(requestStateQuery);
      expect(state.overdue).toBe(true);
      expect(state.status).toBe('received');

      const escalations = await until(() => entries(r.requestId, 'timer.escalation').length >= 2 && entries(r.requestId, 'timer.escalation'), 'overdue escalation');
      const overdueEscalation = escalations.find((e) => e.entry.nodeId === undefined);
      expect(overdueEscalation?.entry.summary).toBe('Escalated: health advice overdue');
      expect(overdueEscalation!.at).toBeGreaterThanOrEqual(breach.at);
      await until(() => rec.notifications.some((n) => n.requestId === r.requestId && /overdue/.test(n.message)), 'overdue notification');
    });

    it('records the breach only once, however long it stays overdue', async () => {
      await sleepUntil((await env.currentTimeMs()) + 30 * DAY);
      expect(entries(r.requestId, 'deadline.breached')).toHaveLength(1);
    });
  });

  describe('a request closed early', () => {
    let r: Awaited<ReturnType<typeof startRequest>>;
    beforeAll(async () => {
      r = await startRequest();
    });

    it('closing as not known before the deadline means no reminder, escalation or breach afterwards', async () => {
      const state = await r.handle.query(requestStateQuery);
      const triage = state.tasks.find((t) => t.nodeId === 'triage' && t.status === 'open');
      expect(triage).toBeDefined();

      const result = await r.handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: triage!.id, outcome: 'not_known', data: { reason: 'x', signpost: 'DCO' }, actor: { userId: 'u1', displayName: 'C', roles: ['coordinator'], services: [] } }],
      });
      expect(result).toEqual({ taskId: triage!.id, outcome: 'not_known', status: 'completed' });

      // Not handle.result(): awaiting a result unlocks time skipping on this server. Poll in real time instead.
      const end = Date.now() + 20_000;
      while ((await r.handle.describe()).status.name !== 'COMPLETED') {
        if (Date.now() > end) throw new Error(`workflow did not complete: ${(await r.handle.describe()).status.name}`);
        await new Promise((res) => setTimeout(res, 100));
      }
      const final = await r.handle.query(requestStateQuery);
      expect(final.status).toBe('not_known');
      expect(final.overdue).toBe(false);
      expect(rec.notKnown).toContain(r.requestId);
      expect(kinds(r.requestId)).toContain('request.not_known');
      // Closed well before any timer was due: the checks below are not vacuous.
      expect(await env.currentTimeMs()).toBeLessThan(r.fourWeekAt);

      await sleepUntil(r.dueAtMs + 2 * DAY);
      expect(kinds(r.requestId)).not.toContain('deadline.breached');
      expect(kinds(r.requestId)).not.toContain('timer.reminder');
      expect(kinds(r.requestId)).not.toContain('timer.escalation');
      expect(rec.projections.filter((p) => p.requestId === r.requestId && p.state.overdue)).toHaveLength(0);
      expect(rec.notifications.filter((n) => n.requestId === r.requestId)).toHaveLength(0);
    });
  });

  describe('a request with reg 8(2) exceptions recorded', () => {
    let r: Awaited<ReturnType<typeof startRequest>>;
    let moved: ReturnType<typeof statutoryDeadline>;
    const pause = { type: 'pause' as const, id: randomUUID(), kind: 'missed_appointment' as const, evidence: 'Did not attend clinic 10 March, rebooked' };
    const extension = { type: 'extension' as const, id: randomUUID(), kind: 'exceptional_personal_circumstances' as const, days: 7, evidence: 'Family bereavement, letter on file' };

    beforeAll(async () => {
      r = await startRequest();
    });

    it('refuses an exception from someone other than the coordinator, or one the regulations do not allow', async () => {
      const from = addCalendarDays(r.deadline.effectiveReceiptDate, 5);
      const practitioner = { ...COORDINATOR, roles: ['practitioner' as const] };
      await expect(r.handle.executeUpdate(recordExceptionUpdate, {
        args: [{ exception: { ...pause, from, to: addCalendarDays(from, 9) }, recordedAt: new Date().toISOString(), actor: practitioner }],
      })).rejects.toMatchObject({ cause: { type: 'Forbidden' } });
      // reg 8(2)(b) needs a continuous absence of at least 4 weeks.
      await expect(r.handle.executeUpdate(recordExceptionUpdate, {
        args: [{ exception: { ...pause, id: randomUUID(), kind: 'away_from_area_4_weeks', from, to: addCalendarDays(from, 9) }, recordedAt: new Date().toISOString(), actor: COORDINATOR }],
      })).rejects.toMatchObject({ cause: { type: 'BadInput', message: expect.stringMatching(/^to: .*at least 28 days/) } });
      expect(entries(r.requestId, 'deadline.changed')).toHaveLength(0);
    });

    it('a pause and an extension move the deadline as libs/calendar computes it, with the explanation', async () => {
      const from = addCalendarDays(r.deadline.effectiveReceiptDate, 5);
      const to = addCalendarDays(from, 9);
      const recordedAt = new Date(await env.currentTimeMs()).toISOString();
      const afterPause = await r.handle.executeUpdate(recordExceptionUpdate, { args: [{ exception: { ...pause, from, to }, recordedAt, actor: COORDINATOR }] });
      const final = await r.handle.executeUpdate(recordExceptionUpdate, { args: [{ exception: extension, recordedAt, actor: COORDINATOR }] });
      const recorded = { recordedBy: 'Central Coordinator', recordedAt };
      moved = statutoryDeadline({
        receivedAt: r.deadline.receivedAt, policy: POLICY, calendar: defaultHolidayCalendar,
        pauses: [{ id: pause.id, kind: pause.kind, evidence: pause.evidence, from, to, ...recorded }],
        extensions: [{ id: extension.id, kind: extension.kind, evidence: extension.evidence, days: 7, ...recorded }],
      });
      expect(afterPause.pausedDays).toBe(10);
      expect(final).toMatchObject({ dueDate: moved.dueDate, dueAt: moved.dueAt, baseDueDate: r.deadline.dueDate, pausedDays: 10, extensionDays: 7 });
      expect(moved.dueDate).toBe(addCalendarDays(r.deadline.dueDate, 17));
      expect(final.explanation.map((e) => e.rule)).toEqual(moved.explanation.map((e) => e.rule));
      expect(JSON.stringify(final.explanation)).toContain('Did not attend clinic');
      const changes = await until(() => entries(r.requestId, 'deadline.changed').length === 2 && entries(r.requestId, 'deadline.changed'), 'two deadline changes');
      expect(changes[1].entry.summary).toContain(moved.dueDate);
      expect(rec.deadlines.filter((d) => d.requestId === r.requestId).pop()).toMatchObject({ overdue: false, deadline: { dueDate: moved.dueDate } });
    });

    it('the receipt-anchored reminder moves with the clock: not at 4 weeks, but 17 days later', async () => {
      await sleepUntil(r.fourWeekAt + 2 * HOUR);
      expect(entries(r.requestId, 'timer.reminder')).toHaveLength(0);
      const movedReminderAt = r.fourWeekAt + 17 * DAY;
      await sleepUntil(movedReminderAt - 2 * HOUR);
      expect(entries(r.requestId, 'timer.reminder')).toHaveLength(0);
      await sleepUntil(movedReminderAt + 2 * HOUR);
      const [reminder] = await until(() => entries(r.requestId, 'timer.reminder').length > 0 && entries(r.requestId, 'timer.reminder'), 'moved reminder');
      // Daylight saving can shift a local midnight by an hour either way across 17 days.
      expect(Math.abs(reminder.at - movedReminderAt)).toBeLessThanOrEqual(2 * HOUR);
      expect(JSON.stringify(reminder.entry.data)).toContain('timer.moved_with_deadline');
    });

    it('no breach at the original due instant; the breach comes at the moved one', async () => {
      // The moved reminder (day 45) already took test time past the original due instant (day 42).
      expect(await env.currentTimeMs()).toBeGreaterThan(r.dueAtMs + HOUR);
      expect(kinds(r.requestId)).not.toContain('deadline.breached');
      expect((await r.handle.query(requestStateQuery)).overdue).toBe(false);
      await sleepUntil(Date.parse(moved.dueAt) - HOUR);
      expect(kinds(r.requestId)).not.toContain('deadline.breached');
      await sleepUntil(Date.parse(moved.dueAt) + HOUR);
      const [breach] = await until(() => entries(r.requestId, 'deadline.breached').length > 0 && entries(r.requestId, 'deadline.breached'), 'moved breach');
      expect(breach.at).toBeGreaterThanOrEqual(Date.parse(moved.dueAt));
      expect(breach.entry.summary).toContain(moved.dueDate);
    });

    it('an extension recorded after the breach lifts the overdue flag and re-arms the clock', async () => {
      const state = await r.handle.query(requestStateQuery);
      expect(state.overdue).toBe(true);
      const late = await r.handle.executeUpdate(recordExceptionUpdate, {
        args: [{ exception: { ...extension, id: randomUUID(), days: 14 }, recordedAt: new Date(await env.currentTimeMs()).toISOString(), actor: COORDINATOR }],
      });
      expect(late.dueDate).toBe(addCalendarDays(moved.dueDate, 14));
      expect((await r.handle.query(requestStateQuery)).overdue).toBe(false);
      await sleepUntil(Date.parse(late.dueAt) + HOUR);
      await until(() => entries(r.requestId, 'deadline.breached').length === 2, 'second breach at the re-armed deadline');
      expect((await r.handle.query(requestStateQuery)).overdue).toBe(true);
    });
  });
});
