import type { Page } from 'playwright-core';
import { EHCNA_DEFAULT_SOP } from '@sendflow/sop';
import { newRequestBody } from '../support/fixtures';
import { eventually, httpClient, USERS } from '../support/http';
import { waitForOpenTask } from '../support/tasks';
import { uniqueSuffix } from '../support/test-env';
import { checkScreen } from './a11y';
import { signInAs, signOut, startWebHarness, type WebHarness } from './web-harness';

/**
 * Editing like the editors managers know, in Chromium against the real API: a step dragged in from
 * the palette, undo and redo (keys and buttons), copy and paste of two connected steps, tidy up
 * (elkjs), autosave with the revision check (someone else's save is a conflict, never
 * overwritten), the visual diff on the canvas, and a running request drawn on its flow.
 */
describe('SOP designer editing, visual diff and a request on its flow (in Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  const key = `editing-${uniqueSuffix()}`.toLowerCase();
  let v1Id: string;
  let draftId: string;

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
  const status = () => page.locator('.sop-autosave');
  const stored = async () => (await http.get(`/sops/${draftId}`, USERS.sop)).body;
  const nodeIds = async () => (await stored()).definition.graph.nodes.map((n: any) => n.id) as string[];
  /** Keyboard shortcuts go to the page, not a field (a field keeps its own undo). */
  const shortcut = async (keys: string) => {
    await page.locator('#sop-validation-heading').click();
    await page.keyboard.press(keys);
  };

  it('drags a step in, undoes and redoes, copies and pastes, tidies up, and autosaves', async () => {
    await signInAs(page, USERS.sop);
    await page.goto(`${h.webUrl}sops/${v1Id}`);
    await page.getByRole('button', { name: 'New draft from this version' }).click();
    await page.getByRole('heading', { level: 1, name: /version 2\s+Draft/ }).waitFor();
    draftId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
    await node('triage').waitFor();
    await page.getByLabel('Save automatically').check();
    await page.locator('.sop-canvas').scrollIntoViewIfNeeded();

    // Drag a decision from the palette onto the canvas.
    await page.locator('.sop-palette__item--decision').dragTo(page.locator('.sop-canvas .react-flow__pane'), { targetPosition: { x: 520, y: 140 } });
    await node('decision_1').waitFor();
    await page.locator('.sop-inspector__title').filter({ hasText: 'Decision: New decision' }).waitFor();

    // Undo and redo with the keyboard, then with the buttons.
    await shortcut('Control+z');
    await node('decision_1').waitFor({ state: 'detached' });
    await shortcut('Control+Shift+z');
    await node('decision_1').waitFor();
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await node('decision_1').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Redo', exact: true }).click();
    await node('decision_1').waitFor();

    // Autosave: a quiet moment after the edit, the draft is stored with the revision check.
    await status().filter({ hasText: /^All changes saved at/ }).waitFor();
    expect(await nodeIds()).toContain('decision_1');

    // Multi-select triage and allocation (shift-click), copy, paste: two new steps and the connection between them.
    await node('triage').locator('.sop-node__label').click();
    await node('allocate').locator('.sop-node__label').click({ modifiers: ['Shift'] });
    await page.getByText('2 steps selected').waitFor();
    await shortcut('Control+c');
    await shortcut('Control+v');
    await node('triage_1').waitFor();
    await node('allocate_1').waitFor();
    await page.locator('.react-flow__edge[data-id="triage_1_accepted"]').waitFor();
    await page.getByText('2 steps selected').waitFor();
    // Cut a step (button) and paste it back; chosen from the list of steps, as the pasted ones may cover it.
    await page.locator('.sop-steps').getByRole('button', { name: 'New decision' }).click();
    await page.getByRole('button', { name: 'Cut', exact: true }).click();
    await node('decision_1').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Paste', exact: true }).click();
    await node('decision_1').waitFor();

    // Tidy up: elkjs lays the flow out; no two steps overlap afterwards.
    await page.getByRole('button', { name: 'Tidy up' }).click();
    await eventually(async () => {
      // Steps inside a group are drawn within it, so only the procedure's own steps can overlap.
      const boxes = await page.locator('.react-flow__node:not(.sop-flow-inner)').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
      const overlap = boxes.some((a, i) => boxes.some((b, j) => j > i && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h));
      return !overlap;
    }, { what: 'steps laid out without overlaps' });
    await status().filter({ hasText: /^All changes saved at/ }).waitFor();
    const saved = (await stored()).definition;
    expect(saved.graph.nodes.map((n: any) => n.id)).toEqual(expect.arrayContaining(['decision_1', 'triage_1', 'allocate_1']));
    expect(saved.graph.edges).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'triage_1_accepted', source: 'triage_1', target: 'allocate_1', outcome: 'accepted' })]));
    // Legible at fit view: the step labels are drawn at a readable size.
    const labelPx = await node('triage').locator('.sop-node__label').evaluate((e) => e.getBoundingClientRect().height);
    expect(labelPx).toBeGreaterThanOrEqual(10);
    await checkScreen(page, 'sop-designer-editing');
  });

  it('shows someone else’s save as a conflict and never overwrites it', async () => {
    const fresh = await stored();
    const other = await http.call('PUT', `/sops/${draftId}`, USERS.sop, { ...fresh.definition, description: 'Edited elsewhere' }, { 'if-match': `"${fresh.revision}"` });
    expect(other.status).toBe(200);
    // An edit here (from the side panel: the step may be outside the view after tidying up) autosaves with the stale revision.
    await page.locator('.sop-steps').getByRole('button', { name: 'New decision' }).click();
    await page.getByLabel('Label', { exact: true }).fill('Already has a plan?');
    await page.getByRole('heading', { name: 'Someone else has changed this version' }).waitFor();
    await status().filter({ hasText: 'Not saved automatically: someone else has changed this version' }).waitFor();
    expect((await stored()).definition.description).toBe('Edited elsewhere');
    await checkScreen(page, 'sop-designer-conflict');
    await page.getByRole('button', { name: 'Reload the latest version' }).click();
    await page.getByRole('heading', { name: 'Someone else has changed this version' }).waitFor({ state: 'detached' });
    await status().filter({ hasText: /^All changes saved/ }).waitFor();
  });

  it('compares two versions on the canvas: coloured steps, a legend, a changed step’s fields', async () => {
    // One more change to compare: a relabelled step.
    await page.locator('.sop-steps').getByRole('button', { name: 'Triage request' }).first().click();
    await page.getByLabel('Label', { exact: true }).fill('Triage the request');
    await status().filter({ hasText: /^All changes saved at/ }).waitFor();
    await page.getByLabel('Compare with…').selectOption({ label: 'Version 1 (published)' });
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const diff = page.getByRole('region', { name: 'Changes from version 1 to version 2' });
    await diff.getByRole('list', { name: 'Legend' }).waitFor();
    const diffNode = (id: string) => diff.locator(`.react-flow__node[data-id="${id}"]`);
    expect(await diffNode('decision_1').getAttribute('class')).toContain('sop-mark--added');
    expect(await diffNode('triage').getAttribute('class')).toContain('sop-mark--changed');
    // Select from the list of differing steps (it also brings the step into view), then on the canvas.
    await diff.locator('.sop-diff-steps').getByRole('button', { name: 'Changed: Triage the request' }).click();
    const fields = diff.locator('.sop-diff-selected');
    await fields.getByText('Triage the request').first().waitFor();
    await fields.getByRole('rowheader', { name: 'label' }).waitFor();
    await diff.locator('.sop-diff-steps').getByRole('button', { name: 'Added: New decision' }).click();
    await diffNode('decision_1').locator('.sop-node__label').click();
    await fields.getByText('Added in version 2.').waitFor();
    await checkScreen(page, 'sop-diff');
  });

  it('draws a running request on its pinned version: path taken, current steps with due dates, what is ahead', async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } })).status).toBe(200);
    const allocate = await waitForOpenTask(http, id, USERS.coordinator, 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['SLT'] } })).status).toBe(200);
    await waitForOpenTask(http, id, USERS.slt, 'services/draft', 'SLT');

    await signOut(page);
    await signInAs(page, USERS.coordinator);
    await page.goto(`${h.webUrl}requests/${id}`);
    await page.getByRole('link', { name: 'See this request on its flow' }).click();
    await page.getByRole('heading', { level: 1, name: /on its flow/ }).waitFor();
    const flowNode = (nodeId: string) => page.locator(`.react-flow__node[data-id="${nodeId}"]`);
    await flowNode('triage').waitFor();
    for (const done of ['start', 'triage', 'allocate']) expect(await flowNode(done).getAttribute('class')).toContain('sop-mark--done');
    expect(await flowNode('services').getAttribute('class')).toContain('sop-mark--current');
    expect(await flowNode('return').getAttribute('class')).toContain('sop-mark--ahead');
    await page.getByText(/Still ahead:.*Send advice to the LA/).waitFor();
    await flowNode('four_week_reminder').getByText(/^fires /).waitFor();
    await checkScreen(page, 'request-flow');
    // Inside the block: SLT's draft is current, with its due date.
    await flowNode('services').getByRole('button', { name: /Open block/ }).click();
    await flowNode('draft').getByText(/^SLT: due /).waitFor();
    expect(await flowNode('draft').getAttribute('class')).toContain('sop-mark--current');
    expect(await flowNode('review').getAttribute('class')).toContain('sop-mark--ahead');
    await checkScreen(page, 'request-flow-branch');

    // A practitioner of the service may see it too (read-only); one of another service may not.
    expect((await http.get(`/requests/${id}/flow`, USERS.slt)).status).toBe(200);
    expect((await http.get(`/requests/${id}/flow`, USERS.ot)).status).toBe(404);
    expect((await http.get(`/requests/${id}/flow`, USERS.sop)).status).toBe(403);
    const flow = (await http.get(`/requests/${id}/flow`, USERS.coordinator)).body;
    expect(flow).toMatchObject({ requestId: id, sopKey: created.body.sopKey ?? expect.any(String), version: expect.any(Number) });
    expect(flow.definition.graph.nodes.some((n: any) => n.id === 'triage')).toBe(true);
  });
});
