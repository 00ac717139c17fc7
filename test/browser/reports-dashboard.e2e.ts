import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { pdfText } from '../support/documents';
import { USERS } from '../support/http';
import { ensureLocalAuthority, insertHandBuiltRequest, insertTask } from '../support/report-data';
import { checkScreen } from './a11y';
import { signInAs, startWebHarness, type WebHarness } from './web-harness';

/**
 * The timeliness dashboard in Chromium: the auditor opens Reports, chooses a period (a bad month
 * is named against its field), sees the chart with the same figures in the table beside it, and
 * downloads the CSV the API answers. Due dates in 2018 belong to this file alone.
 */
/**
 * Work in flight for the pipeline screen, relative to today, on two services of this file's own (so
 * approvals made by other files' workflows do not move their medians): approvals in the last months
 * (Dashboard physiotherapy: allocation to approval 10, 20 and 30 days, median 20, one reworked;
 * Dashboard dietetics: 8 and 12 days, median 10) and open requests at every colour. The request
 * due in 10 days whose physiotherapy was allocated 5 days ago needs about 15 more: predicted to breach.
 */
const PHYS = 'DPHY';
const DIET = 'DDIE';
let predictedId = '';
async function seedPipeline(ds: WebHarness['stack']['ds']): Promise<void> {
  await ds.query(`INSERT INTO services (code, name) VALUES ($1, 'Dashboard physiotherapy'), ($2, 'Dashboard dietetics') ON CONFLICT DO NOTHING`, [PHYS, DIET]);
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * 86_400_000);
  const [{ today }] = await ds.query(`SELECT to_char((now() AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS today`);
  const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const approvals: [string, number, number, boolean][] = [[PHYS, 40, 30, false], [PHYS, 50, 30, false], [PHYS, 90, 60, true], [DIET, 38, 30, false], [DIET, 72, 60, true]];
  for (const [svc, allocated, approved, rework] of approvals) {
    const id = await insertHandBuiltRequest(ds, { la: 'E99WEB01', services: [svc], effectiveReceiptDate: inDays(-allocated - 5), dueDate: inDays(-allocated + 37), status: 'returned', returnedAt: ago(approved - 1).toISOString() });
    await insertTask(ds, { requestId: id, serviceCode: svc, form: 'pro_forma', outcome: 'submitted', openedAt: ago(allocated), completedAt: ago(allocated - 5) });
    if (rework) await insertTask(ds, { requestId: id, serviceCode: svc, form: 'qa_review', outcome: 'rework', openedAt: ago(allocated - 6), completedAt: ago(allocated - 7) });
    await insertTask(ds, { requestId: id, serviceCode: svc, form: 'qa_review', outcome: 'approved', openedAt: ago(approved + 2), completedAt: ago(approved) });
  }
  const open: [string, number, number][] = [[PHYS, -3, 40], [DIET, 2, 30], [PHYS, 8, 20], [PHYS, 10, 5], [DIET, 20, 10], [PHYS, 30, 3], [DIET, 35, 2]];
  for (const [svc, left, allocatedAgo] of open) {
    const id = await insertHandBuiltRequest(ds, { la: 'E99WEB01', services: [svc], effectiveReceiptDate: inDays(left - 42), dueDate: inDays(left), status: 'in_progress' });
    await insertTask(ds, { requestId: id, serviceCode: svc, form: 'pro_forma', openedAt: ago(allocatedAgo) });
    if (svc === PHYS && left === 10) predictedId = id;
  }
}

describe('timeliness dashboard (in Chromium)', () => {
  let h: WebHarness;
  let page: Page;

  beforeAll(async () => {
    h = await startWebHarness();
    page = h.page;
    const ds = h.stack.ds;
    await ensureLocalAuthority(ds, 'E99WEB01', 'Dashboard Test Borough');
    // June 2018: one on time (40 days), one late (48 days); July 2018: one on time (30 days). Median and p90 by hand: June 44 / 47.2, total 40 / 46.4.
    await insertHandBuiltRequest(ds, { la: 'E99WEB01', services: ['SLT'], effectiveReceiptDate: '2018-05-01', dueDate: '2018-06-12', status: 'returned', returnedAt: '2018-06-10T10:00:00Z' });
    await insertHandBuiltRequest(ds, { la: 'E99WEB01', services: ['OT'], effectiveReceiptDate: '2018-05-03', dueDate: '2018-06-14', status: 'returned', returnedAt: '2018-06-20T10:00:00Z' });
    await insertHandBuiltRequest(ds, { la: 'E99WEB01', services: ['SLT'], effectiveReceiptDate: '2018-06-01', dueDate: '2018-07-13', status: 'returned', returnedAt: '2018-07-01T10:00:00Z' });
    await seedPipeline(ds);
  });
  afterAll(async () => h?.close());

  it('shows the figures as a chart and a table, names a bad month against its field, and downloads the CSV', async () => {
    await page.goto(h.webUrl);
    await signInAs(page, USERS.auditor);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Timeliness of health advice' }).waitFor();

    await page.getByLabel('From month').fill('2018-13');
    await page.getByLabel('To month').fill('2018-07');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.locator('#timeliness-from-error').waitFor();
    expect(await page.locator('#timeliness-from-error').innerText()).toMatch(/from must be a month YYYY-MM/);

    await page.getByLabel('From month').fill('2018-06');
    await page.getByLabel('To month').fill('2018-07');
    await page.getByRole('button', { name: 'Show figures' }).click();
    const table = page.getByRole('table', { name: /Timeliness by month due, 2018-06 to 2018-07/ });
    await table.waitFor();
    expect(new URL(page.url()).search).toBe('?from=2018-06&to=2018-07&by=month');
    const cells = async (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell').allInnerTexts();
    expect(await cells('June 2018')).toEqual(['2', '1', '1', '0', '0', '0', '50.0%', '44', '47.2']);
    expect(await cells('July 2018')).toEqual(['1', '1', '0', '0', '0', '0', '100.0%', '30', '30']);
    expect(await page.getByTestId('timeliness-total').innerText()).toMatch(/66\.7% on time from 2018-06 to 2018-07: 2 on time, 1 late/);
    // The chart draws one bar per month.
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.locator('.recharts-bar-rectangle').count()).toBe(2);
    await checkScreen(page, 'reports-timeliness');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('timeliness-by-month-2018-06-to-2018-07.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('month,name,due,on_time,late,open,exceptions,not_known,percent_on_time,median_days_to_response,p90_days_to_response');
    expect(csv.slice(1)).toEqual(['2018-06,June 2018,2,1,1,0,0,0,50,44,47.2', '2018-07,July 2018,1,1,0,0,0,0,100,30,30', 'total,2018-06 to 2018-07,3,2,1,0,0,0,66.7,40,46.4']);
  });

  it('pipeline: open work by days left with its table, the prediction rule in words, rework and throughput with their CSVs', async () => {
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Pipeline' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    await page.getByRole('table', { name: 'Open requests by days left to the statutory date' }).waitFor();
    expect(await page.getByTestId('prediction-rule').innerText()).toMatch(/^The rule: For each service allocated to an open request and not yet approved: the service's median days from allocation to approval over the last 180 days/);
    await page.getByTestId('predicted-count').waitFor();
    const medians = page.getByRole('table', { name: 'Approvals in the last 180 days' });
    expect(await medians.getByRole('row', { name: /^Dashboard physiotherapy/ }).getByRole('cell').allInnerTexts()).toEqual(['20', '3']);
    expect(await medians.getByRole('row', { name: /^Dashboard dietetics/ }).getByRole('cell').allInnerTexts()).toEqual(['10', '2']);
    const predicted = page.getByRole('table', { name: 'Requests predicted to breach, soonest due first' });
    const row = predicted.getByRole('row', { name: new RegExp(`^Request ${predictedId.slice(0, 8)}`) });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(['E99WEB01', expect.any(String), '10', 'Dashboard physiotherapy: 5 days since allocation, median 20, needs about 15 more']);
    // The default period is the last 12 months: both services' approvals and rework are in it.
    const rework = page.getByRole('table', { name: /^Rework rate by service, / });
    expect(await rework.getByRole('row', { name: /^Dashboard physiotherapy/ }).getByRole('cell').allInnerTexts()).toEqual(['3', '1', '33.3%']);
    expect(await rework.getByRole('row', { name: /^Dashboard dietetics/ }).getByRole('cell').allInnerTexts()).toEqual(['2', '1', '50.0%']);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await checkScreen(page, 'reports-pipeline');

    await page.getByLabel('From month').fill('2018-06');
    await page.getByLabel('To month').fill('2018-13');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.locator('#pipeline-to-error').waitFor();
    expect(await page.locator('#pipeline-to-error').innerText()).toMatch(/to must be a month YYYY-MM/);
    await page.getByLabel('To month').fill('2018-07');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.getByRole('table', { name: 'Rework rate by service, 2018-06 to 2018-07' }).waitFor();
    expect(new URL(page.url()).search).toBe('?from=2018-06&to=2018-07');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV of requests predicted to breach' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^pipeline-predicted-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(fs.readFileSync((await download.path())!, 'utf8').split('\r\n')[0]).toBe('request_id,local_authority,due_date,days_left,service,days_since_allocation,service_median_days,expected_days_needed');
  });

  it('board report: a PDF for the chosen months, with the same figures as the screen', async () => {
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Board report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Board report' }).waitFor();
    await page.getByLabel('From month').fill('2018-06');
    await page.getByLabel('To month').fill('2018-07');
    await checkScreen(page, 'reports-board');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the board report (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe('board-report-2018-06-to-2018-07.pdf');
    const pdf = await pdfText(fs.readFileSync((await download.path())!));
    expect(pdf.text).toContain('66.7% of health advice due in the period was returned within the statutory 6 weeks: 2 on time, 1 late, 0 not yet due, of 3 requests due.');
    expect(pdf.text).toMatch(/June 2018 2 1 1 0 0 0 50\.0% 44 47\.2/);
    expect(pdf.text).toContain('Dashboard Test Borough 3 2 1 0 0 0 66.7% 40 46.4');
    await page.getByText('Downloaded board-report-2018-06-to-2018-07.pdf.').waitFor();
  });
});
