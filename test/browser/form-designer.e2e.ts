import type { Page } from 'playwright-core';
import { httpClient, USERS } from '../support/http';
import { uniqueSuffix } from '../support/test-env';
import { checkScreen } from './a11y';
import { signInAs, startWebHarness, type WebHarness } from './web-harness';

/**
 * The form designer and the audit criteria page in Chromium against the real API: a SOP manager
 * designs a new form with two required questions beside its live preview, saves, meets someone
 * else's save as a clear conflict, publishes; edits and publishes the audit criteria. Axe on each
 * screen; screenshots for the README. The criteria keep their ids and order (other files submit
 * the shipped seven verdicts), and the form has a key of its own.
 */
describe('form designer and audit criteria (built bundle + API + PostgreSQL, in Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  const key = `check_advice_${uniqueSuffix().replace(/[^a-z0-9]/gi, '').toLowerCase()}`.slice(0, 60);

  beforeAll(async () => {
    h = await startWebHarness();
    page = h.page;
    http = httpClient(h.stack.baseUrl);
    await page.goto(h.webUrl);
    await signInAs(page, USERS.sop);
  });
  afterAll(async () => h?.close());

  const menu = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const preview = () => page.locator('.app-form-preview');

  it('designs a form with two required questions beside its preview, meets a conflicting save, and publishes it', async () => {
    await menu('Forms').click();
    await page.getByRole('heading', { level: 1, name: 'Forms' }).waitFor();
    await page.getByRole('link', { name: 'Open pro_forma version 1' }).waitFor();
    await checkScreen(page, 'forms-list');

    await page.getByRole('button', { name: 'Create a new form' }).click();
    await page.getByLabel('Key').fill(key);
    await page.getByLabel('Title').fill('Check the compiled advice');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { level: 1, name: /Check the compiled advice/ }).waitFor();

    // The starting question becomes a required yes/no; a second required question is added.
    await page.locator('#f-0-0-kind').selectOption('yesNo');
    await page.locator('#f-0-0-label').fill('Does the advice answer every question the LA asked?');
    await page.locator('#f-0-0-id').fill('answersLaQuestions');
    await page.locator('#f-0-0-required').check();
    await page.getByRole('button', { name: 'Add a question to section 1' }).click();
    await page.locator('#f-0-1-kind').selectOption('longText');
    await page.locator('#f-0-1-label').fill('What needs to change before it goes');
    await page.locator('#f-0-1-id').fill('changesNeeded');
    await page.locator('#f-0-1-required').check();
    await page.locator('#f-0-1-hint').fill('Name the section and the service.');
    await page.getByText('Unsaved changes.').waitFor();

    // The preview follows every edit and runs the same checks as the server.
    await preview().getByText('Does the advice answer every question the LA asked?').waitFor();
    await preview().getByText('What needs to change before it goes').waitFor();
    await preview().getByRole('button', { name: 'Check the answers' }).click();
    await preview().getByRole('alert').getByRole('link').first().waitFor();
    expect(await preview().getByRole('alert').getByRole('link').count()).toBe(2);
    // Reordering moves the question in the preview too.
    await page.getByRole('button', { name: 'Move up “What needs to change before it goes”' }).click();
    const labels = await preview().locator('label, legend').allInnerTexts();
    expect(labels.findIndex((t) => t.includes('What needs to change'))).toBeLessThan(labels.findIndex((t) => t.includes('Does the advice answer')));
    await checkScreen(page, 'form-designer');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved (revision 2).').waitFor();

    // Someone else saves the same draft meanwhile: this editor's next save is refused, not lost silently.
    const version = (await http.get('/form-versions', USERS.sop)).body.find((v: { key: string }) => v.key === key);
    const theirs = (await http.get(`/form-versions/${version.id}`, USERS.sop)).body;
    const other = await http.call('PUT', `/form-versions/${version.id}`, USERS.sop, { ...theirs.definition, title: 'Check the compiled advice (their edit)' }, { 'if-match': '"2"' });
    expect(other.status).toBe(200);
    await page.locator('#form-title').fill('Check the compiled advice before it goes');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Someone else saved this draft' }).waitFor();
    await checkScreen(page, 'form-designer-conflict');
    await page.getByRole('button', { name: 'Reload the saved draft' }).click();
    await page.getByText('Revision 3', { exact: false }).waitFor();
    expect(await page.locator('#form-title').inputValue()).toBe('Check the compiled advice (their edit)');

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('button', { name: 'Create a new draft from this version' }).waitFor();
    await page.locator('.sop-status--published').first().waitFor();
    const published = (await http.get(`/form-versions/${version.id}`, USERS.slt)).body;
    expect(published).toMatchObject({ status: 'published', revision: 3 });
    expect(published.definition.variants[0].sections[0].fields.map((f: { id: string; required: boolean }) => [f.id, f.required]))
      .toEqual([['changesNeeded', true], ['answersLaQuestions', true]]);
    // The new form is offered to the SOP designer's steps (the catalogue lists it as published).
    const catalogue = (await http.get('/form-versions/catalogue', USERS.sop)).body.forms;
    expect(catalogue).toContainEqual(expect.objectContaining({ key, publishedVersion: 1 }));
  });

  it('warns before leaving a form with unsaved changes', async () => {
    await page.getByRole('button', { name: 'Create a new draft from this version' }).click();
    await page.locator('#form-title').waitFor();
    await page.locator('#form-title').fill('Unsaved title');
    await menu('SOPs').click();
    await page.getByRole('alertdialog', { name: 'You have unsaved changes' }).waitFor();
    await page.getByRole('button', { name: 'Stay on this page' }).click();
    expect(await page.locator('#form-title').inputValue()).toBe('Unsaved title');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved (revision 2).').waitFor();
  });

  it('edits the audit criteria as a new version and publishes it', async () => {
    await menu('Audit criteria').click();
    await page.getByRole('heading', { level: 1, name: 'Audit criteria' }).waitFor();
    const before = (await http.get('/audit-criteria', USERS.sop)).body.find((v: { status: string }) => v.status === 'published');
    await page.getByRole('button', { name: `Start a new version from version ${before.version}` }).click();
    const first = page.getByLabel('Criterion 1', { exact: true });
    await first.waitFor();
    const original = await first.inputValue();
    await first.fill(`${original} (for example “EHCP”)`);
    await page.getByRole('button', { name: 'Move up criterion 2' }).click();
    await page.getByText('Unsaved changes.').waitFor();
    await checkScreen(page, 'audit-criteria');
    // Back to the shipped order and words before publishing: later test files submit those verdicts.
    await page.getByRole('button', { name: 'Move down criterion 1' }).click();
    await page.getByLabel('Criterion 1', { exact: true }).fill(original);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved (revision 2).').waitFor();
    await page.getByRole('button', { name: /^Publish version/ }).click();
    await page.getByRole('heading', { name: `In use: version ${before.version + 1}` }).waitFor();
    const after = (await http.get('/audit-criteria', USERS.qa)).body.find((v: { status: string }) => v.status === 'published');
    expect(after.items).toEqual(before.items);
    expect(after.version).toBe(before.version + 1);
  });
});
