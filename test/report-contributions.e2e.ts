import { randomUUID } from 'node:crypto';
import { IMPORT_COLUMNS, type TimelinessGrouping } from '@sendflow/domain';
import { ReportsRepository } from '../apps/api/src/reports/reports.repository';
import { httpClient, USERS } from './support/http';
import { ensureLocalAuthority, insertHandBuiltRequest, insertTask } from './support/report-data';
import { startStack, type Stack } from './support/stack';

/**
 * `report_contributions` (one row per request × service, kept by triggers on requests and tasks)
 * must always equal what the source rows say, whatever happened to them: rework, a correction made
 * in place, a reopened review, tasks deleted and written again (what a projection rebuild does), an
 * allocation changed, a request returned or extended, concurrent reviews, an import of history.
 * After every step the summary is compared with the definition computed straight from requests
 * and tasks, and the dashboard figures that read it are checked by hand. Timeliness (by service
 * from this summary, by month and LA from the requests) counts rows per number of days and takes
 * its percentiles from those counts: after every step its raw figures are compared, to the last
 * bit, with the definition's own SQL (every row classified, `percentile_cont` over every row).
 *
 * This file's LA, its service codes (RCSA, RCSB: no other file uses them) and its 2015 due dates
 * are its own (the import's 2022 request is in this LA only), so its figures are exact whatever else the run did.
 */
const LA = 'E99RCT01';
const A = 'RCSA';
const B = 'RCSB';

describe('per-contribution summary (report_contributions)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  const mine: string[] = [];

  /** The definition, computed from the source rows (written independently of the trigger's SQL). */
  const fromSource = () => stack.ds.query(`
    WITH keys AS (
      SELECT r.id AS request_id, s AS service_code FROM requests r CROSS JOIN LATERAL unnest(r.allocated_services) s WHERE r.id = ANY($1::uuid[])
      UNION SELECT t.request_id, t.service_code FROM tasks t WHERE t.service_code IS NOT NULL AND t.request_id = ANY($1::uuid[]))
    SELECT k.request_id, k.service_code, k.service_code = ANY (r.allocated_services) AS allocated, r.status <> 'cancelled' AS counted,
      r.local_authority_code, r.effective_receipt_date::text AS effective_receipt_date, r.statutory_due_date::text AS due_date,
      jsonb_array_length(r.deadline_exceptions) > 0 AS has_exception, r.responded_on::text AS responded_on, r.status = 'not_known' AS not_known,
      (SELECT min(t.opened_at) FROM tasks t WHERE t.request_id = k.request_id AND t.service_code = k.service_code AND t.form = 'pro_forma')::text AS allocated_at,
      a.approved_at::text AS approved_at, (a.approved_at AT TIME ZONE 'Europe/London')::date::text AS approved_on,
      EXISTS (SELECT 1 FROM tasks t WHERE t.request_id = k.request_id AND t.service_code = k.service_code AND t.form = 'qa_review'
        AND t.status = 'completed' AND t.outcome = 'rework') AS reworked
    FROM keys k JOIN requests r ON r.id = k.request_id
    CROSS JOIN LATERAL (SELECT max(t.completed_at) AS approved_at FROM tasks t WHERE t.request_id = k.request_id AND t.service_code = k.service_code
      AND t.form = 'qa_review' AND t.status = 'completed' AND t.outcome = 'approved') a
    ORDER BY 1, 2`, [mine]);
  const fromSummary = () => stack.ds.query(`
    SELECT request_id, service_code, allocated, counted, local_authority_code, effective_receipt_date::text AS effective_receipt_date, due_date::text AS due_date,
      has_exception, responded_on::text AS responded_on, not_known, allocated_at::text AS allocated_at, approved_at::text AS approved_at,
      approved_on::text AS approved_on, reworked
    FROM report_contributions WHERE request_id = ANY($1::uuid[]) ORDER BY 1, 2`, [mine]);
  const expectExact = async () => {
    const [summary, source] = await Promise.all([fromSummary(), fromSource()]);
    expect(summary).toEqual(source);
    await timeliness2015();
    return summary as { request_id: string; service_code: string; approved_on: string | null; reworked: boolean; allocated: boolean }[];
  };
  const review = (requestId: string, service: string, outcome: 'approved' | 'rework', completedAt: string) =>
    insertTask(stack.ds, { requestId, serviceCode: service, form: 'qa_review', outcome, openedAt: new Date(Date.parse(completedAt) - 86_400_000), completedAt: new Date(completedAt) });
  const draft = (requestId: string, service: string, openedAt: string) =>
    insertTask(stack.ds, { requestId, serviceCode: service, form: 'pro_forma', outcome: 'submitted', openedAt: new Date(openedAt), completedAt: new Date(Date.parse(openedAt) + 3 * 86_400_000) });
  const flow = async (from: string, to: string) => {
    const res = await http.get(`/reports/service-flow?from=${from}&to=${to}`, USERS.sop);
    expect(res.status).toBe(200);
    return {
      rework: res.body.rework.filter((r: { serviceCode: string }) => r.serviceCode === A || r.serviceCode === B),
      throughput: res.body.throughput.filter((r: { serviceCode: string }) => r.serviceCode === A || r.serviceCode === B),
    };
  };
  const byService = async () => {
    const res = await http.get('/reports/timeliness?from=2015-01&to=2015-12&by=service', USERS.sop);
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.rows.filter((r: { key: string }) => r.key === A || r.key === B)
      .map((r: { key: string; due: number; onTime: number; late: number; exceptions: number }) => [r.key, [r.due, r.onTime, r.late, r.exceptions]]));
  };

  /**
   * The timeliness definition as one plain SQL query over the request views (every row classified,
   * percentiles by `percentile_cont`): the query the repository ran before it counted per day.
   */
  const timelinessDefinition = (by: TimelinessGrouping | 'total', from: string, toExclusive: string) => {
    const key = { month: `to_char(o.due_date, 'YYYY-MM')`, la: 'o.local_authority_code', service: 'o.service_code', total: 'NULL' }[by];
    return stack.ds.query(`
      WITH c AS (SELECT ${key} AS key, o.not_known,
          CASE WHEN o.has_exception THEN 'exception' WHEN o.responded_on IS NOT NULL AND o.responded_on <= o.due_date THEN 'on_time'
            WHEN o.responded_on IS NOT NULL THEN 'late' WHEN o.due_date < (now() AT TIME ZONE 'Europe/London')::date THEN 'late' ELSE 'open' END AS cls,
          CASE WHEN NOT o.has_exception THEN o.responded_on - o.effective_receipt_date END AS days
        FROM ${by === 'service' ? 'report_request_services' : 'report_request_outcomes'} o WHERE o.due_date >= $1::date AND o.due_date < $2::date)
      SELECT key, count(*)::int AS due, count(*) FILTER (WHERE cls = 'on_time')::int AS on_time, count(*) FILTER (WHERE cls = 'late')::int AS late,
        count(*) FILTER (WHERE cls = 'open')::int AS open, count(*) FILTER (WHERE cls = 'exception')::int AS exceptions,
        count(*) FILTER (WHERE not_known)::int AS not_known,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days, percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90_days
      FROM c GROUP BY 1 ORDER BY 1`, [from, toExclusive]);
  };
  /** Every grouping's rows and total, raw from the repository (no rounding), equal the definition's. */
  const expectTimelinessExact = async (from: string, toExclusive: string) => {
    const repo = new ReportsRepository(stack.ds);
    const today = await repo.today();
    for (const by of ['service', 'month', 'la'] as const) {
      const got = await repo.timeliness(by, from, toExclusive, today);
      const [rows, [total]] = await Promise.all([timelinessDefinition(by, from, toExclusive), timelinessDefinition('total', from, toExclusive)]);
      const sorted = [...got.rows].sort((x, y) => String(x.key).localeCompare(String(y.key)));
      expect({ by, rows: sorted, total: got.total }).toEqual({ by, rows: [...rows].sort((x, y) => String(x.key).localeCompare(String(y.key))), total });
    }
  };
  const timeliness2015 = () => expectTimelinessExact('2015-01-01', '2016-01-01');

  beforeAll(async () => {
    stack = await startStack({ withWorker: false });
    http = httpClient(stack.baseUrl);
    await ensureLocalAuthority(stack.ds, LA, 'Contribution Test Borough');
  });
  afterAll(async () => stack?.close());

  it('follows rework, corrections, reopening, deletion and re-insertion, allocation and request changes', async () => {
    // R1: A and B, returned on time. A reworked once then approved 5 Feb; B approved 31 Jan 23:30 GMT (January in London).
    const r1 = await insertHandBuiltRequest(stack.ds, { la: LA, services: [A, B], effectiveReceiptDate: '2015-01-15', dueDate: '2015-02-26', status: 'returned', returnedAt: '2015-02-20T10:00:00Z' });
    // R2: A only, still open and past its date.
    const r2 = await insertHandBuiltRequest(stack.ds, { la: LA, services: [A], effectiveReceiptDate: '2015-01-20', dueDate: '2015-03-03', status: 'in_progress' });
    mine.push(r1, r2);
    expect((await expectExact()).map((r) => [r.request_id, r.service_code])).toEqual([[r1, A], [r1, B], [r2, A]].sort());
    expect(await byService()).toEqual({ [A]: [2, 1, 1, 0], [B]: [1, 1, 0, 0] });

    await draft(r1, A, '2015-01-16T09:00:00Z');
    await review(r1, A, 'rework', '2015-01-28T12:00:00Z');
    await draft(r1, A, '2015-01-28T13:00:00Z');
    await review(r1, A, 'approved', '2015-02-05T12:00:00Z');
    await draft(r1, B, '2015-01-17T09:00:00Z');
    await review(r1, B, 'approved', '2015-01-31T23:30:00Z');
    await draft(r2, A, '2015-01-21T09:00:00Z');
    const rows = await expectExact();
    expect(rows.map((r) => [r.service_code, r.approved_on, r.reworked])).toEqual(
      [[r1, A, '2015-02-05', true], [r1, B, '2015-01-31', false], [r2, A, null, false]].sort().map(([, s, d, w]) => [s, d, w]));
    expect(await flow('2015-01', '2015-02')).toEqual({
      rework: [{ serviceCode: A, reviewed: 1, reworked: 1, reworkRate: 100 }, { serviceCode: B, reviewed: 1, reworked: 0, reworkRate: 0 }],
      throughput: [{ month: '2015-01', serviceCode: B, approved: 1 }, { month: '2015-02', serviceCode: A, approved: 1 }],
    });

    // A correction made in place: R2's draft reviewed and approved, then the approval corrected to rework.
    await review(r2, A, 'approved', '2015-02-10T12:00:00Z');
    await expectExact();
    expect((await flow('2015-02', '2015-02')).rework).toEqual([{ serviceCode: A, reviewed: 2, reworked: 1, reworkRate: 50 }]);
    await stack.ds.query(`UPDATE tasks SET outcome = 'rework' WHERE request_id = $1 AND form = 'qa_review'`, [r2]);
    await expectExact();
    expect((await flow('2015-02', '2015-02')).rework).toEqual([{ serviceCode: A, reviewed: 1, reworked: 1, reworkRate: 100 }]);
    // Reopened (no longer completed), then completed again with an approval a month later.
    await stack.ds.query(`UPDATE tasks SET status = 'open' WHERE request_id = $1 AND form = 'qa_review'`, [r2]);
    await expectExact();
    await review(r2, A, 'approved', '2015-03-10T12:00:00Z');
    await stack.ds.query(`UPDATE tasks SET status = 'completed' WHERE request_id = $1 AND form = 'qa_review' AND status = 'open'`, [r2]);
    await expectExact();
    expect((await flow('2015-03', '2015-03')).throughput).toEqual([{ month: '2015-03', serviceCode: A, approved: 1 }]);

    // What a projection rebuild does: every task deleted, then written again (here in one statement).
    const before = await fromSummary();
    // (Kept as JSON here: the pool's connections do not share a temporary table.)
    const [{ saved }] = await stack.ds.query(`SELECT json_agg(t) AS saved FROM tasks t WHERE t.request_id = ANY($1::uuid[])`, [mine]);
    await stack.ds.query(`DELETE FROM tasks WHERE request_id = ANY($1::uuid[])`, [mine]);
    expect((await expectExact()).every((r) => r.allocated && r.approved_on === null)).toBe(true);
    await stack.ds.query(`INSERT INTO tasks SELECT * FROM json_populate_recordset(NULL::tasks, $1::json)`, [JSON.stringify(saved)]);
    await expectExact();
    expect(await fromSummary()).toEqual(before);

    // The allocation changes: B removed from R1 keeps its row (it has tasks) but leaves timeliness by service (a code
    // that is not a service of the trust and counts nothing has no row there);
    // R2 returned late, then given a reg 8(2) extension.
    await stack.ds.query(`UPDATE requests SET allocated_services = $2 WHERE id = $1`, [r1, [A]]);
    await stack.ds.query(`UPDATE requests SET status = 'returned', returned_at = '2015-03-20T10:00:00Z' WHERE id = $1`, [r2]);
    await expectExact();
    expect(await byService()).toEqual({ [A]: [2, 1, 1, 0] });
    await stack.ds.query(`UPDATE requests SET deadline_exceptions = '[{"type":"extension","id":"x1","kind":"exceptional_personal_circumstances","days":20}]',
      statutory_due_date = '2015-03-31' WHERE id = $1`, [r2]);
    await expectExact();
    expect(await byService()).toEqual({ [A]: [2, 1, 0, 1] });
    // A service's tasks all deleted and not allocated: the row goes.
    await stack.ds.query(`DELETE FROM tasks WHERE request_id = $1 AND service_code = $2`, [r1, B]);
    expect((await expectExact()).map((r) => r.service_code)).toEqual([A, A]);
    // Cancelled: still a row, not counted.
    await stack.ds.query(`UPDATE requests SET status = 'cancelled' WHERE id = $1`, [r2]);
    await expectExact();
    expect(await byService()).toEqual({ [A]: [1, 1, 0, 0] });
    // Deleted request: its rows go.
    await stack.ds.query(`DELETE FROM tasks WHERE request_id = $1`, [r2]);
    await stack.ds.query(`DELETE FROM requests WHERE id = $1`, [r2]);
    expect((await fromSummary()).map((r: { request_id: string }) => r.request_id)).toEqual([r1]);
    await expectExact();
  });

  it('stays exact when reviews of one contribution are written concurrently', async () => {
    const r = await insertHandBuiltRequest(stack.ds, { la: LA, services: [A, B], effectiveReceiptDate: '2015-05-01', dueDate: '2015-06-12', status: 'in_progress' });
    mine.push(r);
    const instants = Array.from({ length: 12 }, (_, i) => `2015-05-${String(10 + i).padStart(2, '0')}T10:00:00Z`);
    await Promise.all(instants.map((at, i) => review(r, i % 2 ? A : B, i % 3 ? 'approved' : 'rework', at)));
    const rows = (await expectExact()).filter((x) => x.request_id === r);
    expect(rows.map((x) => [x.service_code, x.approved_on, x.reworked])).toEqual([[A, '2015-05-21', true], [B, '2015-05-20', true]]);
    // Concurrent corrections of the same contributions' reviews, each its own statement.
    const ids: { id: string }[] = await stack.ds.query(`SELECT id FROM tasks WHERE request_id = $1 ORDER BY completed_at`, [r]);
    await Promise.all(ids.map(({ id }, i) => stack.ds.query(`UPDATE tasks SET outcome = $2 WHERE id = $1`, [id, i % 4 ? 'approved' : 'rework'])));
    await expectExact();
    await Promise.all(ids.slice(6).map(({ id }) => stack.ds.query(`DELETE FROM tasks WHERE id = $1`, [id])));
    await expectExact();
  });

  it('counts timeliness exactly as the definition for any mix of requests around today', async () => {
    // Requests due from 100 days ago to 60 days ahead: returned before, on or after the due date, not known (with or
    // without a recorded moment), still open, cancelled, with or without an exception, with no, one or two services.
    // Deleted afterwards: the current months belong to other files' figures.
    const repo = new ReportsRepository(stack.ds);
    const today = await repo.today();
    const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    let seed = 11;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const ids: string[] = [];
    try {
      for (let i = 0; i < 150; i++) {
        // The first nine still open and due from 4 days ago to 4 days ahead (late before today, open from today on); nine more
        // due on those days in any state.
        const dueOffset = i < 18 ? (i % 9) - 4 : Math.floor(next() * 161) - 100;
        const status = i < 9 ? 'in_progress' : pick(['in_progress', 'in_progress', 'returned', 'returned', 'returned', 'not_known', 'cancelled'] as const);
        const at = `${day(Math.min(0, dueOffset + Math.floor(next() * 29) - 14))}T${pick(['00:30', '12:00', '23:30'])}:00Z`;
        ids.push(await insertHandBuiltRequest(stack.ds, {
          la: LA, services: pick([[A], [B], [A, B], []]), effectiveReceiptDate: day(dueOffset - 40 - Math.floor(next() * 5)), dueDate: day(dueOffset), status,
          returnedAt: status === 'returned' ? at : undefined, notKnownAt: status === 'not_known' && next() < 0.8 ? at : undefined,
          extensionDays: i >= 9 && next() < 0.15 ? 14 : undefined,
        }));
      }
      const from = `${day(-100).slice(0, 7)}-01`;
      const [y, m] = day(60).slice(0, 7).split('-').map(Number);
      await expectTimelinessExact(from, m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`);
      // And a period that ended before today (the 12 whole months before this one).
      await expectTimelinessExact(`${day(-365).slice(0, 7)}-01`, `${today.slice(0, 7)}-01`);
    } finally {
      await stack.ds.query(`DELETE FROM requests WHERE id = ANY($1::uuid[])`, [ids]);
    }
  });

  it('imported history fills it: each imported request in the rows of its services, with no tasks', async () => {
    const ref = `RC-${randomUUID().slice(0, 8)}`;
    const body = [IMPORT_COLUMNS.join(','), `${LA},${ref},Alex,Example,2016-05-01,2022-09-05 10:00,2022-10-10 15:00,returned,SLT;OT,,`].join('\r\n');
    const res = await http.call('POST', '/imports/requests', USERS.admin, body, { 'content-type': 'text/csv' });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 201, errors: [] });
    const [{ id }] = await stack.ds.query(`SELECT id FROM requests WHERE local_authority_code = $1 AND la_reference = $2`, [LA, ref]);
    mine.push(id);
    const rows = (await expectExact()).filter((x) => x.request_id === id);
    await expectTimelinessExact('2022-01-01', '2023-01-01');
    expect(rows).toEqual([
      expect.objectContaining({ service_code: 'OT', allocated: true, counted: true, responded_on: '2022-10-10', approved_on: null }),
      expect.objectContaining({ service_code: 'SLT', allocated: true, counted: true, responded_on: '2022-10-10', approved_on: null }),
    ]);
  });
});
