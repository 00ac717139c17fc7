import { httpClient, USERS } from './support/http';
import { ensureLocalAuthority, insertHandBuiltRequest, insertTask } from './support/report-data';
import { startStack, type Stack } from './support/stack';

/**
 * Timeliness against a hand-built data set whose every figure was worked out by hand (below).
 * Due dates lie in 2019 (and one in 2099), months no other test file touches; the two LAs are
 * this file's own. Dates are Europe/London: February is GMT, April is BST.
 *
 * | req | LA | services | receipt    | due        | response                               | class            |
 * | R1  | A  | SLT      | 2019-01-10 | 2019-02-21 | returned 2019-02-20 10:00Z             | on time, 41 days |
 * | R2  | A  | SLT, OT  | 2019-01-17 | 2019-02-28 | returned 2019-02-28 23:30Z (due day)   | on time, 42 days |
 * | R3  | B  | OT       | 2019-01-18 | 2019-03-01 | returned 2019-03-01 00:30Z             | on time, 42 days (March row) |
 * | R4  | B  | SLT      | 2019-01-14 | 2019-02-25 | returned 2019-02-26 00:10Z             | late, 43 days    |
 * | R5  | A  | OT       | 2019-01-16 | 2019-03-13 | +14 day reg 8(2) extension moved it from 2019-02-27 into March; returned 2019-03-10 | exception |
 * | R6  | A  | (none)   | 2019-02-01 | 2019-03-15 | not known 2019-02-05 12:00Z            | on time, not known, 4 days |
 * | R7  | B  | SLT      | 2019-02-06 | 2019-03-20 | none, still in progress                | late (open past its date) |
 * | R8  | B  | SLT      | 2019-03-19 | 2019-04-30 | returned 2019-04-30 23:30Z = 1 May 00:30 BST | late, 43 days |
 * | R9  | A  | OT       | 2099-01-27 | 2099-03-10 | none                                   | open |
 * | R10 | A  | SLT      | 2019-01-11 | 2019-02-22 | cancelled                              | not counted |
 * | R11 | A  | (none)   | 2019-02-22 | 2019-04-05 | not known 2019-04-10 09:00Z            | late, not known, 47 days |
 *
 * Percentiles are PostgreSQL's percentile_cont (linear between ranks): p90 of [41, 42, 43] is 42.8.
 */
const LA_A = 'E99RPA01';
const LA_B = 'E99RPB01';
const zero = { due: 0, onTime: 0, late: 0, open: 0, exceptions: 0, notKnown: 0, percentOnTime: null, medianDaysToResponse: null, p90DaysToResponse: null };

describe('timeliness report', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    stack = await startStack({ withWorker: false });
    http = httpClient(stack.baseUrl);
    await ensureLocalAuthority(stack.ds, LA_A, 'Report Test Borough A');
    await ensureLocalAuthority(stack.ds, LA_B, 'Report Test County B');
    const ds = stack.ds;
    await insertHandBuiltRequest(ds, { la: LA_A, services: ['SLT'], effectiveReceiptDate: '2019-01-10', dueDate: '2019-02-21', status: 'returned', returnedAt: '2019-02-20T10:00:00Z' });
    await insertHandBuiltRequest(ds, { la: LA_A, services: ['SLT', 'OT'], effectiveReceiptDate: '2019-01-17', dueDate: '2019-02-28', status: 'returned', returnedAt: '2019-02-28T23:30:00Z' });
    await insertHandBuiltRequest(ds, { la: LA_B, services: ['OT'], effectiveReceiptDate: '2019-01-18', dueDate: '2019-03-01', status: 'returned', returnedAt: '2019-03-01T00:30:00Z' });
    await insertHandBuiltRequest(ds, { la: LA_B, services: ['SLT'], effectiveReceiptDate: '2019-01-14', dueDate: '2019-02-25', status: 'returned', returnedAt: '2019-02-26T00:10:00Z' });
    await insertHandBuiltRequest(ds, { la: LA_A, services: ['OT'], effectiveReceiptDate: '2019-01-16', dueDate: '2019-03-13', status: 'returned', returnedAt: '2019-03-10T12:00:00Z', extensionDays: 14 });
    await insertHandBuiltRequest(ds, { la: LA_A, services: [], effectiveReceiptDate: '2019-02-01', dueDate: '2019-03-15', status: 'not_known', notKnownAt: '2019-02-05T12:00:00Z' });
    await insertHandBuiltRequest(ds, { la: LA_B, services: ['SLT'], effectiveReceiptDate: '2019-02-06', dueDate: '2019-03-20', status: 'in_progress' });
    await insertHandBuiltRequest(ds, { la: LA_B, services: ['SLT'], effectiveReceiptDate: '2019-03-19', dueDate: '2019-04-30', status: 'returned', returnedAt: '2019-04-30T23:30:00Z' });
    await insertHandBuiltRequest(ds, { la: LA_A, services: ['OT'], effectiveReceiptDate: '2099-01-27', dueDate: '2099-03-10', status: 'in_progress' });
    await insertHandBuiltRequest(ds, { la: LA_A, services: ['SLT'], effectiveReceiptDate: '2019-01-11', dueDate: '2019-02-22', status: 'cancelled' });
    await insertHandBuiltRequest(ds, { la: LA_A, services: [], effectiveReceiptDate: '2019-02-22', dueDate: '2019-04-05', status: 'not_known', notKnownAt: '2019-04-10T09:00:00Z' });
  });
  afterAll(async () => stack?.close());

  it('by month: every figure as worked out by hand, empty months included', async () => {
    const res = await http.get('/reports/timeliness?from=2019-01&to=2019-04&by=month', USERS.auditor);
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { key: '2019-01', label: 'January 2019', ...zero },
      { key: '2019-02', label: 'February 2019', due: 3, onTime: 2, late: 1, open: 0, exceptions: 0, notKnown: 0, percentOnTime: 66.7, medianDaysToResponse: 42, p90DaysToResponse: 42.8 },
      { key: '2019-03', label: 'March 2019', due: 4, onTime: 2, late: 1, open: 0, exceptions: 1, notKnown: 1, percentOnTime: 66.7, medianDaysToResponse: 23, p90DaysToResponse: 38.2 },
      { key: '2019-04', label: 'April 2019', due: 2, onTime: 0, late: 2, open: 0, exceptions: 0, notKnown: 1, percentOnTime: 0, medianDaysToResponse: 45, p90DaysToResponse: 46.6 },
    ]);
    expect(res.body.total).toEqual({ due: 9, onTime: 4, late: 4, open: 0, exceptions: 1, notKnown: 2, percentOnTime: 50, medianDaysToResponse: 42, p90DaysToResponse: 44.6 });
    expect(res.body).toMatchObject({ from: '2019-01', to: '2019-04', by: 'month' });
    expect(res.body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.definition).toMatch(/reg 8\(2\)/);
  });

  it('by LA and by service (a request with two services is in both service rows; one allocated to none is in neither)', async () => {
    const byLa = await http.get('/reports/timeliness?from=2019-01&to=2019-04&by=la', USERS.coordinator);
    expect(byLa.status).toBe(200);
    const la = Object.fromEntries(byLa.body.rows.map((r: { key: string }) => [r.key, r]));
    expect(la[LA_A]).toEqual({ key: LA_A, label: 'Report Test Borough A', due: 5, onTime: 3, late: 1, open: 0, exceptions: 1, notKnown: 2, percentOnTime: 75, medianDaysToResponse: 41.5, p90DaysToResponse: 45.5 });
    expect(la[LA_B]).toEqual({ key: LA_B, label: 'Report Test County B', due: 4, onTime: 1, late: 3, open: 0, exceptions: 0, notKnown: 0, percentOnTime: 25, medianDaysToResponse: 43, p90DaysToResponse: 43 });

    const byService = await http.get('/reports/timeliness?from=2019-01&to=2019-04&by=service', USERS.sop);
    expect(byService.status).toBe(200);
    const svc = Object.fromEntries(byService.body.rows.map((r: { key: string }) => [r.key, r]));
    expect(svc.SLT).toEqual({ key: 'SLT', label: 'Speech and language therapy', due: 5, onTime: 2, late: 3, open: 0, exceptions: 0, notKnown: 0, percentOnTime: 40, medianDaysToResponse: 42.5, p90DaysToResponse: 43 });
    expect(svc.OT).toEqual({ key: 'OT', label: 'Occupational therapy', due: 3, onTime: 2, late: 0, open: 0, exceptions: 1, notKnown: 0, percentOnTime: 100, medianDaysToResponse: 42, p90DaysToResponse: 42 });
    expect(svc.PAED).toMatchObject(zero);
    // The total is per request, not the sum of service rows.
    expect(byService.body.total.due).toBe(9);
  });

  it('a request not yet due is open and leaves the percentage null', async () => {
    const res = await http.get('/reports/timeliness?from=2099-03&to=2099-03', USERS.auditor);
    expect(res.status).toBe(200);
    expect(res.body.by).toBe('month');
    expect(res.body.rows).toEqual([{ key: '2099-03', label: 'March 2099', ...zero, due: 1, open: 1 }]);
  });

  it('answers CSV with Accept: text/csv, the same figures and a total line', async () => {
    const session = await import('./support/http').then((m) => m.sessionFor(stack.baseUrl, USERS.auditor));
    const res = await fetch(`${stack.baseUrl}/reports/timeliness?from=2019-01&to=2019-04&by=month`, { headers: { cookie: session.cookie, accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="timeliness-by-month-2019-01-to-2019-04.csv"');
    expect(res.headers.get('vary')).toMatch(/Accept/i);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toEqual([
      'month,name,due,on_time,late,open,exceptions,not_known,percent_on_time,median_days_to_response,p90_days_to_response',
      '2019-01,January 2019,0,0,0,0,0,0,,,',
      '2019-02,February 2019,3,2,1,0,0,0,66.7,42,42.8',
      '2019-03,March 2019,4,2,1,0,1,1,66.7,23,38.2',
      '2019-04,April 2019,2,0,2,0,0,1,0,45,46.6',
      'total,2019-01 to 2019-04,9,4,4,0,1,2,50,42,44.6',
    ]);
  });

  it('refuses bad periods with 400 naming the field, and never a 5xx', async () => {
    const cases: [string, string][] = [
      ['from=2019-13&to=2019-04', 'from'],
      ['from=2019-01&to=2018-12', 'to'],
      ['from=2019-01&to=2019-04&by=week', 'by'],
      ['from=2000-01&to=2019-04', 'to'],
      ['to=2019-04', 'from'],
      ['from=2019-01&to=2019-04&la=E1', 'la'],
      ['from=2019-01&to=2019-04&from=2019-02', 'from'],
    ];
    for (const [query, field] of cases) {
      const res = await http.get(`/reports/timeliness?${query}`, USERS.auditor);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.issues.map((i: { field: string }) => i.field)).toContain(field);
    }
  });

  it('pipeline: colours by days left, each service\'s median allocation-to-approval, and the requests predicted to breach', async () => {
    // A service of this test's own, so approvals made by other test files do not move its median.
    const SVC = 'RPTX';
    await stack.ds.query(`INSERT INTO services (code, name) VALUES ($1, 'Report test service') ON CONFLICT DO NOTHING`, [SVC]);
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * 86_400_000);
    const [{ today }] = await stack.ds.query(`SELECT to_char((now() AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS today`);
    const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    // Three contributions approved 30 days ago, allocated 40, 50 and 60 days ago: 10, 20 and 30 days; median 20. The third was reworked once.
    for (const [allocated, rework] of [[40, false], [50, false], [60, true]] as const) {
      const id = await insertHandBuiltRequest(stack.ds, { la: LA_A, services: [SVC], effectiveReceiptDate: inDays(-70), dueDate: inDays(-28), status: 'returned', returnedAt: ago(29).toISOString() });
      await insertTask(stack.ds, { requestId: id, serviceCode: SVC, form: 'pro_forma', outcome: 'submitted', openedAt: ago(allocated), completedAt: ago(allocated - 5) });
      if (rework) await insertTask(stack.ds, { requestId: id, serviceCode: SVC, form: 'qa_review', outcome: 'rework', openedAt: ago(50), completedAt: ago(45) });
      await insertTask(stack.ds, { requestId: id, serviceCode: SVC, form: 'qa_review', outcome: 'approved', openedAt: ago(32), completedAt: ago(30) });
    }
    // Open, 10 days left: allocated 5 days ago needs about 15 more (breach predicted); allocated 15 days ago needs about 5 (no breach).
    const late = await insertHandBuiltRequest(stack.ds, { la: LA_B, services: [SVC], effectiveReceiptDate: inDays(-32), dueDate: inDays(10), status: 'in_progress' });
    await insertTask(stack.ds, { requestId: late, serviceCode: SVC, form: 'pro_forma', openedAt: ago(5) });
    const fine = await insertHandBuiltRequest(stack.ds, { la: LA_B, services: [SVC], effectiveReceiptDate: inDays(-32), dueDate: inDays(10), status: 'in_progress' });
    await insertTask(stack.ds, { requestId: fine, serviceCode: SVC, form: 'pro_forma', openedAt: ago(15) });

    const res = await http.get('/reports/pipeline', USERS.coordinator);
    expect(res.status).toBe(200);
    expect(res.body.prediction.serviceMedians).toContainEqual({ serviceCode: SVC, medianDays: 20, sample: 3 });
    expect(res.body.prediction.rule).toMatch(/median days from allocation to approval over the last 180 days/);
    const predicted = res.body.predictedToBreach.filter((p: { requestId: string }) => p.requestId === late || p.requestId === fine);
    expect(predicted).toEqual([{
      requestId: late, localAuthorityCode: LA_B, dueDate: inDays(10), daysLeft: 10,
      services: [{ serviceCode: SVC, elapsedDays: 5, medianDays: 20, expectedDaysLeft: 15 }],
    }]);
    expect(res.body.byDaysLeft).toContainEqual({ daysLeft: 10, colour: 'amber', count: expect.any(Number) });
    // R9 (due 2099) is open and green; R7 (due 2019) is open and red.
    expect(res.body.colours.counts.green).toBeGreaterThanOrEqual(1);
    expect(res.body.colours.counts.red).toBeGreaterThanOrEqual(1);

    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(ago(30)).slice(0, 7);
    const flow = await http.get(`/reports/service-flow?from=${month}&to=${month}`, USERS.sop);
    expect(flow.status).toBe(200);
    expect(flow.body.rework).toContainEqual({ serviceCode: SVC, reviewed: 3, reworked: 1, reworkRate: 33.3 });
    expect(flow.body.throughput).toContainEqual({ month, serviceCode: SVC, approved: 3 });

    // Every table on the pipeline screen has its CSV: ?table= chooses which (JSON carries them all).
    const { sessionFor } = await import('./support/http');
    const session = await sessionFor(stack.baseUrl, USERS.coordinator);
    const csv = async (path: string) => {
      const r = await fetch(`${stack.baseUrl}${path}`, { headers: { cookie: session.cookie, accept: 'text/csv' } });
      return { status: r.status, type: r.headers.get('content-type'), name: r.headers.get('content-disposition'), lines: (await r.text()).trim().split('\r\n') };
    };
    const predictedCsv = await csv('/reports/pipeline?table=predicted');
    expect(predictedCsv.type).toMatch(/^text\/csv/);
    expect(predictedCsv.name).toBe(`attachment; filename="pipeline-predicted-${today}.csv"`);
    expect(predictedCsv.lines[0]).toBe('request_id,local_authority,due_date,days_left,service,days_since_allocation,service_median_days,expected_days_needed');
    expect(predictedCsv.lines).toContain(`${late},${LA_B},${inDays(10)},10,${SVC},5,20,15`);
    expect(predictedCsv.lines.some((l) => l.startsWith(fine))).toBe(false);
    expect((await csv('/reports/pipeline?table=service-medians')).lines).toContain(`${SVC},20,3`);
    expect((await csv('/reports/pipeline')).lines[0]).toBe('days_left,colour,open_requests');
    const reworkCsv = await csv(`/reports/service-flow?from=${month}&to=${month}&table=rework`);
    expect(reworkCsv.lines[0]).toBe('service,approved,reworked,rework_rate');
    expect(reworkCsv.lines).toContain(`${SVC},3,1,33.3`);
    expect((await csv(`/reports/service-flow?from=${month}&to=${month}&table=throughput`)).lines).toContain(`${month},${SVC},3,33.3`);
    const bad = await http.get('/reports/pipeline?table=everything', USERS.coordinator);
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { field: string }) => i.field)).toEqual(['table']);
  });
});
