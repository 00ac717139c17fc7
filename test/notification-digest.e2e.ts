import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { dataConverterFromEnv } from '@sendflow/platform';
import { createInterpreterActivities } from '../apps/worker/src/activities/interpreter.activities';
import { trustDate } from '../apps/worker/src/delivery/document.activities';
import { mailSettingsFromEnv } from '../apps/worker/src/delivery/mail-settings';
import { createDigestActivities } from '../apps/worker/src/notifications/digest.activities';
import { ensureDigestSchedule } from '../apps/worker/src/notifications/digest-schedule';
import { eventually, httpClient, USERS } from './support/http';
import { newRequestBody } from './support/fixtures';
import { startSmtpPeer, type SmtpPeer } from './support/peers';
import { startStack, type Stack } from './support/stack';

/**
 * The daily digest (issue 9 §7): users who chose it get one email a day listing their unread
 * notifications, started by the real Temporal Schedule (triggered here rather than waited for),
 * sent to a real SMTP server on loopback, once per user per day however often it runs.
 */
describe('daily notification digest (Temporal Schedule + worker + PostgreSQL + SMTP on loopback)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  let smtp: SmtpPeer;
  let client: Client;
  const saved = { ...process.env };
  const mailTo = (address: string) => smtp.messages.filter((m) => (m.to as { text: string }).text === address);

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_REQUIRE_TLS: 'false', SMTP_FROM: 'sendflow@trust.example.nhs.uk' });
    stack = await startStack();
    http = httpClient(stack.baseUrl);
    client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), dataConverter: dataConverterFromEnv() });
    // A database kept from an earlier run of this file today would already hold today's digests.
    await stack.ds.query(`DELETE FROM notification_digests WHERE user_id IN (SELECT id FROM users WHERE email = ANY($1))`, [[USERS.ot, USERS.paed]]);
  });
  afterAll(async () => {
    // Other files share the demo users: put their choices back.
    for (const u of [USERS.ot, USERS.paed]) await http?.call('PUT', '/notifications/email-preference', u, { email: 'immediate' });
    await client?.connection.close();
    await stack?.close();
    await smtp?.close();
    process.env = saved;
  });

  /** A reminder firing for a service's practitioners, as the workflow's notify activity makes it. */
  async function fire(requestId: string, activityId: string, serviceCode: string, message: string) {
    const activities = createInterpreterActivities(stack.ds, { adviceReturned: async () => undefined, notifyRole: async () => undefined }, mailSettingsFromEnv());
    await new MockActivityEnvironment({ activityId, workflowExecution: { workflowId: `ehcna/digest-test/${requestId}`, runId: 'run-1' } } as never)
      .run(activities.notify, requestId, 'practitioner', message, { kind: 'reminder' as const, serviceCode });
  }

  /** Triggers the schedule now and waits for the run it started. */
  async function triggerDigest(scheduleId: string) {
    const handle = client.schedule.getHandle(scheduleId);
    const before = (await handle.describe()).info.recentActions.length;
    await handle.trigger();
    const action = await eventually(async () => (await handle.describe()).info.recentActions[before], { what: 'scheduled digest run', timeoutMs: 60_000 });
    return client.workflow.getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId).result();
  }

  it('one email per digest user per day, listing unread notifications by LA reference, never the child; again the same day sends nothing', async () => {
    expect((await http.call('PUT', '/notifications/email-preference', USERS.ot, { email: 'digest' })).status).toBe(200);
    expect((await http.call('PUT', '/notifications/email-preference', USERS.paed, { email: 'digest' })).status).toBe(200);
    expect((await http.get('/notifications/email-preference', USERS.ot)).body).toEqual({ email: 'digest' });
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ child: { givenName: 'Dara', familyName: 'Digest', dateOfBirth: '2017-03-04', nhsNumber: '9434765919' } }));
    const { id: requestId, laReference } = created.body;
    const otBefore = mailTo(USERS.ot).length;
    await fire(requestId, '11', 'OT', 'OT draft due in 5 working days');
    await fire(requestId, '12', 'OT', 'OT draft due tomorrow');
    await fire(requestId, '13', 'PAED', 'Paediatric draft due in 5 working days');
    // Digest users get nothing at once.
    expect(mailTo(USERS.ot)).toHaveLength(otBefore);
    // What was read in the app is not emailed.
    const paedItems = (await http.get('/notifications?unread=true', USERS.paed)).body.items.filter((n: { requestId: string }) => n.requestId === requestId);
    await http.post(`/notifications/${paedItems[0].id}/read`, USERS.paed);

    const scheduleId = await ensureDigestSchedule(client, stack.taskQueue);
    expect(await ensureDigestSchedule(client, stack.taskQueue, { hour: 6, minute: 30 })).toBe(scheduleId); // a second worker, or a changed time: still one schedule
    const spec = (await client.schedule.getHandle(scheduleId).describe()).spec;
    expect(spec.timezone).toBe('Europe/London');
    expect(spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });

    const first = await triggerDigest(scheduleId);
    const today = trustDate(new Date());
    expect(first).toMatchObject({ day: today });
    const otMail = await eventually(async () => {
      const m = mailTo(USERS.ot).slice(otBefore);
      return m.length ? m : undefined;
    }, { what: 'OT digest' });
    expect(otMail).toHaveLength(1);
    const [digest] = otMail;
    expect(digest.subject).toMatch(/^SENDflow daily digest: \d+ new notifications?$/);
    expect(digest.subject).not.toMatch(/Dara|Digest /);
    expect(digest.messageId).toMatch(new RegExp(`^<digest-${today}-[0-9a-f-]{36}@trust\\.example\\.nhs\\.uk>$`));
    for (const s of ['OT draft due in 5 working days', 'OT draft due tomorrow', `LA reference ${laReference}`]) expect(digest.text).toContain(s);
    expect(digest.text).not.toMatch(/Dara|Digest \w/);
    // The paediatrician read theirs in the app: nothing left to list for this request.
    expect(mailTo(USERS.paed).some((m) => m.text?.includes('Paediatric draft due'))).toBe(false);

    // The same day again (a retry, a second trigger, another worker): nothing more goes.
    await fire(requestId, '14', 'OT', 'OT draft overdue');
    const second = await triggerDigest(scheduleId);
    expect(second).toMatchObject({ day: today, sent: 0 });
    expect(mailTo(USERS.ot).slice(otBefore)).toHaveLength(1);

    // Tomorrow's digest lists only what is new since, and says how many older ones are unread.
    const digests = createDigestActivities(stack.ds);
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString();
    smtp.busy.next = 1; // the relay is busy: a retryable failure, and nothing recorded
    const failed = await new MockActivityEnvironment().run(digests.sendDailyDigests, tomorrow).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ApplicationFailure);
    expect((failed as ApplicationFailure).nonRetryable).toBe(false);
    const retried = await new MockActivityEnvironment().run(digests.sendDailyDigests, tomorrow) as { sent: number };
    expect(retried.sent).toBeGreaterThanOrEqual(1);
    const next = mailTo(USERS.ot).slice(otBefore);
    expect(next).toHaveLength(2);
    expect(next[1].text).toContain('OT draft overdue');
    expect(next[1].text).not.toContain('OT draft due tomorrow');
    expect(next[1].text).toMatch(/You also have \d+ older unread notifications?/);
    const rows = await stack.ds.query(`SELECT day::text AS day FROM notification_digests d JOIN users u ON u.id = d.user_id WHERE u.email = $1 ORDER BY day`, [USERS.ot]);
    expect(rows.map((r: { day: string }) => r.day)).toEqual(expect.arrayContaining([today, trustDate(new Date(tomorrow))]));
  });
});
