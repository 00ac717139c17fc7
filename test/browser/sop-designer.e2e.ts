import type { Page } from 'playwright-core';
import { EHCNA_DEFAULT_SOP } from '@sendflow/sop';
import { httpClient, USERS } from '../support/http';
import { uniqueSuffix } from '../support/test-env';
import { checkScreen } from './a11y';
import { drag, signInAs, signOut, startWebHarness, type WebHarness } from './web-harness';

/**
 * The SOP designer in Chromium against the real API: a draft edited on the React Flow canvas with
 * the shared validator running live, saved with If-Match (and a stale save refused), published,
 * compared and retired.
 *
 * The default SOP is copied under a key of this file's own rather than edited in place: publishing
 * a new version of the default would change what every later test's requests run on.
 */
describe('SOP designer (built bundle + API + PostgreSQL, in Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  const key = `designer-${uniqueSuffix()}`.toLowerCase();
  let v1Id: string;

  beforeAll(async () => {
    h = await startWebHarness();
    page = h.page;
    http = httpClient(h.stack.baseUrl);
    const created = await http.post('/sops', USERS.sop, { ...structuredClone(EHCNA_DEFAULT_SOP), key });
    expect(created.status).toBe(201);
    v1Id = created.body.id;
    expect((await http.post(`/sops/${v1Id}/publish`, USERS.sop)).status).toBe(200);
    await page.goto(h.webUrl);
  });
  afterAll(async () => h?.close());

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const issues = () => page.locator('.sop-issues li');
  const validationStatus = () => page.locator('.sop-validation [role="status"]');

  it('edits a draft on the canvas with live validation, refuses a stale save, then saves, publishes, compares and retires', async () => {
    await signInAs(page, USERS.sop);
    // An SOP manager's home is the SOP list.
    await page.getByRole('heading', { level: 1, name: 'Standard operating procedures' }).waitFor();
    await page.getByRole('link', { name: `Open ${key} version 1` }).waitFor();
    await checkScreen(page, 'sop-list');
    await page.getByRole('link', { name: `Open ${key} version 1` }).click();
    await page.getByRole('heading', { level: 1, name: /EHCNA health advice\s+version 1\s+Published/ }).waitFor();
    await node('triage').waitFor();
    // A published version is read-only: no palette, no save.
    expect(await page.getByRole('button', { name: 'Add human task' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);

    await page.getByRole('button', { name: 'New draft from this version' }).click();
    await page.getByRole('heading', { level: 1, name: /version 2\s+Draft/ }).waitFor();
    // This test saves by hand (sop-designer-editing.e2e.ts covers autosave).
    await page.getByLabel('Save automatically').uncheck();
    const draftId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
    await node('record_not_known').waitFor();

    // Another manager saves the same draft first: this editor's save is refused (409), not an overwrite.
    const fresh = await http.get(`/sops/${draftId}`, USERS.sop);
    const other = await http.call('PUT', `/sops/${draftId}`, USERS.sop, { ...fresh.body.definition, description: 'Edited elsewhere' }, { 'if-match': `"${fresh.body.revision}"` });
    expect(other.status).toBe(200);
    await page.locator('.sop-canvas').scrollIntoViewIfNeeded();
    await drag(page, node('start').locator('.sop-node__label'), { dx: 40, dy: 0 });
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Someone else has changed this version' }).waitFor();
    await page.getByRole('button', { name: 'Reload the latest version' }).click();
    await page.getByText('Unsaved changes', { exact: true }).waitFor({ state: 'detached' });

    // Move a step by dragging it (the shipped SOP is laid out on open, so the step has no stored position yet).
    const before = (await http.get(`/sops/${draftId}`, USERS.sop)).body.definition.graph.nodes.find((n: any) => n.id === 'record_not_known').position;
    expect(before).toBeUndefined();
    await drag(page, node('record_not_known').locator('.sop-node__label'), { dx: 150, dy: 30 });
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    // An in-app link while the draft has unsaved edits asks first (react-router's blocker); staying keeps them.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SOPs' }).click();
    await page.getByRole('alertdialog', { name: 'You have unsaved changes' }).waitFor();
    await page.getByRole('button', { name: 'Stay on this page' }).click();
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/sops/${draftId}`);
    await checkScreen(page, 'sop-designer');

    // Take compile -> return apart (through the side panel), add a human task and wire it in on the canvas.
    await page.locator('.sop-steps').getByRole('button', { name: 'Compile advice' }).click();
    await page.locator('.sop-connections').getByRole('button', { name: /Send advice to the LA/ }).click();
    await page.getByRole('button', { name: 'Delete connection' }).click();
    await page.getByRole('button', { name: 'Add human task' }).click();
    await node('task_1').waitFor();
    await page.getByLabel('Label', { exact: true }).fill('Final check');
    // Both ends in view, then drag from compile's handle to the new task's.
    await page.locator('.sop-canvas .react-flow__controls-fitview').click();
    await drag(page, node('compile').locator('.react-flow__handle.source'), node('task_1').locator('.react-flow__handle.target'));

    // Live validation: the new task's outcome goes nowhere; the task is highlighted and the issue leads to it.
    const unwired = '"Final check" has no edge for outcome "done"';
    await issues().filter({ hasText: unwired }).waitFor();
    await node('task_1').locator('.sop-node--invalid').waitFor();
    expect(await node('task_1').getAttribute('aria-label')).toMatch(/^Human task: Final check \(\d+ issues?\)$/);
    await page.locator('.sop-steps').getByRole('button', { name: 'Request received' }).click();
    await page.locator('.sop-issues').getByRole('button', { name: unwired }).click();
    await page.locator('.sop-inspector__title').filter({ hasText: 'Human task: Final check' }).waitFor();
    expect(await node('task_1').getAttribute('class')).toContain('selected');

    // Fix it from the keyboard-friendly connect form: done -> send to the LA.
    expect(await page.getByLabel('On outcome').inputValue()).toBe('done');
    await page.locator('#insp-connect-target').selectOption('return');
    await page.getByRole('button', { name: 'Add connection' }).click();
    await validationStatus().filter({ hasText: /^No issues/ }).waitFor().catch(async (e: Error) => {
      throw new Error(`${e.message}\nissues still listed: ${(await issues().allInnerTexts()).join(' | ')}`);
    });
    expect(await node('task_1').locator('.sop-node--invalid').count()).toBe(0);

    // Selection follows the canvas: an edge (by its label), then a step.
    await page.locator('.react-flow__edge[data-id="task_1_done"] .react-flow__edge-interaction').dispatchEvent('click');
    await page.locator('.sop-inspector__title').filter({ hasText: 'Connection task_1_done' }).waitFor();
    expect(await page.locator('#insp-edge-outcome').inputValue()).toBe('done');
    await node('compile').locator('.sop-node__label').click();
    await page.locator('.sop-inspector__title').filter({ hasText: 'System action: Compile advice' }).waitFor();

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Draft saved. It passes validation' }).waitFor();
    const saved = (await http.get(`/sops/${draftId}`, USERS.sop)).body.definition;
    const moved = saved.graph.nodes.find((n: any) => n.id === 'record_not_known').position;
    expect(moved).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    expect(saved.graph.nodes.find((n: any) => n.id === 'task_1')).toMatchObject({ kind: 'humanTask', label: 'Final check' });
    expect(saved.graph.edges).toEqual(expect.arrayContaining([
      expect.objectContaining({ source: 'compile', target: 'task_1' }),
      expect.objectContaining({ source: 'task_1', target: 'return', outcome: 'done' }),
    ]));
    expect(saved.graph.edges.find((e: any) => e.id === 'e7')).toBeUndefined();
    expect(saved.description).toBe('Edited elsewhere');

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 2 is published' }).waitFor();
    await page.getByRole('heading', { level: 1, name: /version 2\s+Published/ }).waitFor();
    const versions = page.locator('.sop-versions li');
    await versions.filter({ hasText: /Version 2\s*Published/ }).waitFor();
    await versions.filter({ hasText: /Version 1\s*Published/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Add human task' }).count()).toBe(0);

    // Compare with version 1: the structural diff from the API.
    await page.getByLabel('Compare with…').selectOption({ label: 'Version 1 (published)' });
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const diff = page.getByRole('region', { name: 'Changes from version 1 to version 2' });
    await diff.waitFor();
    await diff.getByText('Every change as a list').click();
    await diff.locator('.sop-diff-added').getByText('Human task “Final check” (task_1)').waitFor();
    await diff.getByText('System action “Record not known” (record_not_known)').waitFor();
    await diff.locator('.sop-diff-details').getByText('moved only', { exact: true }).waitFor();
    await diff.locator('.sop-diff-added').getByText('task_1 → return on done').waitFor();
    await diff.locator('.sop-diff-removed').getByText('compile → return (e7)').waitFor();

    // The old version is still there; retire it.
    await page.locator('.sop-versions').getByRole('link', { name: 'Version 1' }).click();
    await page.getByRole('heading', { level: 1, name: /version 1\s+Published/ }).waitFor();
    await page.getByRole('button', { name: 'Retire' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 is retired' }).waitFor();
    await page.getByRole('heading', { level: 1, name: /version 1\s+Retired/ }).waitFor();
    const list = (await http.get('/sops', USERS.sop)).body.filter((v: any) => v.sopKey === key).map((v: any) => [v.version, v.status]);
    expect(list.sort()).toEqual([[1, 'retired'], [2, 'published']]);
  });

  it('opens a per-service block as its own canvas and back', async () => {
    await page.goto(`${h.webUrl}sops/${v1Id}`);
    await page.locator('.sop-versions').getByRole('link', { name: 'Version 2' }).click();
    await node('services').getByRole('button', { name: 'Open block: Each allocated service' }).click();
    await page.locator('.sop-breadcrumb').getByText('Each allocated service (per-service block)').waitFor();
    await node('review').waitFor();
    await page.locator('.sop-steps').getByRole('button', { name: 'Draft due soon' }).click();
    await page.locator('.sop-inspector__title').filter({ hasText: 'Timer: Draft due soon' }).waitFor();
    expect(await page.getByLabel('Counts from').inputValue()).toBe('taskStart');
    await page.locator('.sop-breadcrumb').getByRole('button', { name: 'Whole procedure' }).click();
    await node('triage').waitFor();
  });

  it('shows SOPs read-only to a coordinator', async () => {
    await signOut(page);
    await signInAs(page, USERS.coordinator);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SOPs' }).click();
    await page.getByRole('link', { name: `Open ${key} version 2` }).click();
    await node('triage').waitFor();
    await page.getByText('only an SOP manager can change them').waitFor();
    for (const name of ['Save draft', 'Publish', 'Retire', 'New draft from this version', 'Add human task']) {
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    await page.locator('.sop-steps').getByRole('button', { name: 'Triage request' }).click();
    expect(await page.getByLabel('Label', { exact: true }).isDisabled()).toBe(true);
  });
});
