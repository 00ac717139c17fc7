import { Client, Connection } from '@temporalio/client';
import type { Page } from 'playwright-core';
import { dataConverterFromEnv } from '@sendflow/platform';
import { rebuildProjections } from '../../apps/worker/src/projections/projection-rebuild';
import { newRequestBody } from '../support/fixtures';
import { eventually, httpClient, USERS } from '../support/http';
import { uniqueSuffix } from '../support/test-env';
import { waitForOpenTask } from '../support/tasks';
import { checkScreen } from './a11y';
import { signInAs, startWebHarness, type WebHarness } from './web-harness';

/**
 * A projection write the database refuses for good (a real constraint failure, raised by a trigger
 * for this one request only) becomes an incident: the request page says what failed, when, and
 * what to do; /api/health counts it; once the cause is gone the operator's repair (the projection
 * rebuild) restores the missing task and closes the incident, and the banner goes.
 */
describe('request page: an activity that failed non-retryably shows as an incident (in Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let http: ReturnType<typeof httpClient>;
  let connection: Connection;
  const suffix = uniqueSuffix().replace(/[^a-z0-9]/gi, '').toLowerCase();
  const fn = `refuse_tasks_${suffix}`;
  const laReference = `INCIDENT-${suffix.toUpperCase()}`;

  beforeAll(async () => {
    h = await startWebHarness();
    page = h.page;
    http = httpClient(h.stack.baseUrl);
    connection = await Connection.connect({ address: h.stack.temporalAddress });
    // SQLSTATE 23514 (check_violation): what a bad row meets in production, for this reference only.
    await h.stack.ds.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT la_reference FROM requests WHERE id = NEW.request_id) = '${laReference}' THEN
          RAISE EXCEPTION 'refused by the incident test' USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
      END $$`);
    await h.stack.ds.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
  });
  afterAll(async () => {
    await h?.stack.ds.query(`DROP TRIGGER IF EXISTS ${fn} ON tasks`).catch(() => undefined);
    await h?.stack.ds.query(`DROP FUNCTION IF EXISTS ${fn}()`).catch(() => undefined);
    await connection?.close();
    await h?.close();
  });

  it('shows what failed, when and what to do; the repair brings the task back and the banner goes', async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ laReference, child: { givenName: 'Ivy', familyName: 'Incident', dateOfBirth: '2017-09-03' } }));
    expect(created.status).toBe(201);
    const requestId: string = created.body.id;

    const incident = await eventually(async () => {
      const r = await http.get(`/requests/${requestId}`, USERS.coordinator);
      return r.body.incidents?.find((i: { activity: string }) => i.activity === 'projectTask');
    }, { what: 'an incident for the triage task projection' });
    expect(incident).toMatchObject({ nonRetryable: true, errorCode: '23514', what: 'Adding a task to the task lists', attempts: 1 });
    expect(incident.id).toMatch(/^INC-\d+$/);
    // The database's message stays in the database: only its code reaches the API.
    expect(JSON.stringify(incident)).not.toContain('refused by the incident test');
    const health = await http.get('/health', USERS.coordinator);
    expect(health.status).toBe(200);
    expect(health.body.stuckActivities.nonRetryable).toBeGreaterThanOrEqual(1);
    // The workflow carried on (it is the truth); only the read model is missing the task.
    expect((await http.get(`/tasks?requestId=${requestId}`, USERS.coordinator)).body.items).toEqual([]);

    await page.goto(h.webUrl);
    await signInAs(page, USERS.coordinator);
    await page.goto(`${h.webUrl}requests/${requestId}`);
    const banner = page.getByRole('region', { name: 'Important' });
    await banner.getByRole('heading', { name: 'Part of this request could not be saved' }).waitFor();
    await banner.getByText('Adding a task to the task lists').waitFor();
    await banner.getByText(/failed on \d+ \w+ \d{4}, \d\d:\d\d and cannot succeed by retrying/).waitFor();
    await banner.getByText(`Reference ${incident.id}, database code 23514.`).waitFor();
    await banner.getByText(/Do not enter the work again/).waitFor();
    await banner.getByText(/report it to the SENDflow service desk/).waitFor();
    await checkScreen(page, 'request-incident');

    // The operator removes the cause and repairs the request from its history.
    await h.stack.ds.query(`DROP TRIGGER ${fn} ON tasks`);
    const client = new Client({ connection, dataConverter: dataConverterFromEnv() });
    const report = await rebuildProjections({ client, dataSource: h.stack.ds, workflowIds: [(await http.get(`/requests/${requestId}`, USERS.coordinator)).body.workflowId], dataConverter: dataConverterFromEnv() });
    expect(report.skipped).toEqual([]);
    expect(report.incidentsResolved).toBe(1);
    await waitForOpenTask(http, requestId, USERS.coordinator, 'triage');
    expect((await http.get(`/requests/${requestId}`, USERS.coordinator)).body.incidents).toEqual([]);

    await page.reload();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.getByRole('cell', { name: /Triage/ }).first().waitFor();
    expect(await page.getByRole('region', { name: 'Important' }).count()).toBe(0);
  });
});
