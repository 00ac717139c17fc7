import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TimelinessGrouping } from '@sendflow/domain';
import { percentileCont } from './percentile.util';

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
 * How many requests (or, by service, contributions) of each key fell in each class, exactly as
 * issue 11 defines timeliness, counted per number of days to response. `$1`/`$2` bound the due
 * date (first day of `from`, first day after `to`); `$3` is today's Europe/London date.
 * - exception: a reg 8(2) exception was recorded (counted apart, outside the percentage);
 * - on_time: responded (advice or not known) on or before the due date;
 * - late: responded after it, or not responded and the due date has passed;
 * - open: not responded and the due date is today or later.
 * Days to response are counted for responded requests without an exception (null otherwise).
 * Counting rows into a few hundred or thousand groups is a hash aggregate, where sorting every row
 * by key and then by days for percentile_cont was most of the time (README "Reporting"); the
 * percentiles are exactly percentile_cont's from the counts (`percentileCont`).
 */
const COUNTED = (source: 'report_request_outcomes' | 'report_contributions', key: string) => `
  SELECT ${key} AS k,
    CASE WHEN o.has_exception THEN 'exception'
         WHEN o.responded_on IS NOT NULL THEN CASE WHEN o.responded_on <= o.due_date THEN 'on_time' ELSE 'late' END
         WHEN o.due_date < $3::date THEN 'late'
         ELSE 'open' END AS cls,
    o.not_known,
    CASE WHEN NOT o.has_exception THEN o.responded_on - o.effective_receipt_date END AS days,
    count(*)::int AS n
  FROM ${source} o
  WHERE ${source === 'report_contributions' ? 'o.allocated AND o.counted AND ' : ''}o.due_date >= $1::date AND o.due_date < $2::date
  GROUP BY 1, 2, 3, 4`;

interface TimelinessCount {
  key: string | null;
  cls: 'exception' | 'on_time' | 'late' | 'open';
  not_known: boolean;
  days: number | null;
  n: number;
}

/** Adds counted rows up into one row of figures per key (`byKey`), or into one row for all (`byKey` false). */
function figuresFrom(counts: TimelinessCount[], byKey: boolean): TimelinessSqlRow[] {
  const groups = new Map<string | null, { row: TimelinessSqlRow; days: Map<number, number> }>();
  for (const c of counts) {
    const key = byKey ? c.key : null;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { row: { ...emptyRow(), key }, days: new Map() }));
    g.row.due += c.n;
    if (c.cls === 'exception') g.row.exceptions += c.n;
    else g.row[c.cls] += c.n;
    if (c.not_known) g.row.not_known += c.n;
    if (c.days !== null) g.days.set(c.days, (g.days.get(c.days) ?? 0) + c.n);
  }
  return [...groups.values()].map(({ row, days }) => {
    const histogram = [...days].sort((a, b) => a[0] - b[0]);
    return { ...row, median_days: percentileCont(histogram, 0.5), p90_days: percentileCont(histogram, 0.9) };
  });
}

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
      await m.query(`SET LOCAL jit = off; SET LOCAL work_mem = '32MB'`);
      return m.query(sql, params);
    });
  }

  async today(): Promise<string> {
    const [row] = await this.ds.query(`SELECT to_char((now() AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS d`);
    return row.d;
  }

  /**
   * Month and LA rows come from one count, and the period's total is their sum (a request has one
   * due month and one LA); service rows count contributions, so their total (per request) is
   * counted separately. `today` (YYYY-MM-DD, Europe/London) decides late against open.
   */
  async timeliness(by: TimelinessGrouping, fromDate: string, toExclusive: string, today: string): Promise<{ rows: TimelinessSqlRow[]; total: TimelinessSqlRow }> {
    const params = [fromDate, toExclusive, today];
    if (by === 'service') {
      // A request counts in the row of every service it was allocated to (the counted, allocated contributions), and once
      // in the total (the requests); not known is the request's answer. One statement: one round trip, one snapshot.
      const counts = await this.analytic<(TimelinessCount & { total: boolean })[]>(`
        SELECT c.k AS key, false AS total, c.cls, c.not_known, c.days, c.n FROM (${COUNTED('report_contributions', 'o.service_code')}) c
        UNION ALL SELECT NULL, true, c.cls, c.not_known, c.days, c.n FROM (${COUNTED('report_request_outcomes', 'NULL')}) c`, params);
      return { rows: figuresFrom(counts.filter((c) => !c.total), true), total: figuresFrom(counts.filter((c) => c.total), false)[0] ?? emptyRow() };
    }
    // Months group on the first day (date_trunc on a plain timestamp: no time-zone work per row) and are formatted once per group.
    const key = by === 'month' ? `date_trunc('month', o.due_date::timestamp)` : 'o.local_authority_code';
    const rows = await this.analytic<TimelinessCount[]>(`SELECT ${by === 'month' ? `to_char(c.k, 'YYYY-MM')` : 'c.k'} AS key, c.cls, c.not_known, c.days, c.n
      FROM (${COUNTED('report_request_outcomes', key)}) c`, params);
    return { rows: figuresFrom(rows, true), total: figuresFrom(rows, false)[0] ?? emptyRow() };
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
