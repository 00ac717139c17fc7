import type { Page } from 'playwright-core';
import { hashPassword } from '@sendflow/persistence';
import type { Stack } from '../support/stack';
import { uniqueSuffix } from '../support/test-env';
import { checkScreen, fillDate } from './a11y';
import { startWebHarness, type WebHarness } from './web-harness';

const COORDINATOR = 'coordinator@demo.sendflow.nhs.uk';

/**
 * The built web app (apps/web/dist) served by `vite preview`, proxying /api to the API and worker
 * running in this process, driven in Debian's Chromium.
 */
describe('web app (built bundle + API + Temporal + PostgreSQL, in Chromium)', () => {
  let harness: WebHarness;
  let stack: Stack;
  let page: Page;
  let webUrl: string;

  beforeAll(async () => {
    harness = await startWebHarness();
    ({ stack, page, webUrl } = harness);
    page.setDefaultTimeout(30000);
    await page.goto(webUrl);
  });

  const signInAs = async (email: string, password: string) => {
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };

  it('signs in through the sign-in page: names empty fields, refuses a wrong password accessibly, then lets the coordinator in', async () => {
    await page.getByRole('heading', { level: 1, name: 'Sign in to SENDflow' }).waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Enter your email address' }).waitFor();
    await summary.getByRole('link', { name: 'Enter your password' }).waitFor();
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    // The summary takes focus, and its links move focus to the field.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary'))).toBe(true);
    await summary.getByRole('link', { name: 'Enter your password' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in-password');
    await checkScreen(page, 'sign-in-errors');

    // The demo accounts fill in the email; the password is the installation's.
    await page.getByRole('button', { name: 'Use Casey Coordinator' }).click();
    expect(await page.getByLabel('Email address').inputValue()).toBe(COORDINATOR);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The email address or password is not right.' }).waitFor();
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');

    await signInAs(COORDINATOR, process.env.DEMO_PASSWORD!);
    await page.getByText('Signed in as').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    // The coordinator's home is the requests list, at its own URL.
    expect(new URL(page.url()).pathname).toBe('/requests');
    // The session is an HTTP-only cookie: page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('sendflow_session');
  });

  afterAll(async () => harness?.close());

  it('names each missing field of the new-request form, and warns before the typed request is lost', async () => {
    await page.goto(`${webUrl}requests`);
    await page.getByRole('link', { name: 'New request' }).click();
    await page.getByRole('heading', { level: 1, name: 'New request' }).waitFor();
    await page.getByLabel('Given name').fill('Robin');
    await page.getByLabel('Family name').fill('Example');
    await fillDate(page, 'Date of birth', '2018-04-12');
    await page.getByLabel('Time received').fill('25:00');
    await page.getByRole('button', { name: 'Create request' }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Enter the date the request arrived, or leave the date and time blank if it arrived just now' }).waitFor();
    await page.getByLabel('Time received').fill('');
    await summary.getByRole('link', { name: 'Enter the LA reference' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('nr-laReference');
    expect(await page.getByLabel('LA reference').getAttribute('aria-invalid')).toBe('true');
    await checkScreen(page, 'new-request-errors');

    // Leaving with unsaved input asks first; staying keeps it.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alertdialog', { name: 'You have unsaved changes' }).waitFor();
    await page.getByRole('button', { name: 'Stay on this page' }).click();
    expect(await page.getByLabel('Given name').inputValue()).toBe('Robin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('button', { name: 'Leave and lose changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
  });

  it('creates a request, explains its due date, and completes triage so allocation opens', async () => {
    const laReference = `WEB-${uniqueSuffix()}`;
    await page.goto(`${webUrl}requests/new`);
    await page.getByLabel('Local authority').selectOption({ index: 1 });
    await page.getByLabel('LA reference').fill(laReference);
    await page.getByLabel('Given name').fill('Alex');
    await page.getByLabel('Family name').fill('Browser');
    await fillDate(page, 'Date of birth', '2018-04-12');
    await page.getByLabel('NHS number (optional)').fill('9434765919');
    // Yesterday at 10:00 UK time, typed as the coordinator reads it off the LA's email (whatever the browser's zone).
    const ukYesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() - 24 * 3600 * 1000));
    await fillDate(page, 'Date received', ukYesterday);
    await page.getByLabel('Time received').fill('10:00');
    await page.getByLabel('Advice type').selectOption('needs_assessment');
    await page.getByRole('button', { name: 'Create request' }).click();

    // In the list, then open it.
    await page.getByRole('status').filter({ hasText: `Request ${laReference} saved.` }).waitFor();
    // Found by the caseload's search (the list pages 50 at a time, earliest due first).
    await page.goto(`${webUrl}requests?q=${laReference}`);
    const row = page.getByRole('row').filter({ hasText: laReference });
    await row.getByText('Alex Browser').waitFor();
    await checkScreen(page, 'requests-list');
    await row.getByRole('link', { name: laReference }).click();

    await page.getByRole('heading', { level: 1, name: laReference }).waitFor();
    await page.getByRole('heading', { name: /^Why is this due on \d{1,2} \w+ \d{4}\?$/ }).waitFor();
    const why = page.locator('section[aria-labelledby="why-due"] li');
    await why.first().waitFor();
    expect(await why.count()).toBeGreaterThan(0);
    await why.filter({ hasText: /which is 10:00 on \w+ \d{1,2} \w+ \d{4} \(Europe\/London\)/ }).first().waitFor();
    await checkScreen(page, 'request-detail');

    // My tasks for this request: triage appears once the workflow opens it.
    await page.getByRole('link', { name: 'My tasks for this request' }).click();
    await page.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
    await page.getByRole('link', { name: 'Triage request', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Triage request' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/tasks\/[0-9a-f-]{36}$/);
    await page.getByLabel('Accept', { exact: true }).check();
    await page.getByRole('group', { name: 'Is the request complete?' }).getByLabel('Yes').check();
    await checkScreen(page, 'task-form-triage');
    await page.getByRole('button', { name: 'Complete task' }).click();

    // Back on the request's task list (where it was opened from).
    await page.getByRole('status').filter({ hasText: 'Triage request' }).waitFor();
    await page.getByRole('link', { name: 'Allocate to services', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Triage request', exact: true }).count()).toBe(0);
  });

  it('changes the password (policy errors against the field), then signs out', async () => {
    const email = `web-${uniqueSuffix()}@test.sendflow.nhs.uk`;
    const password = `Old passphrase ${uniqueSuffix()}`;
    await stack.ds.query(`INSERT INTO users (email, display_name, roles, password_hash) VALUES ($1, 'Wren Web', '{coordinator}', $2)`, [email, await hashPassword(password)]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
    await signInAs(email, password);
    // In the account links (the task page signed out from may also list Wren as an assignee).
    await page.getByRole('navigation', { name: 'Account' }).getByText('Wren Web').waitFor();

    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('New password', { exact: true }).fill('too short');
    await page.getByLabel('Confirm new password').fill('too short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'New password must be at least 12 characters' }).waitFor();
    await checkScreen(page, 'change-password-errors');
    expect(await page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    const next = `New passphrase ${uniqueSuffix()}`;
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('Confirm new password').fill(next);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password has been changed.' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to SENDflow' }).waitFor();
    await signInAs(email, next);
    await page.getByText('Wren Web').waitFor();
  });
});
