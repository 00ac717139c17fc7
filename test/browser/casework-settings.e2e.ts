import type { Page } from 'playwright-core';
import { EHCNA_DCO_SIGNOFF_SOP } from '@sendflow/sop';
import { newRequestBody, proForma } from '../support/fixtures';
import { httpClient, USERS } from '../support/http';
import { waitForOpenTask } from '../support/tasks';
import { uniqueSuffix } from '../support/test-env';
import { checkScreen } from './a11y';
import { signInAs, signOut, startWebHarness, type WebHarness } from './web-harness';

/**
 * What the web takes from the trust's own set-up, in Chromium against the real API and workflow:
 * the red/amber/green thresholds (RAG_RED_DAYS / RAG_AMBER_DAYS, set here to 35 / 40 so a request
 * with about 32 days left is red, where the defaults would make it green); the caseload's stage
 * filter offering the steps of a trust's own published SOP; and a completion the workflow accepted
 * but had not finished (202), which the task page says is still being processed until it is.
 */
describe('the trust\'s settings and SOP in the web app; a completion still being processed (in Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  const saved = { red: process.env.RAG_RED_DAYS, amber: process.env.RAG_AMBER_DAYS };
  const sopKey = `own-${uniqueSuffix()}`;
  let ownRequest = { id: '', laReference: '' };
  let triageRequest = { id: '', laReference: '' };

  beforeAll(async () => {
    // Read when the API starts (and checked there), so set before the harness starts it.
    process.env.RAG_RED_DAYS = '35';
    process.env.RAG_AMBER_DAYS = '40';
    h = await startWebHarness();
    page = h.page;
    http = httpClient(h.stack.baseUrl);

    // A trust's own SOP (a copy of the DCO sign-off shape under its own key), published.
    const sop = await http.post('/sops', USERS.sop, { ...EHCNA_DCO_SIGNOFF_SOP, key: sopKey, name: 'Our own advice SOP' });
    expect(sop.status).toBe(201);
    expect((await http.post(`/sops/${sop.body.id}/publish`, USERS.sop)).status).toBe(200);
    const own = newRequestBody({ sopKey, ehcpFlag: false, child: { givenName: 'Olive', familyName: 'Ownsop', dateOfBirth: '2017-03-02' } });
    ownRequest = { id: (await http.post('/requests', USERS.coordinator, own)).body.id, laReference: own.laReference };
    const done = (id: string, as: string, outcome: string, data: unknown) => http.post(`/tasks/${id}/complete`, as, { outcome, data });
    await done((await waitForOpenTask(http, ownRequest.id, USERS.coordinator, 'triage')).id, USERS.coordinator, 'accepted', { complete: true, knownServices: ['SLT'] });
    await done((await waitForOpenTask(http, ownRequest.id, USERS.coordinator, 'allocate')).id, USERS.coordinator, 'allocated', { services: ['SLT'] });
    await done((await waitForOpenTask(http, ownRequest.id, USERS.slt, 'per_service/draft', 'SLT')).id, USERS.slt, 'submitted', proForma);
    await waitForOpenTask(http, ownRequest.id, USERS.leadSlt, 'per_service/lead_review', 'SLT');

    // Received ten days ago: about 32 days left.
    const tenDaysAgo = newRequestBody({ receivedAt: new Date(Date.now() - 10 * 86400000).toISOString(), child: { givenName: 'Tara', familyName: 'Thresholds', dateOfBirth: '2016-06-06' } });
    triageRequest = { id: (await http.post('/requests', USERS.coordinator, tenDaysAgo)).body.id, laReference: tenDaysAgo.laReference };
    await waitForOpenTask(http, triageRequest.id, USERS.coordinator, 'triage');
    await page.goto(h.webUrl);
  });
  afterAll(async () => {
    await h?.close();
    for (const [name, value] of [['RAG_RED_DAYS', saved.red], ['RAG_AMBER_DAYS', saved.amber]] as const) {
      if (value === undefined) delete process.env[name]; else process.env[name] = value;
    }
  });

  it("coordinator: the stage filter offers the trust's own SOP's steps and finds the request waiting at one", async () => {
    await signInAs(page, USERS.coordinator);
    await page.goto(`${h.webUrl}requests`);
    await page.getByText('Search and filter').click();
    const stage = page.getByLabel('Stage');
    await stage.locator('option', { hasText: 'Service lead review' }).waitFor({ state: 'attached' });
    // The default SOP's steps are there too, in the order a request meets them.
    const options = await stage.locator('option').allTextContents();
    expect(options.indexOf('Triage request')).toBeLessThan(options.indexOf('Quality review'));
    await stage.selectOption({ label: 'Service lead review' });
    await page.getByLabel('Search', { exact: true }).fill(ownRequest.laReference);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/stage=per_service%2Flead_review/);
    await page.getByRole('row').filter({ hasText: ownRequest.laReference }).getByText('Service lead review').waitFor();
    await checkScreen(page, 'caseload-own-sop-stage');
  });

  it("coordinator: the task page's days-left tag uses the trust's thresholds; a completion still being processed says so, then moves on", async () => {
    const triage = await waitForOpenTask(http, triageRequest.id, USERS.coordinator, 'triage');
    expect(triage.daysLeft).toBeLessThanOrEqual(35);
    expect(triage.daysLeft).toBeGreaterThan(10);
    // The API answers 202 when the workflow has the completion but has not finished within its wait
    // (TASK_COMPLETION_WAIT_MS). The real completion goes through; the browser is told 202, and its
    // first reads of the task are held back a little, as a slow worker would.
    await page.route(`**/api/tasks/${triage.id}/complete`, async (route) => {
      const real = await route.fetch();
      if (real.status() !== 200) return route.fulfill({ response: real });
      await route.fulfill({
        status: 202, contentType: 'application/json',
        body: JSON.stringify({ accepted: true, taskId: triage.id, message: 'Accepted: the workflow is still applying it.', location: `/api/tasks/${triage.id}` }),
      });
    });
    let reads = 0;
    await page.route(`**/api/tasks/${triage.id}`, async (route) => {
      if (route.request().method() === 'GET' && ++reads <= 3) await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });

    await page.goto(`${h.webUrl}tasks/${triage.id}`);
    await page.getByRole('heading', { level: 1, name: 'Triage request' }).waitFor();
    const tag = page.locator('.nhsuk-summary-list').getByText(/\d+ days left/);
    await tag.waitFor();
    // 35 / 40: about 32 days left is red here (the defaults, 5 / 10, would make it green).
    expect(await tag.getAttribute('class')).toContain('nhsuk-tag--red');
    reads = 0;
    await page.getByLabel('Accept', { exact: true }).check();
    await page.getByRole('group', { name: 'Is the request complete?' }).getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Complete task' }).click();
    const processing = page.getByRole('status').filter({ hasText: 'Submitted — still being processed' });
    await processing.waitFor();
    await checkScreen(page, 'task-still-processing');
    // Once the task reads as done, the page moves on and says so.
    await page.getByRole('status').filter({ hasText: '“Triage request” completed' }).waitFor({ timeout: 30000 });
    expect(reads).toBeGreaterThanOrEqual(1);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await signOut(page);
  });
});
