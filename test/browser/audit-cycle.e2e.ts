import type { Page } from 'playwright-core';
import { DEFAULT_AUDIT_CRITERIA } from '@sendflow/domain';
import { USERS } from '../support/http';
import { ensureLocalAuthority, insertAdviceDocument, insertHandBuiltRequest, insertReviewTask } from '../support/report-data';
import { checkScreen, fillDate } from './a11y';
import { signInAs, startWebHarness, type WebHarness } from './web-harness';

/**
 * The quality audit cycle in Chromium, as an auditor works it: open a round for March 2016 with a
 * seed, draw the seed again and see the same sample, score each sampled advice while reading it
 * (the compiled document's preview beside the criteria), close the round, and find its pass rates
 * on the quality dashboard beside the QA reviewers' rates. Advice returned in March 2016 belongs
 * to this file alone.
 */
const LA = { code: 'E99AUC01', name: 'Audit Cycle Borough' };
const NEEDS = ['Developmental language disorder', 'Speech sound disorder', 'Stammering affecting participation'];

describe('quality audit cycle (in Chromium)', () => {
  let h: WebHarness;
  let page: Page;

  beforeAll(async () => {
    h = await startWebHarness();
    page = h.page;
    const ds = h.stack.ds;
    await ensureLocalAuthority(ds, LA.code, LA.name);
    for (const [i, needs] of NEEDS.entries()) {
      const day = `2016-03-${String(10 + i).padStart(2, '0')}`;
      const id = await insertHandBuiltRequest(ds, { la: LA.code, services: ['SLT'], effectiveReceiptDate: '2016-02-01', dueDate: '2016-03-14', status: 'returned', returnedAt: `${day}T12:00:00Z` });
      await insertAdviceDocument(ds, id, { la: LA, laReference: `AUC-${i + 1}`, returnedOn: day, healthNeeds: needs });
      // QA reviewers passed "sources dated" on two of the three reviews in March 2016.
      await insertReviewTask(ds, id, 'SLT', `${day}T09:00:00Z`, { sources_dated: { result: i === 2 ? 'fail' : 'pass' } });
    }
  });
  afterAll(async () => h?.close());

  it('opens a round with a seed, re-draws it, scores each advice beside its preview, closes it, and shows the pass rates', async () => {
    await page.goto(h.webUrl);
    await signInAs(page, USERS.auditor);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Audit rounds' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit rounds' }).waitFor();

    // An empty form: each problem named against its field.
    await page.getByLabel('Sample size').fill('');
    await page.getByRole('button', { name: 'Open round and draw the sample' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/Enter a title for the round[\s\S]*first day of the period[\s\S]*last day of the period[\s\S]*sample size as a whole number/);
    await checkScreen(page, 'reports-audit-rounds');

    await page.getByLabel('Title').fill('March 2016 audit');
    await fillDate(page, 'First day of the period', '2016-03-01');
    await fillDate(page, 'Last day of the period', '2016-03-31');
    await page.getByLabel('Sample size').fill('3');
    await page.getByLabel('Seed (optional)').fill('board-2016-03');
    await page.getByRole('button', { name: 'Open round and draw the sample' }).click();
    await page.getByRole('heading', { level: 1, name: 'March 2016 audit' }).waitFor();
    await page.getByText('3 returned advice documents were drawn with seed board-2016-03').waitFor();
    expect(await page.getByTestId('round-seed').innerText()).toBe('board-2016-03');

    await page.getByRole('button', { name: 'Draw the sample again with this seed' }).click();
    await page.getByTestId('redraw-result').waitFor();
    expect(await page.getByTestId('redraw-result').innerText()).toMatch(/Same sample: seed board-2016-03 drew the same 3 requests in the same order/);
    await checkScreen(page, 'reports-audit-round');

    // Score each advice in turn; "Save and score the next advice" moves on. Sources dated fails on the first.
    await page.getByRole('link', { name: 'Score advice 1' }).click();
    for (let n = 1; n <= 3; n++) {
      await page.getByRole('heading', { level: 1, name: `Advice ${n} of 3` }).waitFor();
      // The advice being scored is on the screen: its preview shows the health needs the author wrote.
      const preview = page.frameLocator('iframe[title^="The health advice"]');
      await preview.getByText(new RegExp(NEEDS.join('|'))).first().waitFor();
      if (n === 1) {
        await page.getByRole('button', { name: 'Save and score the next advice' }).click();
        const problems = page.getByRole('alert').filter({ hasText: 'There is a problem' });
        await problems.waitFor();
        expect(await problems.innerText()).toContain('Free from jargon, or jargon explained: choose pass, fail or not applicable');
      }
      for (const c of DEFAULT_AUDIT_CRITERIA) {
        const result = n === 1 && c.id === 'sources_dated' ? 'Fail' : n === 3 && c.id === 'provision_quantified' ? 'Not applicable' : 'Pass';
        await page.getByRole('group', { name: c.text, exact: true }).getByLabel(result, { exact: true }).check();
      }
      if (n === 1) {
        await page.getByLabel('Comment (optional) on Contains the source and date of observations').fill('The clinic observation has no date');
        await checkScreen(page, 'reports-audit-score');
      }
      await page.getByRole('button', { name: n < 3 ? 'Save and score the next advice' : 'Save scores' }).click();
    }
    await page.getByText('Every sampled advice is scored').waitFor();
    await page.getByRole('link', { name: 'go back to the round to close it' }).click();
    await page.getByRole('heading', { level: 1, name: 'March 2016 audit' }).waitFor();
    const sample = page.getByRole('table', { name: 'The sample' });
    expect(await sample.getByText('7 of 7 criteria').count()).toBe(3);
    expect(await sample.getByText('1 failed').count()).toBe(1);
    await page.getByRole('button', { name: 'Close the round' }).click();
    await page.getByText('Round closed. Its pass rates are on the quality audit dashboard.').waitFor();

    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Quality audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quality audit' }).waitFor();
    await page.getByLabel('Round', { exact: true }).selectOption({ label: 'March 2016 audit' });
    const table = page.getByRole('table', { name: /^March 2016 audit: advice returned/ });
    await table.waitFor();
    const cells = async (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell').allInnerTexts();
    // Sources dated: pass 2, fail 1 = 66.7%; QA reviewers passed it in 2 of 3 reviews that month = 66.7%.
    expect(await cells('Contains the source and date of observations')).toEqual(['2', '1', '0', '66.7%', '66.7%', '3']);
    expect(await cells('Provision specific and quantified')).toEqual(['2', '0', '1', '100.0%', '—', '0']);
    // Both charts drawn: one line per criterion over the rounds, and the chosen round's audit and QA bars.
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.locator('.recharts-line').count()).toBeGreaterThanOrEqual(DEFAULT_AUDIT_CRITERIA.length);
    await checkScreen(page, 'reports-quality');
  });
});
