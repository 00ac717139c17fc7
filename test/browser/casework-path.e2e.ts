import type { Page } from 'playwright-core';
import { DEFAULT_AUDIT_CRITERIA } from '@sendflow/domain';
import { hashPassword } from '@sendflow/persistence';
import { eventually, httpClient, USERS } from '../support/http';
import { newRequestBody } from '../support/fixtures';
import { waitForOpenTask, waitForStatus } from '../support/tasks';
import { checkScreen, fillDate, fillDateIn } from './a11y';
import { signInAs, signOut, startWebHarness, type WebHarness } from './web-harness';

/**
 * One request along the whole casework path in the browser, as each role sees it (issue 8 §6-§8,
 * §11): triage and allocation (coordinator), drafting with autosave and resume after signing out
 * (SLT), a rework loop whose comments the author sees beside the sections (QA reviewer), approval
 * with a failed criterion and an override, OT answering "not known", and the return to the LA.
 * Intake goes through the API (the coordinator's intake screen has its own test).
 */
describe('casework path (built bundle + API + Temporal + PostgreSQL, in Chromium)', () => {
  let harness: WebHarness;
  let page: Page;
  let webUrl: string;
  let http: ReturnType<typeof httpClient>;
  let requestId = '';
  let laReference = '';

  beforeAll(async () => {
    harness = await startWebHarness();
    ({ page, webUrl } = harness);
    page.setDefaultTimeout(30000);
    http = httpClient(harness.stack.baseUrl);
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ child: { givenName: 'Robin', familyName: 'Pathway', dateOfBirth: '2018-04-12', nhsNumber: '9434765919' } }));
    expect(created.status).toBe(201);
    ({ id: requestId, laReference } = created.body);
    await page.goto(webUrl);
  });
  afterAll(async () => harness?.close());

  const open = async (path: string) => page.goto(new URL(path, webUrl).toString());
  /** Opens a task from a list by its link, and waits for its page. */
  // Other test files share the database and the demo users: open this request's task, never the first of that name.
  const openTask = async (linkName: string, heading: string) => {
    await page.getByRole('row').filter({ hasText: laReference }).getByRole('link', { name: linkName, exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  const field = (id: string) => page.locator(`#${id}`);

  it('coordinator: triage names the services that know the child; allocation starts from them', async () => {
    await signInAs(page, USERS.coordinator);
    await waitForOpenTask(http, requestId, USERS.coordinator, 'triage');
    await open(`/tasks?requestId=${requestId}`);
    await openTask('Triage request', 'Triage request');
    // The header says whose request this is and how long is left.
    await page.getByText(laReference).first().waitFor();
    await page.getByText(/\d+ days left/).first().waitFor();
    await page.getByLabel('Accept', { exact: true }).check();
    await page.getByRole('group', { name: 'Is the request complete?' }).getByLabel('Yes').check();
    await field('f-knownServices--SLT').check();
    await field('f-knownServices--OT').check();
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Triage request' }).waitFor();

    await waitForOpenTask(http, requestId, USERS.coordinator, 'allocate');
    await open(`/tasks?requestId=${requestId}`);
    await openTask('Allocate to services', 'Allocate to services');
    // Prefilled from triage: nothing typed twice.
    expect(await field('f-services--SLT').isChecked()).toBe(true);
    expect(await field('f-services--OT').isChecked()).toBe(true);
    await checkScreen(page, 'casework-allocation-prefilled');
    await page.getByRole('button', { name: 'Allocate', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Allocate to services' }).waitFor();
    await signOut(page);
  });

  it('a new SLT practitioner holding nothing is pointed from "My tasks" to the work waiting in the queue', async () => {
    await waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT');
    // A user of their own: the demo practitioner may hold tasks of other test files.
    const email = `new-slt-${requestId.slice(0, 8)}@test.sendflow.nhs.uk`;
    await harness.stack.ds.query(`INSERT INTO users (email, display_name, roles, service_codes, password_hash) VALUES ($1, 'Nia New', '{practitioner}', '{SLT}', $2)`,
      [email, await hashPassword(process.env.DEMO_PASSWORD!)]);
    await signInAs(page, email);
    await open('/tasks');
    await page.getByText('You have no open tasks.').waitFor();
    await page.getByText(/tasks? (is|are) waiting in your services’ queue/).waitFor();
    await page.getByRole('link', { name: 'see the unassigned tasks' }).click();
    await page.getByRole('row').filter({ hasText: laReference }).getByRole('link', { name: 'Draft health advice (SLT)' }).waitFor();
    await signOut(page);
  });

  it('SLT practitioner: claims the draft, types, sees it saved, signs out and resumes where they were; submit names each missing section', async () => {
    await waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT');
    await signInAs(page, USERS.slt);
    await open('/tasks?tab=queue');
    const row = page.getByRole('row').filter({ hasText: laReference });
    await row.getByRole('button', { name: /^Claim/ }).click();
    await page.getByRole('status').filter({ hasText: 'You now hold' }).waitFor();
    await open('/tasks?tab=mine');
    await checkScreen(page, 'casework-my-tasks');
    await openTask('Draft health advice (SLT)', 'Draft health advice (SLT)');
    // Nothing typed twice: the author section starts as Sam last gave it (or with Sam's name).
    expect(await field('f-author-name').inputValue()).not.toBe('');
    await field('f-author-name').fill('Sam Speech');
    await field('f-author-role').fill('Speech and language therapist');
    await field('f-healthNeeds').fill('Developmental language disorder.');
    await page.getByText(/^Saved at \d\d:\d\d$/).waitFor();

    // Submit too early: every missing section is listed, each linked to its field.
    await page.getByRole('button', { name: 'Complete task' }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Enter how they affect daily life and learning' }).waitFor();
    await summary.getByRole('link', { name: 'Enter the views of the child or young person and their family' }).waitFor();
    await summary.getByRole('link', { name: 'Enter date (sources of information 1)' }).waitFor();
    await checkScreen(page, 'casework-draft-missing-sections');
    await summary.getByRole('link', { name: 'Enter how they affect daily life and learning' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-impactOnDailyLife');
    await field('f-impactOnDailyLife').fill('Finds it hard to follow instructions in class.');
    await eventually(async () => (await http.get(`/tasks/${(await waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT')).id}/draft`, USERS.slt)).body?.data?.impactOnDailyLife, { what: 'the autosave' });
    await signOut(page);

    // Back later: the draft is where it was left.
    await signInAs(page, USERS.slt);
    await open('/tasks?tab=mine');
    await openTask('Draft health advice (SLT)', 'Draft health advice (SLT)');
    expect(await field('f-healthNeeds').inputValue()).toBe('Developmental language disorder.');
    expect(await field('f-impactOnDailyLife').inputValue()).toBe('Finds it hard to follow instructions in class.');
    await page.getByText(/^Saved at \d\d:\d\d$/).waitFor();
    await field('f-sourcesOfInformation-0-source').fill('Clinic assessment');
    await fillDateIn(field('f-sourcesOfInformation-0-date'), '2026-10-02');
    await page.getByRole('button', { name: 'Add another row to sources of information' }).click();
    await field('f-sourcesOfInformation-1-source').fill('School visit');
    await fillDateIn(field('f-sourcesOfInformation-1-date'), '2026-10-09');
    await field('f-strengths').fill('Good visual memory.');
    await field('f-outcomesSought').fill('Follows two-step instructions by the end of Year 3.');
    for (const [k, v] of [['what', 'Language programme'], ['who', 'Teaching assistant trained by SLT'], ['frequency', '3 x 20 minutes weekly'], ['review', 'Termly by SLT']]) {
      await field(`f-provision-0-${k}`).fill(v);
    }
    await field('f-views').fill('Parents want help with vocabulary.');
    await checkScreen(page, 'casework-draft-complete');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Submit for review' }).waitFor();
    await signOut(page);
  });

  it('QA reviewer: reads the draft beside the checklist, fails one criterion with a comment and returns it for rework', async () => {
    await waitForOpenTask(http, requestId, USERS.qa, 'services/review', 'SLT');
    await signInAs(page, USERS.qa);
    await open('/review');
    await page.getByRole('row').filter({ hasText: laReference }).getByText('Robin Pathway').waitFor();
    await checkScreen(page, 'casework-review-queue');
    await openTask('Quality review (SLT)', 'Quality review (SLT)');
    await page.getByRole('heading', { name: 'The draft under review' }).waitFor();
    await page.getByText('Developmental language disorder.').waitFor();
    for (const c of DEFAULT_AUDIT_CRITERIA) await field(`f-criteria-${c.id}-result--${c.id === 'daily_life' ? 'fail' : 'pass'}`).check();
    await field('f-criteria-daily_life-comment').fill('Say what happens at playtime as well as in class.');
    await page.getByText('Comment on how they affect daily life and learning').click();
    await field('f-sectionComments-impactOnDailyLife').fill('Add the playground');
    await page.getByLabel('Return for rework').check();
    await field('f-comments').fill('Nearly there: see the comment on impact.');
    await checkScreen(page, 'casework-review-rework');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Return for rework' }).waitFor();
    await signOut(page);
  });

  it('SLT service lead: selects the rework and gives it to the author; the result is shown per task', async () => {
    const rework = await eventually(async () => {
      const t = await waitForOpenTask(http, requestId, USERS.leadSlt, 'services/draft', 'SLT');
      return t.attempt > 1 ? t : undefined;
    }, { what: 'the rework task' });
    await signInAs(page, USERS.leadSlt);
    await open('/tasks?tab=all');
    await field(`sel-${rework.id}`).check();
    await page.getByLabel('Give them to').selectOption({ label: 'Sam Speech' });
    await page.getByRole('button', { name: 'Move the 1 selected task' }).click();
    await page.getByRole('status').filter({ hasText: '1 task moved to Sam Speech' }).waitFor();
    await page.getByRole('table', { name: 'What happened to each task' }).getByText('Moved', { exact: true }).waitFor();
    await checkScreen(page, 'casework-lead-reassign');
    await signOut(page);
  });

  it('SLT practitioner: the rework opens filled in with the reviewer comments beside the section; keyboard only to resubmit', async () => {
    const rework = await eventually(async () => {
      const t = await waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT');
      return t.attempt > 1 ? t : undefined;
    }, { what: 'the rework task' });
    await signInAs(page, USERS.slt);
    // The lead gave it to them: it is in their own list.
    await open('/tasks?tab=mine');
    await page.getByRole('row').filter({ hasText: laReference }).getByText('Sam Speech (you)').waitFor();
    await open(`/tasks/${rework.id}`);
    await page.getByRole('heading', { level: 1, name: 'Draft health advice (SLT)' }).waitFor();
    await page.getByText('The reviewer returned this for rework').waitFor();
    await page.getByText('Nearly there: see the comment on impact.').waitFor();
    await page.getByText('Say what happens at playtime as well as in class.').waitFor();
    await page.locator('#note-impactOnDailyLife').filter({ hasText: 'Add the playground' }).waitFor();
    expect(await field('f-healthNeeds').inputValue()).toBe('Developmental language disorder.');
    expect(await field('f-sourcesOfInformation-1-date-day').inputValue()).toBe('9');
    await checkScreen(page, 'casework-rework-with-comments');

    // Keyboard only: Tab to the section, type, Tab on to the submit button, Enter.
    await page.locator('body').focus();
    const tabTo = async (want: (el: { id: string; text: string }) => boolean, what: string) => {
      for (let i = 0; i < 200; i++) {
        await page.keyboard.press('Tab');
        const el = await page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent ?? '' }));
        if (want(el)) return;
      }
      throw new Error(`Tab never reached ${what}`);
    };
    await tabTo((el) => el.id === 'f-impactOnDailyLife', 'the impact section');
    await page.keyboard.press('End');
    await page.keyboard.type(' At playtime they play alone.');
    await tabTo((el) => el.text === 'Complete task', 'the submit button');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Submit for review' }).waitFor();
    await signOut(page);
  });

  it('OT practitioner: answers that the child is not known to the service', async () => {
    await waitForOpenTask(http, requestId, USERS.ot, 'services/draft', 'OT');
    await signInAs(page, USERS.ot);
    await open('/tasks?tab=queue');
    await openTask('Draft health advice (OT)', 'Draft health advice (OT)');
    await page.getByLabel('Not known to this service').check();
    await field('f-reason').fill('No record of the child on the OT caseload.');
    await fillDate(page, 'Date checked', '2026-11-20');
    await field('f-signpost').fill('The school SENCo holds the OT screening.');
    await checkScreen(page, 'casework-not-known');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Not known to this service' }).waitFor();
    await signOut(page);
  });

  it('QA reviewer: approving over a failed criterion needs an override reason', async () => {
    const review = await eventually(async () => {
      const t = await waitForOpenTask(http, requestId, USERS.qa, 'services/review', 'SLT');
      return t.attempt > 1 ? t : undefined;
    }, { what: 'the second review' });
    await signInAs(page, USERS.qa);
    await open(`/tasks/${review.id}`);
    await page.getByText('At playtime they play alone.').waitFor();
    for (const c of DEFAULT_AUDIT_CRITERIA) await field(`f-criteria-${c.id}-result--${c.id === 'jargon_free' ? 'fail' : 'pass'}`).check();
    await field('f-criteria-jargon_free-comment').fill('DLD is not spelt out.');
    await page.getByLabel('Approve', { exact: true }).check();
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('alert').getByRole('link', { name: /^Why approve despite a failed criterion/ }).waitFor();
    await field('f-overrideReason').fill('Spelt out in the glossary the LA adds.');
    await checkScreen(page, 'casework-approve-override');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Approve' }).waitFor();
    await signOut(page);
  });

  it('coordinator: sends the advice to the LA and the request is returned', async () => {
    await waitForOpenTask(http, requestId, USERS.coordinator, 'return');
    await signInAs(page, USERS.coordinator);
    await open(`/tasks?requestId=${requestId}`);
    await openTask('Send advice to the LA', 'Send advice to the LA');
    await page.getByRole('group', { name: 'Sent by' }).getByLabel('Email').check();
    await field('f-sentTo').fill('sen.team@la.example.gov.uk');
    await page.getByRole('button', { name: 'Sent', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Send advice to the LA' }).waitFor();
    await waitForStatus(http, requestId, USERS.coordinator, 'returned');
  });
});
