import { MockActivityEnvironment } from '@temporalio/testing';
import { createInterpreterActivities } from '../apps/worker/src/activities/interpreter.activities';
import { mailSettingsFromEnv } from '../apps/worker/src/delivery/mail-settings';
import { eventually, httpClient, USERS } from './support/http';
import { newRequestBody } from './support/fixtures';
import { startSmtpPeer, type SmtpPeer } from './support/peers';
import { startStack, type Stack } from './support/stack';

/**
 * Reminders reach people: the worker's notify activity (as a timer firing calls it) against the
 * real database and an SMTP server on loopback, then each user's notifications through the API.
 */
describe('notifications (worker activity + API + PostgreSQL + SMTP on loopback)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  let smtp: SmtpPeer;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    stack = await startStack({ withWorker: false });
    http = httpClient(stack.baseUrl);
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  });

  it('a firing notifies the service’s practitioners once, in the app and by email, with no child in the subject', async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    const requestId = created.body.id;
    const mail = mailSettingsFromEnv({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_REQUIRE_TLS: 'false', SMTP_FROM: 'sendflow@trust.example.nhs.uk' });
    const activities = createInterpreterActivities(stack.ds, { adviceReturned: async () => undefined, notifyRole: async () => undefined }, mail);
    const info = { activityId: '7', workflowExecution: { workflowId: `ehcna/test/${requestId}`, runId: 'run-1' } };
    const before = smtp.messages.length;
    const unreadBefore = (await http.get('/notifications/unread-count', USERS.slt)).body.unread;
    const env = new MockActivityEnvironment(info as never);
    await env.run(activities.notify, requestId, 'practitioner', 'Health advice draft is due in 5 working days', { kind: 'reminder' as const, serviceCode: 'SLT' });
    // The same firing retried (same workflow, run and activity id) adds nothing and sends nothing.
    await env.run(activities.notify, requestId, 'practitioner', 'Health advice draft is due in 5 working days', { kind: 'reminder' as const, serviceCode: 'SLT' });

    const sltList = await http.get('/notifications?unread=true', USERS.slt);
    expect(sltList.status).toBe(200);
    const mine = sltList.body.items.filter((n: { requestId: string }) => n.requestId === requestId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'reminder', message: 'Health advice draft is due in 5 working days', readAt: null });
    expect((await http.get('/notifications/unread-count', USERS.slt)).body.unread).toBe(unreadBefore + 1);
    // OT's practitioners are not concerned by an SLT task.
    expect((await http.get('/notifications', USERS.ot)).body.items.some((n: { requestId: string }) => n.requestId === requestId)).toBe(false);

    const emails = await eventually(async () => {
      const m = smtp.messages.slice(before).filter((x) => (x.to as { text: string }).text === USERS.slt);
      return m.length ? m : undefined;
    }, { what: 'reminder email' });
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe('SENDflow reminder');
    expect(emails[0].messageId).toBe(`<${mine[0].id}@trust.example.nhs.uk>`);

    // Only the owner can mark it read; anyone else gets 404.
    expect((await http.post(`/notifications/${mine[0].id}/read`, USERS.ot)).status).toBe(404);
    expect((await http.post(`/notifications/${mine[0].id}/read`, USERS.slt)).status).toBe(204);
    expect((await http.get('/notifications/unread-count', USERS.slt)).body.unread).toBe(unreadBefore);
    expect((await http.post('/notifications/not-a-uuid/read', USERS.slt)).status).toBe(400);
    expect((await http.get('/notifications?unread=maybe', USERS.slt)).status).toBe(400);
  });

  it('a user who chose the digest gets no immediate email', async () => {
    expect((await http.call('PUT', '/notifications/email-preference', USERS.leadSlt, { email: 'weekly' })).status).toBe(400);
    expect((await http.call('PUT', '/notifications/email-preference', USERS.leadSlt, { email: 'digest' })).status).toBe(200);
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    const mail = mailSettingsFromEnv({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_REQUIRE_TLS: 'false' });
    const activities = createInterpreterActivities(stack.ds, { adviceReturned: async () => undefined, notifyRole: async () => undefined }, mail);
    const before = smtp.messages.length;
    await new MockActivityEnvironment({ activityId: '3', workflowExecution: { workflowId: `ehcna/test/${created.body.id}`, runId: 'r' } } as never)
      .run(activities.notify, created.body.id, 'service_lead', 'One week left: escalate to service leads', { kind: 'escalation' as const });
    expect((await http.get('/notifications', USERS.leadSlt)).body.items[0]).toMatchObject({ kind: 'escalation', requestId: created.body.id });
    expect(smtp.messages.slice(before).some((m) => (m.to as { text: string }).text === USERS.leadSlt)).toBe(false);
    // Other test files share the demo users: put the lead's choice back.
    expect((await http.call('PUT', '/notifications/email-preference', USERS.leadSlt, { email: 'immediate' })).status).toBe(200);
  });
});
