import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TimelinessGrouping } from '@sendflow/domain';

/** One row of raw figures as PostgreSQL counts them (before labels, rounding and empty rows). */
export interface TimelinessSqlRow {
  key: string | null;
  due: number;
  on_time: number;
  late: number;
  open: number;
  exceptions: number;
  not_known: number;
  median_days: number | null;
  p90_days: number | null;
}

/**
 * Each request's class, exactly as issue 11 defines timeliness. `$1`/`$2` bound the due date
 * (first day of `from`, first day after `to`); "today" is the Europe/London date.
 * - exception: a reg 8(2) exception was recorded (counted apart, outside the percentage);
 * - on_time: responded (advice or not known) on or before the due date;
 * - late: responded after it, or not responded and the due date has passed;
 * - open: not responded and the due date is today or later.
 * Days to response are counted for responded requests without an exception.
 */
const classified = (source: 'report_request_outcomes' | 'report_contributions') => `
  SELECT ${source === 'report_contributions' ? 'o.service_code, o.not_known' : 'o.request_id, o.local_authority_code, o.due_date, o.not_known'},
    CASE WHEN o.has_exception THEN 'exception'
         WHEN o.responded_on IS NOT NULL THEN CASE WHEN o.responded_on <= o.due_date THEN 'on_time' ELSE 'late' END
         WHEN o.due_date < t.today THEN 'late'
         ELSE 'open' END AS cls,
    CASE WHEN NOT o.has_exception THEN o.responded_on - o.effective_receipt_date END AS days
  FROM ${source} o CROSS JOIN (SELECT (now() AT TIME ZONE 'Europe/London')::date AS today) t
  WHERE ${source === 'report_contributions' ? 'o.allocated AND o.counted AND ' : ''}o.due_date >= $1::date AND o.due_date < $2::date`;
const CLASSIFIED = classified('report_request_outcomes');

const FIGURES = (notKnown: string) => `
  count(*)::int AS due,
  count(*) FILTER (WHERE c.cls = 'on_time')::int AS on_time,
  count(*) FILTER (WHERE c.cls = 'late')::int AS late,
  count(*) FILTER (WHERE c.cls = 'open')::int AS open,
  count(*) FILTER (WHERE c.cls = 'exception')::int AS exceptions,
  count(*) FILTER (WHERE ${notKnown})::int AS not_known,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY c.days) AS median_days,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY c.days) AS p90_days`;

function emptyRow(): TimelinessSqlRow {
  return { key: null, due: 0, on_time: 0, late: 0, open: 0, exceptions: 0, not_known: 0, median_days: null, p90_days: null };
}

/** All SQL behind the reports; reads only the report views and the task projection. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Report queries aggregate tens of thousands of rows: PostgreSQL's JIT compilation costs more
   * than it saves at this size, and percentiles sort in memory rather than on disk.
   */
  private analytic<T = unknown[]>(sql: string, params: unknown[]): Promise<T> {
    return this.ds.transaction(async (m) => {
      await m.query(`SET LOCAL jit = off`);
      await m.query(`SET LOCAL work_mem = '32MB'`);
      return m.query(sql, params);
    });
  }

  async today(): Promise<string> {
    const [row] = await this.ds.query(`SELECT to_char((now() AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS d`);
    return row.d;
  }

  /**
   * Month and LA rows and the period's total come from one scan (GROUPING SETS); service rows
   * join each request to its services, so their total (per request) is counted separately.
   */
  async timeliness(by: TimelinessGrouping, fromDate: string, toExclusive: string): Promise<{ rows: TimelinessSqlRow[]; total: TimelinessSqlRow }> {
    const params = [fromDate, toExclusive];
    if (by === 'service') {
      const [rows, [total]] = await Promise.all([
        // A request counts in the row of every service it was allocated to (the counted, allocated contributions: an
        // index-only scan of the summary instead of unnesting every request's services); not known is the request's answer.
        this.analytic<TimelinessSqlRow[]>(`WITH classified AS (${classified('report_contributions')})
          SELECT c.service_code AS key, ${FIGURES('c.not_known')} FROM classified c GROUP BY 1 ORDER BY 1`, params),
        this.analytic<TimelinessSqlRow[]>(`WITH classified AS (${CLASSIFIED}) SELECT NULL AS key, ${FIGURES('c.not_known')} FROM classified c`, params),
      ]);
      return { rows, total };
    }
    // Months group on the first day (date_trunc on a plain timestamp: no time-zone work per row) and are formatted once per row of the answer.
    const key = by === 'month' ? `date_trunc('month', c.due_date::timestamp)` : 'c.local_authority_code';
    const all = await this.analytic<(TimelinessSqlRow & { is_total: number })[]>(
      `WITH classified AS (${CLASSIFIED}), grouped AS (
         SELECT ${key} AS k, GROUPING(${key}) AS is_total, ${FIGURES('c.not_known')} FROM classified c GROUP BY GROUPING SETS ((${key}), ()))
       SELECT ${by === 'month' ? `to_char(g.k, 'YYYY-MM')` : 'g.k'} AS key, g.* FROM grouped g ORDER BY g.is_total, g.k`, params);
    return { rows: all.filter((r) => Number(r.is_total) === 0), total: all.find((r) => Number(r.is_total) === 1) ?? emptyRow() };
  }

  async serviceNames(): Promise<Map<string, string>> {
    const rows: { code: string; name: string }[] = await this.ds.query(`SELECT code, name FROM services WHERE active ORDER BY code`);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async localAuthorityNames(): Promise<Map<string, string>> {
    const rows: { code: string; name: string }[] = await this.ds.query(`SELECT code, name FROM local_authorities ORDER BY code`);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** Open requests counted by days left to the statutory date (negative: past it). */
  async openByDaysLeft(): Promise<{ days_left: number; count: number }[]> {
    return this.ds.query(`
      SELECT (r.statutory_due_date - (now() AT TIME ZONE 'Europe/London')::date)::int AS days_left, count(*)::int AS count
      FROM requests r WHERE r.status IN ('received', 'in_progress') GROUP BY 1 ORDER BY 1`);
  }

  /**
   * Each service's median days from allocation (its first draft task opened) to approval (its
   * last approving review), over contributions approved in the last `windowDays` days.
   * From `report_contributions` (one row per contribution): the date bound narrows the index scan,
   * the instant bound is the exact window.
   */
  async serviceMedians(windowDays: number): Promise<{ service_code: string; median_days: number | null; sample: number }[]> {
    return this.analytic(`
      SELECT c.service_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.approved_at - c.allocated_at) / 86400.0) AS median_days, count(*)::int AS sample
      FROM report_contributions c
      WHERE c.approved_on >= ((now() - make_interval(days => $1)) AT TIME ZONE 'Europe/London')::date
        AND c.approved_at >= now() - make_interval(days => $1) AND c.allocated_at IS NOT NULL
      GROUP BY 1 ORDER BY 1`, [windowDays]);
  }

  /** Open requests' allocated services that have not been approved yet, with days since allocation. */
  async openContributions(): Promise<{ request_id: string; local_authority_code: string; due_date: string; days_left: number; service_code: string; elapsed_days: number }[]> {
    return this.ds.query(`
      SELECT r.id AS request_id, r.local_authority_code, to_char(r.statutory_due_date, 'YYYY-MM-DD') AS due_date,
        (r.statutory_due_date - (now() AT TIME ZONE 'Europe/London')::date)::int AS days_left, c.service_code,
        floor(extract(epoch FROM now() - c.allocated_at) / 86400.0)::int AS elapsed_days
      FROM requests r
      JOIN report_contributions c ON c.request_id = r.id AND c.allocated
      WHERE r.status IN ('received', 'in_progress') AND c.allocated_at IS NOT NULL AND c.approved_at IS NULL
      ORDER BY r.statutory_due_date, r.id, c.service_code`);
  }

  /**
   * Contributions approved in [from, to) by service and approval month (Europe/London), and how
   * many were sent back for rework first: the monthly counts `report_service_flow_monthly` keeps
   * from `report_contributions` (one row per contribution, its last approval and whether reworked).
   */
  async approvedContributions(fromDate: string, toExclusive: string): Promise<{ service_code: string; month: string; approved: number; reworked: number }[]> {
    return this.ds.query(`
      SELECT m.service_code, to_char(m.month, 'YYYY-MM') AS month, m.approved, m.reworked
      FROM report_service_flow_monthly m
      WHERE m.month >= $1::date AND m.month < $2::date AND m.approved <> 0
      ORDER BY m.month, m.service_code`, [fromDate, toExclusive]);
  }
}
