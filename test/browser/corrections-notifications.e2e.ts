import type { Page } from 'playwright-core';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createInterpreterActivities } from '../../apps/worker/src/activities/interpreter.activities';
import { allCriteriaMet, newRequestBody, proForma } from '../support/fixtures';
import { eventually, httpClient, USERS } from '../support/http';
import { waitForOpenTask, waitForStatus } from '../support/tasks';
import { checkScreen } from './a11y';
import { signInAs, signOut, startWebHarness, type WebHarness } from './web-harness';

/**
 * In Chromium against the real API and workflows: the coordinator reopens returned advice for a
 * correction, SLT amends its section, the coordinator sends version 2, and the request page lists
 * both versions with their delivery; the header shows the unread notifications, which the
 * coordinator reads on the notifications page, and the daily digest is chosen in the settings.
 */
describe('corrections after return and notifications (in Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  let requestId: string;

  beforeAll(async () => {
    h = await startWebHarness();
    page = h.page;
    http = httpClient(h.stack.baseUrl);
    // A request returned on the seeded LA's manual channel (the coordinator uploads to its portal).
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ child: { givenName: 'Rory', familyName: 'Revise', dateOfBirth: '2017-09-01', nhsNumber: '9434765919' } }));
    requestId = created.body.id;
    const done = async (as: string, nodePath: string, outcome: string, data: unknown, svc?: string) => {
      const t = await waitForOpenTask(http, requestId, as, nodePath, svc);
      expect((await http.post(`/tasks/${t.id}/complete`, as, { outcome, data })).status).toBe(200);
    };
    await done(USERS.coordinator, 'triage', 'accepted', { complete: true });
    await done(USERS.coordinator, 'allocate', 'allocated', { services: ['SLT'] });
    await done(USERS.slt, 'services/draft', 'submitted', proForma, 'SLT');
    await done(USERS.qa, 'services/review', 'approved', allCriteriaMet, 'SLT');
    await done(USERS.coordinator, 'return', 'sent', { method: 'portal', sentTo: 'Council EHC Hub' });
    await waitForStatus(http, requestId, USERS.coordinator, 'returned');
    await page.goto(h.webUrl);
  });
  afterAll(async () => {
    await http?.call('PUT', '/notifications/email-preference', USERS.coordinator, { email: 'immediate' });
    await h?.close();
  });

  it('reopens returned advice with a reason; version 2 follows the amendment and is listed beside version 1 with its delivery', async () => {
    await signInAs(page, USERS.coordinator);
    await page.goto(`${h.webUrl}requests/${requestId}`);
    const docs = page.locator('section[aria-labelledby="documents-heading"]');
    await docs.getByRole('row').filter({ hasText: 'Health advice' }).getByText(/^Delivered .* \(manual\)$/).waitFor();

    await docs.getByRole('button', { name: 'Reopen the advice for a correction' }).click();
    await docs.getByRole('heading', { name: 'Reopen the advice for a correction (version 2)' }).waitFor();
    await docs.getByRole('button', { name: 'Reopen the advice', exact: true }).click();
    await page.getByRole('alert').getByRole('link', { name: /Enter why the local authority needs a corrected version/ }).waitFor();
    await checkScreen(page, 'reopen-advice-errors');

    const reason = 'The speech and language therapy provision should be twice weekly, not three times';
    await page.getByLabel('Why the local authority needs a corrected version').fill(reason);
    await page.getByLabel('Speech and language therapy').check();
    await docs.getByRole('button', { name: 'Reopen the advice', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Advice reopened. Version 2 will be issued' }).waitFor();
    await page.locator('.app-timeline').getByText(/Advice reopened for a correction \(version 2\); SLT to amend/).waitFor();

    // SLT opens its amendment: the form starts from the advice it returned. The coordinator sends version 2.
    const amend = await waitForOpenTask(http, requestId, USERS.slt, 'correction/amend', 'SLT');
    await signOut(page);
    await signInAs(page, USERS.slt);
    await page.goto(`${h.webUrl}tasks/${amend.id}`);
    await page.getByRole('heading', { level: 1, name: /Amend your advice for the correction \(version 2\)/ }).waitFor();
    expect(await page.getByLabel('Health needs', { exact: true }).inputValue()).toBe(proForma.healthNeeds);
    await checkScreen(page, 'correction-amend-task');
    await signOut(page);
    await signInAs(page, USERS.coordinator);
    await page.goto(`${h.webUrl}requests/${requestId}`);
    const amended = { ...proForma, provision: [{ ...proForma.provision[0], frequency: '2 x 30 minutes weekly' }] };
    expect((await http.post(`/tasks/${amend.id}/complete`, USERS.slt, { outcome: 'submitted', data: amended })).status).toBe(200);
    const send = await waitForOpenTask(http, requestId, USERS.coordinator, 'correction/send_correction');
    await page.getByRole('cell', { name: /^Check the correction \(version 2\) and send it to/ }).waitFor();
    expect((await http.post(`/tasks/${send.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'portal', sentTo: 'Council EHC Hub' } })).status).toBe(200);
    await eventually(async () => (await http.get(`/requests/${requestId}/advice-documents`, USERS.coordinator)).body[1]?.deliveryStatus === 'delivered', { what: 'version 2 delivered' });

    await page.reload();
    const rows = docs.getByRole('row').filter({ hasText: 'Health advice' });
    await rows.nth(1).getByText(`(correction: ${reason})`).waitFor();
    expect(await rows.count()).toBe(2);
    for (const i of [0, 1]) await rows.nth(i).getByText(/^Delivered .* \(manual\)$/).waitFor();
    expect(await rows.nth(1).getByRole('cell').nth(1).textContent()).toBe('2');
    await docs.getByRole('link', { name: 'PDF of Health advice version 2' }).waitFor();
    await docs.getByRole('button', { name: 'Reopen the advice for a correction' }).waitFor(); // version 3 may follow
    await checkScreen(page, 'request-corrections');
  });

  it('shows the unread count in the header; the notifications page reads one, then all; the settings choose the daily digest', async () => {
    const activities = createInterpreterActivities(h.stack.ds, { adviceReturned: async () => undefined, notifyRole: async () => undefined });
    for (const [activityId, kind, message] of [['21', 'reminder', 'Four weeks since receipt: check every service has started'], ['22', 'escalation', 'One week left: escalate to the service leads']] as const) {
      await new MockActivityEnvironment({ activityId, workflowExecution: { workflowId: `ehcna/browser/${requestId}`, runId: 'r1' } } as never)
        .run(activities.notify, requestId, 'coordinator', message, { kind });
    }
    const unread = (await http.get('/notifications/unread-count', USERS.coordinator)).body.unread;
    expect(unread).toBeGreaterThanOrEqual(2);
    await page.reload();
    const link = page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: `Notifications ${unread > 99 ? '99+' : unread} unread` });
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByText(`You have ${unread} unread notification`).waitFor();
    await checkScreen(page, 'notifications');

    await page.getByRole('button', { name: /^Mark as read\W+One week left: escalate to the service leads$/ }).first().click();
    await page.getByText(`You have ${unread - 1} unread notification`).waitFor();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: `Notifications ${unread - 1} unread` }).waitFor();
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.getByText('You have no unread notifications.').waitFor();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Notifications', exact: true }).waitFor();

    await page.getByRole('link', { name: 'Choose how they reach you by email' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
    expect(await page.getByLabel('Email me each one as it happens').isChecked()).toBe(true);
    await page.getByLabel('Email me a daily digest').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved. Email me a daily digest.' }).waitFor();
    expect((await http.get('/notifications/email-preference', USERS.coordinator)).body).toEqual({ email: 'digest' });
    await checkScreen(page, 'notification-settings');
  });
});
