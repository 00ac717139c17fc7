import type { Page } from 'playwright-core';
import { newRequestBody } from '../support/fixtures';
import { eventually, httpClient, USERS } from '../support/http';
import { waitForOpenTask } from '../support/tasks';
import { checkScreen } from './a11y';
import { signInAs, startWebHarness, type WebHarness } from './web-harness';

/**
 * Drafting the pro forma with the keyboard alone (issue 8 §11): every section, a second source of
 * information added and a provision row added and removed, dates typed into day, month and year
 * boxes, the autosave's message, a submit with a section missing, the error summary's link
 * followed to the field, the fix, and the submit that goes through. Only Tab, Shift+Tab, typing,
 * Space and Enter reach the page; axe checks the task page as it stands at each step.
 */
describe('keyboard-only drafting of the pro forma (in Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  let taskId = '';

  beforeAll(async () => {
    h = await startWebHarness();
    page = h.page;
    http = httpClient(h.stack.baseUrl);
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ child: { givenName: 'Kit', familyName: 'Keys', dateOfBirth: '2017-09-03' } }));
    expect(created.status).toBe(201);
    const requestId = created.body.id;
    const triage = await waitForOpenTask(http, requestId, USERS.coordinator, 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } })).status).toBe(200);
    const allocate = await waitForOpenTask(http, requestId, USERS.coordinator, 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['SLT'] } })).status).toBe(200);
    taskId = (await waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT')).id;
    expect((await http.post(`/tasks/${taskId}/claim`, USERS.slt, {})).status).toBeLessThan(300);
    await page.goto(h.webUrl);
  });
  afterAll(async () => h?.close());

  const focused = () => page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: (document.activeElement?.textContent ?? '').trim() }));
  /** Tab (or Shift+Tab) until focus is on what `want` describes; fails if the tab order never gets there. */
  async function tabTo(want: (el: { id: string; text: string }) => boolean, what: string, key: 'Tab' | 'Shift+Tab' = 'Tab') {
    for (let i = 0; i < 250; i++) {
      await page.keyboard.press(key);
      if (want(await focused())) return;
    }
    throw new Error(`${key} never reached ${what}`);
  }
  const tabToField = (id: string, key: 'Tab' | 'Shift+Tab' = 'Tab') => tabTo((el) => el.id === id, `#${id}`, key);
  async function typeInto(id: string, text: string) {
    await tabToField(id);
    await page.keyboard.type(text);
  }
  /** Day, month and year: one Tab from each box to the next. */
  async function typeDate(id: string, day: string, month: string, year: string) {
    await typeInto(`${id}-day`, day);
    await page.keyboard.press('Tab');
    expect((await focused()).id).toBe(`${id}-month`);
    await page.keyboard.type(month);
    await page.keyboard.press('Tab');
    expect((await focused()).id).toBe(`${id}-year`);
    await page.keyboard.type(year);
  }

  it('drafts every section by keyboard, is told what is missing, follows the link to it, fixes it and submits', async () => {
    await signInAs(page, USERS.slt);
    await page.goto(new URL(`/tasks/${taskId}`, h.webUrl).toString());
    await page.getByRole('heading', { level: 1, name: 'Draft health advice (SLT)' }).waitFor();
    await page.locator('body').focus();

    await typeInto('f-author-name', 'Kim Keyboard');
    await typeInto('f-author-role', 'Speech and language therapist');
    await typeInto('f-author-registration', 'HCPC SL00001');
    await typeInto('f-sourcesOfInformation-0-source', 'Clinic assessment');
    await typeDate('f-sourcesOfInformation-0-date', '2', '10', '2026');

    // Enter on "Add another" makes a row and puts focus in its first box.
    await tabTo((el) => el.text === 'Add another row to sources of information', 'the add-a-source button');
    await page.keyboard.press('Enter');
    await eventually(async () => ((await focused()).id === 'f-sourcesOfInformation-1-source' ? true : undefined), { what: 'focus in the new row' });
    await page.keyboard.type('School observation');
    await typeDate('f-sourcesOfInformation-1-date', '9', '10', '2026');

    await typeInto('f-healthNeeds', 'Developmental language disorder.');
    await typeInto('f-impactOnDailyLife', 'Finds it hard to follow instructions in class and at playtime.');
    await typeInto('f-strengths', 'Good visual memory; enjoys drawing.');
    await typeInto('f-outcomesSought', 'Follows two-step instructions by the end of Year 3.');
    await typeInto('f-provision-0-what', 'Language programme');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Teaching assistant trained by SLT');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3 x 20 minutes weekly');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Termly by SLT');
    expect(await page.locator('#f-provision-0-review').inputValue()).toBe('Termly by SLT');

    // Space adds a provision row too; Enter on its Remove button takes it away and focus stays on the form.
    await tabTo((el) => el.text === 'Add another row to provision', 'the add-provision button');
    await page.keyboard.press('Space');
    await page.locator('#f-provision-1-what').waitFor();
    await tabTo((el) => el.text === 'Remove provision 2', 'the remove button of provision 2');
    await page.keyboard.press('Enter');
    await eventually(async () => ((await page.locator('#f-provision-1-what').count()) === 0 ? true : undefined), { what: 'the row removed' });
    expect((await focused()).text).toBe('Add another row to provision');

    // Back up with Shift+Tab to correct a typo in an earlier section.
    await tabToField('f-strengths', 'Shift+Tab');
    await page.keyboard.press('End');
    await page.keyboard.type(' Likes routines.');
    await page.getByText(/^Saved at \d\d:\d\d$/).waitFor();
    await checkScreen(page, 'keyboard-draft-filled');

    // The views are left out: submit says so, linked to the field.
    await tabTo((el) => el.text === 'Complete task', 'the submit button');
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Enter the views of the child or young person and their family' }).waitFor();
    expect(await summary.getByRole('link').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary'))).toBe(true);
    await checkScreen(page, 'keyboard-draft-missing-views');
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Enter the views of the child or young person and their family');
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('f-views');
    await page.keyboard.type('Kit wants to join in at playtime; parents want help with vocabulary.');

    await tabTo((el) => el.text === 'Complete task', 'the submit button');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Submit for review' }).waitFor();

    // The completed task shows its answer read-only, drawn from the same definition.
    await page.goto(new URL(`/tasks/${taskId}`, h.webUrl).toString());
    const answer = page.getByRole('region', { name: 'The answer' });
    await answer.getByRole('heading', { name: 'Sources of information' }).waitFor();
    await answer.getByRole('cell', { name: '9 October 2026' }).waitFor();
    await answer.getByText('Not given').waitFor(); // preparing for adulthood, optional and left out
    await checkScreen(page, 'task-completed-answer');

    const done = (await http.get(`/tasks/${taskId}`, USERS.slt)).body;
    expect(done.status).toBe('completed');
    expect(done.data).toMatchObject({
      author: { name: 'Kim Keyboard', registration: 'HCPC SL00001' },
      sourcesOfInformation: [{ source: 'Clinic assessment', date: '2026-10-02' }, { source: 'School observation', date: '2026-10-09' }],
      strengths: 'Good visual memory; enjoys drawing. Likes routines.',
      provision: [{ what: 'Language programme', who: 'Teaching assistant trained by SLT', frequency: '3 x 20 minutes weekly', review: 'Termly by SLT' }],
    });
  });
});
