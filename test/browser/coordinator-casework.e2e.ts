import type { Page } from 'playwright-core';
import { newRequestBody } from '../support/fixtures';
import { httpClient, USERS } from '../support/http';
import { uniqueSuffix } from '../support/test-env';
import { waitForOpenTask } from '../support/tasks';
import { checkScreen, fillDate } from './a11y';
import { signInAs, startWebHarness, type WebHarness } from './web-harness';

const daysAgo = (n: number) => new Date(Date.now() - n * 86400000).toISOString();
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const longDate = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);
const MAX_BYTES = 64 * 1024;

/**
 * The coordinator's screens in Chromium against the real API and workflow: the caseload (counts
 * per colour that filter, the colour's reason, search and filters in the URL), intake with the
 * LA's deadline and documents (a file refused by content and one too large, each named against the
 * file field), the different-child 409 with a link to the existing request, the same child going
 * to the existing request, and the request page (branches, task dates, documents, timeline).
 */
describe("coordinator's casework screens (in Chromium)", () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  const family = `Cw${uniqueSuffix()}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    process.env.DOCUMENT_MAX_BYTES = String(MAX_BYTES);
    h = await startWebHarness();
    page = h.page;
    http = httpClient(h.stack.baseUrl);
    // Four open requests of one family name (so a search shows only them): overdue, 3 days left, 8 left, 42 left.
    for (const [name, ago] of [['Olive', 50], ['Ruby', 39], ['Amber', 34], ['Grace', 0]] as const) {
      const res = await http.post('/requests', USERS.coordinator, newRequestBody({
        child: { givenName: name, familyName: family, dateOfBirth: '2017-03-02' },
        receivedAt: ago ? daysAgo(ago) : daysAgo(0.05),
        ...(name === 'Grace' ? { laDueDate: inDays(20) } : {}),
      }));
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
    }
    await page.goto(h.webUrl);
    await signInAs(page, USERS.coordinator);
  });
  afterAll(async () => {
    delete process.env.DOCUMENT_MAX_BYTES;
    await h?.close();
  });

  it('shows the caseload by colour with reasons; counts, filters, search and sort live in the URL', async () => {
    await page.goto(`${h.webUrl}requests?q=${family}`);
    const counts = page.getByRole('list', { name: /^Open requests by colour/ });
    await counts.getByRole('link', { name: /^2 Red/ }).waitFor();
    await counts.getByRole('link', { name: /^1 Amber/ }).waitFor();
    await counts.getByRole('link', { name: /^1 Green/ }).waitFor();

    const rowOf = (name: string) => page.getByRole('row').filter({ hasText: `${name} ${family}` });
    await rowOf('Olive').getByText(/^Overdue by \d+ days?$/).first().waitFor();
    await rowOf('Ruby').getByText(/days? left \(red at 5 or fewer\)/).waitFor();
    await rowOf('Amber').getByText(/days? left \(amber at 10 or fewer\)/).waitFor();
    await rowOf('Grace').getByText(longDate(inDays(20))).waitFor(); // the LA's own deadline
    // Earliest due first: the overdue request leads.
    expect(await page.locator('tbody tr').first().textContent()).toContain(`Olive ${family}`);
    await checkScreen(page, 'caseload');

    // A colour's count is a filter, kept in the URL; the counts still show every colour.
    await counts.getByRole('link', { name: /^2 Red/ }).click();
    await page.waitForURL(/colour=red/);
    // The previous page stays on screen while the filtered one loads: wait for the new caption.
    await page.getByText('2 red open requests matching the search and filters').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);
    await counts.getByRole('link', { name: /^1 Green/ }).waitFor();

    // Filters from the form, into the URL; a reload shows the same.
    // The filters are open (a search is on).
    await page.getByLabel('Statutory date').selectOption('true');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/overdue=true/);
    expect(new URL(page.url()).searchParams.get('q')).toBe(family);
    await page.reload();
    await page.getByText('1 red open request matching the search and filters').waitFor();
    await rowOf('Olive').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Statutory date').inputValue()).toBe('true');

    // Search by the child's full name; sort by LA reference.
    await page.goto(`${h.webUrl}requests?q=${encodeURIComponent(`Grace ${family}`)}`);
    await page.getByText('1 open request matching the search and filters').waitFor();
    await rowOf('Grace').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.goto(`${h.webUrl}requests?q=${family}`);
    await page.getByRole('link', { name: 'LA reference', exact: true }).click();
    await page.waitForURL(/sort=laReference/);
    await page.getByRole('link', { name: /LA reference ↑/ }).waitFor();

    // The closed tab has no colours.
    await page.getByRole('link', { name: 'Closed', exact: true }).click();
    await page.waitForURL(/tab=closed/);
    await page.getByText('No closed requests match.').waitFor();
    expect(await page.getByRole('list', { name: /^Open requests by colour/ }).count()).toBe(0);
  });

  it("records a request with the LA's deadline and its documents; a refused file is named against the file field", async () => {
    const laReference = `INT-${uniqueSuffix()}`;
    await page.goto(`${h.webUrl}requests/new`);
    await page.getByLabel('Local authority').selectOption({ index: 1 });
    await page.getByLabel('LA reference').fill(laReference);
    await page.getByLabel('Given name').fill('Ivy');
    await page.getByLabel('Family name').fill(family);
    await fillDate(page, 'Date of birth', '2016-09-14');
    await fillDate(page, "LA's own deadline (optional)", inDays(30));

    // A wrong extension is refused before anything is sent.
    const files = page.getByLabel('Documents from the LA (optional)');
    await files.setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text') }]);
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByRole('alert').getByRole('link', { name: /notes\.txt is not a PDF/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('nr-documents');
    expect((await http.get(`/requests?q=${laReference}`, USERS.coordinator)).body.items).toEqual([]);
    await checkScreen(page, 'new-request-file-error');

    // A good PDF, one that only claims to be a PDF, and one too large: the request is saved, the good file attached.
    await files.setInputFiles([
      { name: 'Referral letter.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') },
      { name: 'huge scan.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([pdf, Buffer.alloc(MAX_BYTES, 0x20)]) },
    ]);
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByRole('heading', { level: 1, name: "Attach the LA's documents" }).waitFor();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: /fake\.pdf is not a PDF.*judged by its content/ }).waitFor();
    await summary.getByRole('link', { name: /huge scan\.pdf \(\d+ KB\) is larger than SENDflow takes/ }).waitFor();
    await page.getByRole('status').filter({ hasText: `Request ${laReference} is saved` }).waitFor();
    await page.locator('.app-upload-list li', { hasText: 'Referral letter.pdf' }).getByText('Attached').waitFor();
    await checkScreen(page, 'new-request-documents');

    await page.getByRole('link', { name: 'Go to the request without them' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Ivy ${family}`) }).waitFor();
    const details = (await http.get(`/requests?q=${laReference}`, USERS.coordinator)).body.items[0];
    expect(details.laDueDate).toBe(inDays(30));
    await page.getByText(longDate(inDays(30))).first().waitFor();
    const docs = page.locator('section[aria-labelledby="la-documents-heading"]');
    const link = docs.getByRole('link', { name: /Referral letter\.pdf/ });
    await link.waitFor();
    expect(await docs.getByRole('link').count()).toBe(1);

    // Downloading is audited by the API.
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('Referral letter.pdf');
    const audit = await http.get(`/audit?requestId=${details.id}&action=request.document_download`, USERS.auditor);
    expect(audit.body.items.length).toBe(1);
  });

  it('refuses the same LA reference for a different child, linking the existing request; the same child opens it', async () => {
    const existing = (await http.post('/requests', USERS.coordinator, newRequestBody({
      laReference: `DUP-${uniqueSuffix()}`, child: { givenName: 'Dara', familyName: family, dateOfBirth: '2015-01-20' },
    }))).body;
    const fill = async (given: string, dob: string) => {
      await page.goto(`${h.webUrl}requests/new`);
      await page.getByLabel('Local authority').selectOption('E06000023');
      await page.getByLabel('LA reference').fill(existing.laReference);
      await page.getByLabel('Given name').fill(given);
      await page.getByLabel('Family name').fill(family);
      await fillDate(page, 'Date of birth', dob);
      await page.getByRole('button', { name: 'Create request' }).click();
    };

    await fill('Noor', '2016-05-05');
    const callout = page.getByRole('region', { name: /LA reference already used for another child/ });
    await callout.getByText('Nothing was saved.').waitFor();
    await page.getByRole('alert').getByRole('link', { name: /already a request for a different child/ }).waitFor();
    expect(await page.getByRole('textbox', { name: 'LA reference' }).getAttribute('aria-invalid')).toBe('true');
    expect(await callout.textContent()).not.toContain('Dara'); // the other child is not shown
    await checkScreen(page, 'new-request-conflict');
    await callout.getByRole('link', { name: `Open request ${existing.laReference}` }).click();
    // What was typed is still unsaved: leaving asks first.
    await page.getByRole('button', { name: 'Leave and lose changes' }).click();
    await page.waitForURL(new RegExp(`/requests/${existing.id}$`));
    await page.getByRole('heading', { level: 1, name: new RegExp(`Dara ${family}`) }).waitFor();

    await fill('Dara', '2015-01-20');
    await page.waitForURL(new RegExp(`/requests/${existing.id}$`));
    await page.getByRole('status').filter({ hasText: 'already recorded for this child' }).waitFor();
  });

  it('shows the request page: SOP, service branches, task target and statutory dates, timeline with who and which service', async () => {
    const id = ids.Grace;
    const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } })).status).toBe(200);
    const allocate = await waitForOpenTask(http, id, USERS.coordinator, 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['SLT'] } })).status).toBe(200);
    await waitForOpenTask(http, id, USERS.leadSlt, 'services/draft', 'SLT');
    const detail = (await http.get(`/requests/${id}`, USERS.coordinator)).body;

    await page.goto(`${h.webUrl}requests/${id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`Grace ${family}`) }).waitFor();
    await page.getByRole('link', { name: new RegExp(`${detail.sop.key}, version ${detail.sop.version}`) }).waitFor();
    const branches = page.locator('section[aria-labelledby="branches-heading"]');
    await branches.getByRole('row').filter({ hasText: 'SLT' }).filter({ hasText: 'Unassigned' }).waitFor();
    const taskRow = page.locator('section[aria-labelledby="tasks-heading"]').getByRole('row').filter({ hasText: 'Triage request' });
    await taskRow.getByText(longDate(detail.statutoryDueDate)).first().waitFor();
    await taskRow.getByText(/by Casey Coordinator/).waitFor();
    const timeline = page.locator('section[aria-labelledby="timeline-heading"] li');
    await timeline.filter({ hasText: 'Casey Coordinator' }).first().waitFor();
    await checkScreen(page, 'request-page');

    // A task the coordinator may see opens from the request (its answer, once completed), and leads back there.
    await taskRow.getByRole('link', { name: 'Triage request', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Triage request' }).waitFor();
    await page.getByRole('link', { name: 'Back to the request' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Grace ${family}`) }).waitFor();
  });

  it('says when a task target was capped at the statutory date (a request with 3 days left, allocated now)', async () => {
    const id = ids.Ruby;
    const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } })).status).toBe(200);
    const allocate = await waitForOpenTask(http, id, USERS.coordinator, 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['SLT'] } })).status).toBe(200);
    const draft = await waitForOpenTask(http, id, USERS.leadSlt, 'services/draft', 'SLT');
    const detail = (await http.get(`/requests/${id}`, USERS.coordinator)).body;
    expect(draft.dueDate).toBe(detail.statutoryDueDate);

    await page.goto(`${h.webUrl}requests/${id}`);
    const row = page.locator('section[aria-labelledby="tasks-heading"]').getByRole('row').filter({ hasText: 'Draft health advice' });
    await row.getByText('capped at the statutory date').waitFor();
  });

  it('completes a task opened from the request page and comes back to the request, saying so', async () => {
    await waitForOpenTask(http, ids.Amber, USERS.coordinator, 'triage');
    await page.goto(`${h.webUrl}requests/${ids.Amber}`);
    const tasks = page.locator('section[aria-labelledby="tasks-heading"]');
    await tasks.getByRole('link', { name: 'Triage request', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Triage request' }).waitFor();
    await page.getByRole('group', { name: 'Is the request complete?' }).getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Complete task' }).click();

    await page.getByRole('heading', { level: 1, name: new RegExp(`Amber ${family}`) }).waitFor();
    await page.getByRole('status').filter({ hasText: '“Triage request” completed' }).waitFor();
    await tasks.getByRole('link', { name: 'Allocate to services', exact: true }).waitFor();
  });
});
