import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface AuditRoundRow {
  id: string; title: string; period_from: string; period_to: string; seed: string; sample_size: number;
  criteria: { id: string; text: string }[]; criteria_version: number | null; status: 'open' | 'closed'; opened_by: string; opened_at: Date; closed_by: string | null; closed_at: Date | null;
}
export interface AuditScoreRow { request_id: string; criterion_id: string; result: string; comment: string | null; scored_by: string; scored_at: Date }

const ROUND_COLUMNS = `id, title, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to, seed, sample_size,
  criteria, criteria_version, status, opened_by, opened_at, closed_by, closed_at`;

/** All SQL behind the quality audit cycle. */
@Injectable()
export class AuditRoundsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /**
   * The sample: advice returned in the period (Europe/London dates), ordered by a hash of the seed
   * and the request id, first `size`. The same seed over the same returned advice gives the same
   * sample, in the same order; the sample drawn is also stored with the round.
   */
  async drawSample(m: EntityManager, periodFrom: string, periodTo: string, seed: string, size: number): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT r.id FROM requests r
       WHERE r.status = 'returned' AND NOT r.imported AND r.returned_at >= $1::date::timestamp AT TIME ZONE 'Europe/London'
         AND r.returned_at < ($2::date + 1)::timestamp AT TIME ZONE 'Europe/London'
       ORDER BY md5($3 || ':' || r.id::text), r.id LIMIT $4`,
      [periodFrom, periodTo, seed, size],
    );
    return rows.map((r) => r.id);
  }

  async insertRound(m: EntityManager, r: { title: string; periodFrom: string; periodTo: string; seed: string; sampleSize: number; criteria: unknown; criteriaVersion: number | null; openedBy: string }, sample: string[]): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO audit_rounds (title, period_from, period_to, seed, sample_size, criteria, criteria_version, opened_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [r.title, r.periodFrom, r.periodTo, r.seed, r.sampleSize, JSON.stringify(r.criteria), r.criteriaVersion, r.openedBy],
    );
    if (sample.length) {
      await m.query(`INSERT INTO audit_round_items (round_id, position, request_id) SELECT $1, s.ord, s.id FROM unnest($2::uuid[]) WITH ORDINALITY AS s(id, ord)`, [id, sample]);
    }
    return id;
  }

  async findRound(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<AuditRoundRow | undefined> {
    const [row] = await m.query(`SELECT ${ROUND_COLUMNS} FROM audit_rounds WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  async listRounds(): Promise<(AuditRoundRow & { items: number; scored: number })[]> {
    return this.ds.query(`SELECT ${ROUND_COLUMNS},
        (SELECT count(*)::int FROM audit_round_items i WHERE i.round_id = a.id) AS items,
        (SELECT count(DISTINCT s.request_id)::int FROM audit_scores s WHERE s.round_id = a.id) AS scored
      FROM audit_rounds a ORDER BY period_from DESC, opened_at DESC LIMIT 200`);
  }

  async items(roundId: string): Promise<{ position: number; request_id: string; local_authority_code: string; returned_at: Date }[]> {
    return this.ds.query(
      `SELECT i.position::int, i.request_id, r.local_authority_code, r.returned_at FROM audit_round_items i JOIN requests r ON r.id = i.request_id
       WHERE i.round_id = $1 ORDER BY i.position`, [roundId]);
  }

  async scores(roundId: string, m: EntityManager = this.ds.manager): Promise<AuditScoreRow[]> {
    return m.query(`SELECT request_id, criterion_id, result, comment, scored_by, scored_at FROM audit_scores WHERE round_id = $1 ORDER BY request_id, criterion_id`, [roundId]);
  }

  async hasItem(m: EntityManager, roundId: string, requestId: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM audit_round_items WHERE round_id = $1 AND request_id = $2`, [roundId, requestId])).length > 0;
  }

  async upsertScores(m: EntityManager, roundId: string, requestId: string, scores: { criterionId: string; result: string; comment?: string }[], by: string): Promise<void> {
    await m.query(
      `INSERT INTO audit_scores (round_id, request_id, criterion_id, result, comment, scored_by)
       SELECT $1, $2, s.c, s.r, s.m, $6 FROM unnest($3::varchar[], $4::varchar[], $5::varchar[]) AS s(c, r, m)
       ON CONFLICT (round_id, request_id, criterion_id) DO UPDATE SET result = EXCLUDED.result, comment = EXCLUDED.comment, scored_by = EXCLUDED.scored_by, scored_at = now()`,
      [roundId, requestId, scores.map((s) => s.criterionId), scores.map((s) => s.result), scores.map((s) => s.comment ?? null), by],
    );
  }

  async close(m: EntityManager, roundId: string, by: string): Promise<void> {
    await m.query(`UPDATE audit_rounds SET status = 'closed', closed_by = $2, closed_at = now() WHERE id = $1`, [roundId, by]);
  }

  /** Per closed round and criterion: pass, fail and not-applicable counts. */
  async closedRoundResults(): Promise<{ round_id: string; criterion_id: string; pass: number; fail: number; not_applicable: number }[]> {
    return this.ds.query(`
      SELECT s.round_id, s.criterion_id, count(*) FILTER (WHERE s.result = 'pass')::int AS pass, count(*) FILTER (WHERE s.result = 'fail')::int AS fail,
        count(*) FILTER (WHERE s.result = 'not_applicable')::int AS not_applicable
      FROM audit_scores s JOIN audit_rounds a ON a.id = s.round_id AND a.status = 'closed'
      GROUP BY 1, 2`);
  }

  async closedRounds(): Promise<AuditRoundRow[]> {
    return this.ds.query(`SELECT ${ROUND_COLUMNS} FROM audit_rounds WHERE status = 'closed' ORDER BY period_from, closed_at LIMIT 200`);
  }

  /**
   * What QA reviewers recorded per criterion on reviews completed in [from, to] (Europe/London dates),
   * from the daily counts the tasks trigger keeps (migration 1764300000000: pass/fail verdicts keyed by
   * criterion, and the older `[{ id, met }]` ticks).
   */
  async qaReviewPassRates(from: string, to: string): Promise<{ criterion_id: string; met: number; total: number }[]> {
    return this.ds.query(`
      SELECT criterion_id, sum(met)::int AS met, sum(total)::int AS total FROM report_qa_criteria_daily
      WHERE day >= $1::date AND day <= $2::date
      GROUP BY 1 HAVING sum(total) > 0 ORDER BY 1`, [from, to]);
  }
}
