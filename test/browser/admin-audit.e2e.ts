import type { Page } from 'playwright-core';
import { newRequestBody } from '../support/fixtures';
import { httpClient, USERS } from '../support/http';
import { uniqueSuffix } from '../support/test-env';
import { checkScreen, fillDate } from './a11y';
import { signInAs, signOut, startWebHarness, type WebHarness } from './web-harness';

/**
 * Every role lands on a page it can use and sees only its menu items; the admin's screens (users,
 * services, LAs) and the auditor's audit log, in Chromium against the real API, with axe on each.
 */
describe('role homes, admin and audit-log screens (in Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  const menu = () => page.getByRole('navigation', { name: 'Main' }).getByRole('link');

  beforeAll(async () => {
    h = await startWebHarness();
    page = h.page;
    http = httpClient(h.stack.baseUrl);
    await page.goto(h.webUrl);
  });
  afterAll(async () => h?.close());

  it.each([
    [USERS.coordinator, '/requests', 'Requests', ['Requests', 'My tasks', 'SOPs', 'Reports']],
    [USERS.slt, '/tasks', 'My tasks', ['Requests', 'My tasks']],
    [USERS.leadSlt, '/tasks', 'My tasks', ['Requests', 'My tasks']],
    [USERS.qa, '/review', 'Review queue', ['Requests', 'Review queue']],
    [USERS.sop, '/sops', 'Standard operating procedures', ['SOPs', 'Forms', 'Audit criteria', 'Reports']],
    [USERS.admin, '/admin/users', 'Users', ['SOPs', 'Users', 'Services', 'Local authorities', 'Audit log']],
    [USERS.auditor, '/audit', 'Audit log', ['Requests', 'SOPs', 'Audit log', 'Reports']],
  ])('%s lands on %s and sees only the menu items it can use', async (email, home, heading, items) => {
    await page.goto(h.webUrl);
    if (await page.getByRole('button', { name: 'Sign out' }).count()) await signOut(page);
    await signInAs(page, email);
    await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(home);
    expect(await menu().allInnerTexts()).toEqual(items);
    // A page outside the role's menu sends it home instead of showing an error.
    if (home !== '/admin/users') {
      await page.goto(new URL('/admin/users', h.webUrl).toString());
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      expect(new URL(page.url()).pathname).toBe(home);
    }
    await checkScreen(page, `home-${home.slice(1).replace(/\//g, '-')}`);
    await signOut(page);
  });

  it('lets the admin add a user (errors against their fields), change their roles, and switch them off', async () => {
    // Signing in keeps the URL it happened at: start from / to land on the admin's home.
    await page.goto(h.webUrl);
    await signInAs(page, USERS.admin);
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'Add a user' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a user' }).waitFor();

    // Nothing filled in: each field is named, linked, and marked.
    await page.getByRole('button', { name: 'Add user' }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Enter an email address, like name@trust.nhs.uk' }).waitFor();
    await summary.getByRole('link', { name: 'Choose at least one role' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('user-role-coordinator');
    await checkScreen(page, 'admin-user-errors');

    // A practitioner needs a service: the form says so before the API is asked.
    const email = `web.admin.${uniqueSuffix()}@test.sendflow.nhs.uk`;
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Name', { exact: true }).fill('Ada Admin-Made');
    await page.getByLabel('practitioner').check();
    await page.getByRole('button', { name: 'Add user' }).click();
    await summary.getByRole('link', { name: 'Choose the services whose work a practitioner or service lead sees' }).waitFor();
    await page.getByLabel('Speech and language therapy (SLT)').check();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('status').filter({ hasText: 'Ada Admin-Made added.' }).waitFor();
    const created = (await http.get('/admin/users', USERS.admin)).body.find((u: { email: string }) => u.email === email);
    expect(created).toMatchObject({ displayName: 'Ada Admin-Made', roles: ['practitioner'], serviceCodes: ['SLT'], active: true });

    // The same email again is a 409 from the API, shown against the email field.
    await page.getByRole('link', { name: 'Add a user' }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Name', { exact: true }).fill('Duplicate');
    await page.getByLabel('coordinator').check();
    await page.getByRole('button', { name: 'Add user' }).click();
    await summary.getByRole('link', { name: /already exists/ }).waitFor();
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('link', { name: 'Back to users' }).click();
    await page.getByRole('button', { name: 'Leave and lose changes' }).click();

    // Edit: add a role; then switch the user off.
    await page.getByRole('link', { name: 'Ada Admin-Made' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ada Admin-Made' }).waitFor();
    await page.getByLabel('service lead').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Ada Admin-Made updated.' }).waitFor();
    expect((await http.get(`/admin/users/${created.id}`, USERS.admin)).body.roles).toEqual(['practitioner', 'service_lead']);
    await page.getByRole('link', { name: 'Ada Admin-Made' }).click();
    await page.getByRole('button', { name: 'Switch off this user' }).click();
    await page.getByRole('status').filter({ hasText: 'Ada Admin-Made is switched off' }).waitFor();
    expect((await http.get(`/admin/users/${created.id}`, USERS.admin)).body.active).toBe(false);
    await checkScreen(page, 'admin-user-edit');
  });

  it('lets the admin add and rename a service and a local authority', async () => {
    const code = `W${uniqueSuffix().replace(/[^A-Z0-9]/gi, '').toUpperCase().slice(0, 8)}`;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Services' }).click();
    await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
    await page.getByRole('link', { name: 'Add a service' }).click();
    await page.getByLabel('Service code').fill('not a code');
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByRole('alert').getByRole('link', { name: /^Code must be/ }).waitFor();
    await page.getByLabel('Service code').fill(code);
    await page.getByLabel('Name', { exact: true }).fill('Web test service');
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByRole('status').filter({ hasText: 'Web test service added.' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: code });
    await row.getByRole('link', { name: /Change/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Web test service renamed');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Web test service renamed updated.' }).waitFor();
    expect((await http.get('/admin/services', USERS.admin)).body.find((s: { code: string }) => s.code === code)?.name).toBe('Web test service renamed');
    await checkScreen(page, 'admin-services');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Local authorities' }).click();
    await page.getByRole('heading', { level: 1, name: 'Local authorities' }).waitFor();
    await page.getByRole('link', { name: 'Add a local authority' }).click();
    const gss = `E0${String(Date.now()).slice(-7)}`;
    await page.getByLabel('GSS code').fill(gss);
    await page.getByLabel('Name', { exact: true }).fill('Webtest Borough Council');
    await page.getByLabel('Return address (optional)').fill('not-an-email');
    await page.getByRole('button', { name: 'Add local authority' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Enter an email address, or leave it blank' }).waitFor();
    await page.getByLabel('Return address (optional)').fill('send@webtest.gov.uk');
    await page.getByRole('button', { name: 'Add local authority' }).click();
    await page.getByRole('status').filter({ hasText: 'Webtest Borough Council added.' }).waitFor();
    await page.getByRole('row').filter({ hasText: gss }).getByText('send@webtest.gov.uk').waitFor();
    await checkScreen(page, 'admin-local-authorities');
    await signOut(page);
  });

  it('lets the auditor search the audit log by request, action and date, with every filter in the URL', async () => {
    const requestId = (await http.post('/requests', USERS.coordinator, newRequestBody())).body.id as string;
    expect((await http.get(`/requests/${requestId}`, USERS.coordinator)).status).toBe(200);
    await page.goto(h.webUrl);
    await signInAs(page, USERS.auditor);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();

    await page.getByLabel('Request id').fill(requestId);
    await page.getByLabel('Action').fill('request.read');
    const today = new Date().toISOString().slice(0, 10);
    await fillDate(page, 'From', today);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ requestId, action: 'request.read', from: today });
    const rows = page.getByRole('row').filter({ hasText: 'request.read' });
    await rows.first().getByText('Casey Coordinator').waitFor();
    await checkScreen(page, 'audit-log');

    // A bad filter is the API's 400, named against its field.
    await page.goto(new URL('/audit?action=Not%20An%20Action', h.webUrl).toString());
    await page.getByRole('alert').getByRole('link', { name: /action must be an action name/ }).waitFor();
    // The search itself is audited.
    const searches = (await http.get(`/audit?action=audit.search&limit=5`, USERS.auditor)).body.items;
    expect(searches.length).toBeGreaterThan(0);
  });
});
