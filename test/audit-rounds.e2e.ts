import { createHash } from 'node:crypto';
import { DEFAULT_AUDIT_CRITERIA } from '@sendflow/domain';
import { pdfText } from './support/documents';
import { httpClient, sessionFor, USERS } from './support/http';
import { ensureLocalAuthority, insertHandBuiltRequest, insertReviewTask } from './support/report-data';
import { startStack, type Stack } from './support/stack';

/**
 * The quality audit cycle over advice returned in the first half of 2017 (this file's own period
 * and LA): a reproducible sample, scoring, closing, and each criterion's pass rate beside the rate
 * QA reviewers recorded in the same period.
 */
const LA = 'E99AUD01';
const PERIOD = { periodFrom: '2017-01-01', periodTo: '2017-06-30' };

describe('quality audit rounds', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  const inPeriod: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ withWorker: false });
    http = httpClient(stack.baseUrl);
    await ensureLocalAuthority(stack.ds, LA, 'Audit Test Borough');
    const returned = ['2017-01-01T00:30:00Z', '2017-02-10T10:00:00Z', '2017-03-15T10:00:00Z', '2017-04-20T10:00:00Z', '2017-05-25T10:00:00Z', '2017-06-30T22:30:00Z'];
    for (const at of returned) {
      inPeriod.push(await insertHandBuiltRequest(stack.ds, { la: LA, services: ['SLT'], effectiveReceiptDate: '2016-12-01', dueDate: '2017-07-31', status: 'returned', returnedAt: at }));
    }
    // 30 June 23:30 BST is 1 July in London: outside the period. So is an open request, and a not-known response.
    await insertHandBuiltRequest(stack.ds, { la: LA, services: ['SLT'], effectiveReceiptDate: '2016-12-01', dueDate: '2017-07-31', status: 'returned', returnedAt: '2017-06-30T23:30:00Z' });
    await insertHandBuiltRequest(stack.ds, { la: LA, services: [], effectiveReceiptDate: '2017-01-01', dueDate: '2017-02-12', status: 'not_known', notKnownAt: '2017-01-05T10:00:00Z' });
    // What QA reviewers recorded in the period: sources dated met once in two reviews, jargon met in both.
    await insertReviewTask(stack.ds, inPeriod[0], 'SLT', '2017-01-20T10:00:00Z', [{ id: 'sources_dated', met: false }, { id: 'jargon_free', met: true }], 'rework');
    // The second in today's shape (a pass or fail per criterion); the first in the older ticks.
    await insertReviewTask(stack.ds, inPeriod[0], 'SLT', '2017-01-25T10:00:00Z', { sources_dated: { result: 'pass' }, jargon_free: { result: 'pass' } });
  });
  afterAll(async () => stack?.close());

  const expectedSample = (seed: string, ids: string[], n: number) =>
    [...ids].sort((a, b) => {
      const ha = createHash('md5').update(`${seed}:${a}`).digest('hex');
      const hb = createHash('md5').update(`${seed}:${b}`).digest('hex');
      return ha < hb ? -1 : ha > hb ? 1 : a < b ? -1 : 1;
    }).slice(0, n);

  it('draws a reproducible sample of advice returned in the period: same seed, same sample', async () => {
    const first = await http.post('/audit-rounds', USERS.auditor, { title: 'H1 2017', ...PERIOD, sampleSize: 4, seed: 'board-2017-h1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ title: 'H1 2017', ...PERIOD, seed: 'board-2017-h1', sampleSize: 4, status: 'open' });
    expect(first.body.criteria.map((c: { id: string }) => c.id)).toEqual(DEFAULT_AUDIT_CRITERIA.map((c) => c.id));
    const sample = first.body.items.map((i: { requestId: string }) => i.requestId);
    expect(sample).toEqual(expectedSample('board-2017-h1', inPeriod, 4));

    const again = await http.post('/audit-rounds', USERS.auditor, { title: 'H1 2017 (repeat)', ...PERIOD, sampleSize: 4, seed: 'board-2017-h1' });
    expect(again.body.items.map((i: { requestId: string }) => i.requestId)).toEqual(sample);

    const chosen = await http.post('/audit-rounds', USERS.auditor, { title: 'H1 2017 (all)', ...PERIOD, sampleSize: 50 });
    expect(chosen.body.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(chosen.body.items.map((i: { requestId: string }) => i.requestId).sort()).toEqual([...inPeriod].sort());
  });

  it('scores, refuses to close while incomplete, closes, and reports pass rates beside QA review rates', async () => {
    const round = (await http.post('/audit-rounds', USERS.auditor, { title: 'Board H1 2017', ...PERIOD, sampleSize: 4, seed: 'pass-rates' })).body;
    const ids: string[] = round.items.map((i: { requestId: string }) => i.requestId);
    const sourcesDated = ['pass', 'pass', 'fail', 'not_applicable'];
    for (const [n, id] of ids.entries()) {
      const scores = DEFAULT_AUDIT_CRITERIA.map((c) => ({ criterionId: c.id, result: c.id === 'sources_dated' ? sourcesDated[n] : 'pass', ...(c.id === 'sources_dated' && n === 2 ? { comment: 'No dates on the clinic observations' } : {}) }));
      if (n === 3) {
        const early = await http.post(`/audit-rounds/${round.id}/close`, USERS.auditor);
        expect(early.status).toBe(409);
        expect(early.body.message).toMatch(/7 scores are missing/);
      }
      const res = await http.call('PUT', `/audit-rounds/${round.id}/items/${id}`, USERS.auditor, { scores });
      expect(res.status).toBe(200);
      expect(res.body.scores).toHaveLength(DEFAULT_AUDIT_CRITERIA.length);
    }
    const bad = await http.call('PUT', `/audit-rounds/${round.id}/items/${ids[0]}`, USERS.auditor, { scores: [{ criterionId: 'made_up', result: 'pass' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ field: 'scores.0.criterionId', message: expect.stringMatching(/not a criterion/) }]);
    const badResult = await http.call('PUT', `/audit-rounds/${round.id}/items/${ids[0]}`, USERS.auditor, { scores: [{ criterionId: 'jargon_free', result: 'maybe' }] });
    expect(badResult.status).toBe(400);
    expect(badResult.body.issues[0].field).toBe('scores.0.result');
    const notInRound = await http.call('PUT', `/audit-rounds/${round.id}/items/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, USERS.auditor, { scores: [{ criterionId: 'jargon_free', result: 'pass' }] });
    expect(notInRound.status).toBe(404);

    const closed = await http.post(`/audit-rounds/${round.id}/close`, USERS.auditor);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await http.post(`/audit-rounds/${round.id}/close`, USERS.auditor)).status).toBe(409);
    expect((await http.call('PUT', `/audit-rounds/${round.id}/items/${ids[0]}`, USERS.auditor, { scores: [{ criterionId: 'jargon_free', result: 'fail' }] })).status).toBe(409);

    const rates = await http.get('/reports/audit-pass-rates', USERS.sop);
    expect(rates.status).toBe(200);
    const mine = rates.body.rounds.find((r: { roundId: string }) => r.roundId === round.id);
    const byId = Object.fromEntries(mine.criteria.map((c: { criterionId: string }) => [c.criterionId, c]));
    expect(byId.sources_dated).toMatchObject({ pass: 2, fail: 1, notApplicable: 1, passRate: 66.7, qaReviewPassRate: 50, qaReviews: 2 });
    expect(byId.jargon_free).toMatchObject({ pass: 4, fail: 0, notApplicable: 0, passRate: 100, qaReviewPassRate: 100, qaReviews: 2 });
    expect(byId.daily_life).toMatchObject({ pass: 4, passRate: 100, qaReviewPassRate: null, qaReviews: 0 });

    const session = await import('./support/http').then((m) => m.sessionFor(stack.baseUrl, USERS.auditor));
    const csv = await fetch(`${stack.baseUrl}/reports/audit-pass-rates`, { headers: { cookie: session.cookie, accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain('Board H1 2017,2017-01-01,2017-06-30,sources_dated,Contains the source and date of observations,2,1,1,66.7,50');

    const audit = await stack.ds.query(`SELECT action FROM audit_events WHERE entity = 'audit_round' AND entity_id = $1 ORDER BY id`, [round.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['audit_round.open', ...ids.map(() => 'audit_round.score'), 'audit_round.close']);
  });

  it('board report PDF: the period\'s timeliness, not-known responses and the closed round\'s pass rates, audited', async () => {
    // Due in 2017-01..07 (this file's own months): the not-known response due 12 February (returned 5 January, 4 days after
    // receipt) and the seven returns due 31 July, every one on or before it: 8 due, 8 on time, 100.0%, 1 not known.
    const res = await fetch(`${stack.baseUrl}/reports/board-report?from=2017-01&to=2017-07`, { headers: { cookie: (await sessionFor(stack.baseUrl, USERS.sop)).cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="board-report-2017-01-to-2017-07.pdf"');
    const pdf = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(pdf.title).toBe('Board report: health advice timeliness and quality, January 2017 to July 2017');
    expect(pdf.language).toBe('en-GB');
    expect(pdf.text).toContain('100.0% of health advice due in the period was returned within the statutory 6 weeks: 8 on time, 0 late, 0 not yet due, of 8 requests due.');
    expect(pdf.text).toContain('1 were answered "not known to health services"');
    expect(pdf.text).toContain('Not known to health services: 1 (12.5%)');
    expect(pdf.text).toMatch(/February 2017 1 1 0 0 0 1 100\.0% 4 4/);
    expect(pdf.text).toMatch(/July 2017 7 7 0 0 0 0 100\.0%/);
    expect(pdf.text).toContain('Audit Test Borough 8 8 0 0 0 1 100.0%');
    // The closed round of the test above: sources dated 2 pass, 1 fail, 1 n/a = 66.7%, QA reviews 50.0%.
    expect(pdf.text).toContain('Board H1 2017 (advice returned 2017-01-01 to 2017-06-30)');
    expect(pdf.text).toContain('Contains the source and date of observations 2 1 1 66.7% 50.0%');
    const audited = await stack.ds.query(`SELECT action, entity_id FROM audit_events WHERE action = 'report.board_pdf' AND entity_id = 'board-report/2017-01/2017-07'`);
    expect(audited).toHaveLength(1);

    const bad = await http.get('/reports/board-report?from=2017-13&to=2017-07', USERS.sop);
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { field: string }) => i.field)).toEqual(['from']);
    expect((await http.get('/reports/board-report?from=2017-01&to=2017-07', USERS.slt)).status).toBe(403);
  });

  it('draws a round\'s seed again on request: the same sample, until returned advice in the period changes', async () => {
    const round = (await http.post('/audit-rounds', USERS.auditor, { title: 'Redraw check', ...PERIOD, sampleSize: 50, seed: 'redraw-2017' })).body;
    const first = await http.get(`/audit-rounds/${round.id}/redraw`, USERS.coordinator);
    expect(first.status).toBe(200);
    const recorded = round.items.map((i: { requestId: string }) => i.requestId);
    expect(first.body).toEqual({ roundId: round.id, seed: 'redraw-2017', ...PERIOD, sampleSize: 50, recorded, redrawn: recorded, matches: true });
    // Advice recorded as returned in the period after the round opened: the same seed now draws it too.
    const added = await insertHandBuiltRequest(stack.ds, { la: LA, services: ['SLT'], effectiveReceiptDate: '2016-12-01', dueDate: '2017-07-31', status: 'returned', returnedAt: '2017-03-03T10:00:00Z' });
    const second = await http.get(`/audit-rounds/${round.id}/redraw`, USERS.auditor);
    expect(second.body.matches).toBe(false);
    expect(second.body.recorded).toEqual(recorded);
    expect([...second.body.redrawn].sort()).toEqual([...recorded, added].sort());
    expect((await http.get(`/audit-rounds/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/redraw`, USERS.auditor)).status).toBe(404);
    expect((await http.get(`/audit-rounds/${round.id}/redraw`, USERS.slt)).status).toBe(403);
  });

  it('refuses bad rounds with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'x', periodFrom: '2017-06-30', periodTo: '2017-01-01', sampleSize: 4 }, 'periodTo'],
      [{ title: 'x', ...PERIOD, sampleSize: 0 }, 'sampleSize'],
      [{ title: 'x', ...PERIOD, sampleSize: 4, seed: 'has space' }, 'seed'],
      [{ title: 'x', ...PERIOD, sampleSize: 4, extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await http.post('/audit-rounds', USERS.auditor, body);
      expect(res.status).toBe(400);
      expect(res.body.issues.map((i: { field: string }) => i.field)).toContain(field);
    }
  });

  it('QA review pass rates follow reviews as they are corrected and removed (the daily counts the tasks trigger keeps)', async () => {
    // What the summary says must equal a count straight from the reviews' JSON, after every change.
    const fromReviews = async () => stack.ds.query(`
      SELECT v.criterion_id, count(*) FILTER (WHERE v.met)::int AS met, count(*)::int AS total
      FROM tasks t CROSS JOIN LATERAL report_qa_verdicts(t.data->'criteria') v
      WHERE t.form = 'qa_review' AND t.status = 'completed' AND t.request_id = $1 GROUP BY 1 ORDER BY 1`, [inPeriod[0]]);
    const fromSummary = async () => (await http.get('/reports/audit-pass-rates', USERS.sop)).body.rounds
      .find((r: { title: string }) => r.title === 'Board H1 2017').criteria
      .filter((c: { qaReviews: number }) => c.qaReviews > 0)
      .map((c: { criterionId: string; qaReviewPassRate: number; qaReviews: number }) => [c.criterionId, c.qaReviewPassRate, c.qaReviews]);
    expect(await fromSummary()).toEqual([['jargon_free', 100, 2], ['sources_dated', 50, 2]]);
    expect(await fromReviews()).toEqual([{ criterion_id: 'jargon_free', met: 2, total: 2 }, { criterion_id: 'sources_dated', met: 1, total: 2 }]);

    // A reviewer's verdict corrected in place: the pass becomes a fail.
    await stack.ds.query(`UPDATE tasks SET data = jsonb_set(data, '{criteria,sources_dated,result}', '"fail"')
      WHERE request_id = $1 AND form = 'qa_review' AND jsonb_typeof(data->'criteria') = 'object'`, [inPeriod[0]]);
    expect(await fromSummary()).toEqual([['jargon_free', 100, 2], ['sources_dated', 0, 2]]);
    // A review removed (a projection rebuild deletes and re-writes tasks): its verdicts leave the counts.
    await stack.ds.query(`DELETE FROM tasks WHERE request_id = $1 AND form = 'qa_review' AND jsonb_typeof(data->'criteria') = 'array'`, [inPeriod[0]]);
    expect(await fromSummary()).toEqual([['jargon_free', 100, 1], ['sources_dated', 0, 1]]);
    // Reopened (no longer completed) it is not counted; completed again it is.
    await stack.ds.query(`UPDATE tasks SET status = 'open' WHERE request_id = $1 AND form = 'qa_review'`, [inPeriod[0]]);
    expect(await fromSummary()).toEqual([]);
    await stack.ds.query(`UPDATE tasks SET status = 'completed' WHERE request_id = $1 AND form = 'qa_review'`, [inPeriod[0]]);
    expect(await fromSummary()).toEqual([['jargon_free', 100, 1], ['sources_dated', 0, 1]]);
    expect(await fromReviews()).toEqual([{ criterion_id: 'jargon_free', met: 1, total: 1 }, { criterion_id: 'sources_dated', met: 0, total: 1 }]);
  });
});
