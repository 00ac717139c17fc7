import type { Page } from 'playwright-core';
import { newRequestBody } from '../support/fixtures';
import { httpClient, USERS } from '../support/http';
import { waitForOpenTask } from '../support/tasks';
import { checkScreen, fillDate } from './a11y';
import { signInAs, signOut, startWebHarness, type WebHarness } from './web-harness';

/** `2027-01-12` -> `12 January 2027`, as the web app writes calendar dates. */
const longDate = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

/**
 * The request screen in Chromium against the real API and workflow: the coordinator records a
 * reg 8(2) pause (a bad date range is named against its field first) and sees the moved due date
 * with its explanation; a service lead gives their service's task to a member and everyone sees who has it;
 * the coordinator gives triage to a coordinator.
 */
describe('request screen: statutory exceptions and assignment (in Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  let requestId: string;
  let draftTaskId: string;

  beforeAll(async () => {
    h = await startWebHarness();
    page = h.page;
    http = httpClient(h.stack.baseUrl);
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ child: { givenName: 'Pat', familyName: 'Pause', dateOfBirth: '2018-04-12' } }));
    expect(created.status).toBe(201);
    requestId = created.body.id;
    const triage = await waitForOpenTask(http, requestId, USERS.coordinator, 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } })).status).toBe(200);
    const allocate = await waitForOpenTask(http, requestId, USERS.coordinator, 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['SLT'] } })).status).toBe(200);
    draftTaskId = (await waitForOpenTask(http, requestId, USERS.leadSlt, 'services/draft', 'SLT')).id;
    await page.goto(h.webUrl);
  });
  afterAll(async () => h?.close());

  it('records a pause through the form: a bad range is named against its field, then the due date moves with its explanation', async () => {
    const base = (await http.get(`/requests/${requestId}`, USERS.coordinator)).body;
    await signInAs(page, USERS.coordinator);
    await page.goto(`${h.webUrl}requests/${requestId}`);
    await page.getByRole('heading', { name: `Why is this due on ${longDate(base.statutoryDueDate)}?` }).waitFor();
    await page.locator('section[aria-labelledby="deadline-heading"]').getByText('None recorded.').waitFor();

    await page.getByRole('button', { name: 'Record a pause or extension' }).click();
    await page.getByLabel('Pause: the clock stops for a run of days').check();
    await page.getByLabel('Exception', { exact: true }).selectOption('exceptional_personal_circumstances');
    await fillDate(page, 'First day of the pause', inDays(10));
    await fillDate(page, 'Last day of the pause', inDays(5));
    await page.getByLabel('Evidence').fill('Hospital admission letter on file');
    await page.getByRole('button', { name: 'Record exception' }).click();

    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: /^Last day of the pause: .* must not be before from/ }).waitFor();
    expect(await page.getByRole('group', { name: 'Last day of the pause' }).getByLabel('Day').getAttribute('aria-invalid')).toBe('true');
    await checkScreen(page, 'record-exception-errors');
    expect((await http.get(`/requests/${requestId}`, USERS.coordinator)).body.deadlineExceptions).toEqual([]);

    await fillDate(page, 'Last day of the pause', inDays(14));
    await page.getByRole('button', { name: 'Record exception' }).click();
    await page.getByRole('status').filter({ hasText: 'Exception recorded.' }).waitFor();

    const after = (await http.get(`/requests/${requestId}`, USERS.coordinator)).body;
    expect(after.statutoryDueDate > base.statutoryDueDate).toBe(true);
    expect(after.baseDueDate).toBe(base.statutoryDueDate);
    await page.getByRole('status').filter({ hasText: `now due on ${longDate(after.statutoryDueDate)}` }).waitFor();
    await page.getByRole('heading', { name: `Why is this due on ${longDate(after.statutoryDueDate)}?` }).waitFor();
    await page.locator('section[aria-labelledby="why-due"] li').filter({ hasText: /^Pause .*exceptional personal circumstances/ }).waitFor();

    const deadline = page.locator('section[aria-labelledby="deadline-heading"]');
    await deadline.getByText(longDate(base.statutoryDueDate)).waitFor();
    const row = deadline.getByRole('row').filter({ hasText: 'Hospital admission letter on file' });
    await row.getByText('SEND Regulations 2014 reg 8(2)(a)').waitFor();
    await row.getByText(`${longDate(inDays(10))} to ${longDate(inDays(14))}`).waitFor();
    await row.getByText('Casey Coordinator').waitFor();
  });

  it("lets a service lead assign their service's task, and shows everyone who has it", async () => {
    await signOut(page);
    await signInAs(page, USERS.leadSlt);
    await page.goto(`${h.webUrl}requests/${requestId}`);
    const row = page.getByRole('row').filter({ hasText: 'Draft health advice' });
    await row.locator('.assignee', { hasText: 'Unassigned' }).waitFor();
    // By user id: display names need not be unique (other test files add users to SLT).
    const samId = (await http.get('/me', USERS.slt)).body.userId;
    await row.getByLabel('Assign “Draft health advice” to').selectOption(samId);
    await row.getByRole('button', { name: 'Assign “Draft health advice”' }).click();
    await page.getByRole('status').filter({ hasText: '“Draft health advice” assigned to Sam Speech.' }).waitFor();
    await row.locator('.assignee', { hasText: 'Sam Speech' }).waitFor();
    expect((await http.get(`/tasks/${draftTaskId}`, USERS.leadSlt)).body).toMatchObject({ assigneeId: samId, assigneeName: 'Sam Speech' });

    // The practitioner sees it is theirs, and has no assign control.
    await signOut(page);
    await signInAs(page, USERS.slt);
    await page.goto(`${h.webUrl}tasks?requestId=${requestId}`);
    const mine = page.getByRole('row').filter({ hasText: 'Draft health advice' });
    await mine.locator('.assignee', { hasText: 'Sam Speech (you)' }).waitFor();
    expect(await mine.getByRole('button', { name: /^Assign/ }).count()).toBe(0);
  });

  it('lets the coordinator give work that belongs to no service (triage) to a coordinator', async () => {
    const other = (await http.post('/requests', USERS.coordinator, newRequestBody())).body.id;
    await waitForOpenTask(http, other, USERS.coordinator, 'triage');
    await signOut(page);
    await signInAs(page, USERS.coordinator);
    await page.goto(`${h.webUrl}requests/${other}`);
    const row = page.getByRole('row').filter({ hasText: 'Triage request' });
    const me = (await http.get('/me', USERS.coordinator)).body.userId;
    await row.getByLabel('Assign “Triage request” to').selectOption(me);
    await row.getByRole('button', { name: 'Assign “Triage request”' }).click();
    await page.getByRole('status').filter({ hasText: '“Triage request” assigned to Casey Coordinator.' }).waitFor();
    await row.locator('.assignee', { hasText: 'Casey Coordinator (you)' }).waitFor();
  });
});
