import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CaseloadSort, ListRequestsQuery, RagColour } from '@sendflow/domain';

/** What the colour rule needs as dates: computed once per call from today and the trust's thresholds. */
export interface RagBounds { today: string; redUntil: string; amberUntil: string }

export interface CaseloadFilter {
  query: ListRequestsQuery;
  /** Service-scoped readers see only requests allocated to one of their services. */
  scope: { services: string[] } | null;
  bounds: RagBounds;
  /** Decoded keyset cursor: the last row of the previous page. */
  after: { value: string; id: string } | null;
}

export interface CaseloadRow {
  id: string;
  la_reference: string;
  local_authority_code: string;
  la_name: string;
  child_given_name: string;
  child_family_name: string;
  child_date_of_birth: string;
  nhs_number: string | null;
  status: string;
  received_at: Date;
  statutory_due_date: string;
  la_due_date: string | null;
  overdue: boolean;
  allocated_services: string[];
  returned_at: Date | null;
  sort_value: string;
}

export interface OpenTaskRow {
  id: string;
  request_id: string;
  node_path: string;
  label: string;
  service_code: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  due_date: string | null;
}

const OPEN = `r.status IN ('received', 'in_progress')`;
const CLOSED = `r.status NOT IN ('received', 'in_progress')`;
/**
 * Sort columns; each has a partial index (open and closed) ending in id, so a page is a range
 * scan in display order. Days left orders exactly as the due date does.
 */
const SORT_COLUMN: Record<CaseloadSort, { expr: string; cast: string }> = {
  dueDate: { expr: 'r.statutory_due_date', cast: 'date' },
  daysLeft: { expr: 'r.statutory_due_date', cast: 'date' },
  received: { expr: 'r.received_at', cast: 'timestamptz' },
  laReference: { expr: 'r.la_reference', cast: 'varchar' },
};

/** Escapes LIKE's wildcards so a search for "50%" means the characters. */
const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** All SQL behind the caseload (GET /api/requests). */
@Injectable()
export class CaseloadRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** One page in display order, plus one row more to tell whether another page follows. */
  async page(f: CaseloadFilter): Promise<CaseloadRow[]> {
    const w = this.where(f, { withColour: true });
    const { expr, cast } = SORT_COLUMN[f.query.sort];
    const dir = f.query.order === 'desc' ? 'DESC' : 'ASC';
    if (f.after) w.clauses.push(`(${expr}, r.id) ${dir === 'ASC' ? '>' : '<'} (${w.p(f.after.value)}::${cast}, ${w.p(f.after.id)}::uuid)`);
    const limit = w.p(f.query.limit + 1);
    return this.ds.query(
      `SELECT r.id, r.la_reference, r.local_authority_code, la.name AS la_name, r.child_given_name, r.child_family_name,
              to_char(r.child_date_of_birth, 'YYYY-MM-DD') AS child_date_of_birth, r.nhs_number, r.status, r.received_at,
              to_char(r.statutory_due_date, 'YYYY-MM-DD') AS statutory_due_date, to_char(r.la_due_date, 'YYYY-MM-DD') AS la_due_date,
              r.overdue, r.allocated_services, r.returned_at, ${this.sortText(f.query.sort)} AS sort_value
       FROM requests r JOIN local_authorities la ON la.code = r.local_authority_code
       WHERE ${w.clauses.join(' AND ')}
       ORDER BY ${expr} ${dir}, r.id ${dir}
       LIMIT ${limit}`,
      w.params,
    );
  }

  /**
   * Requests of each colour under every filter but colour (open requests only). One grouped
   * pass over the open requests' index (an index-only scan: every column the rule reads is in
   * ix_requests_open_due), never a scan of the table or of tasks.
   */
  async colourCounts(f: CaseloadFilter): Promise<Record<RagColour, number>> {
    const w = this.where(f, { withColour: false });
    const c = this.colourSql(w, f.bounds);
    const red = c.red();
    const [row] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE ${red})::int AS red,
              count(*) FILTER (WHERE NOT ${red} AND (${c.withinAmber()} OR ${c.late()}))::int AS amber,
              count(*)::int AS total
       FROM requests r WHERE ${w.clauses.join(' AND ')}`,
      w.params,
    );
    return { red: row.red, amber: row.amber, green: row.total - row.red - row.amber };
  }

  /** The open tasks of the listed requests, with their holders' names; first due first. */
  openTasksOf(requestIds: string[]): Promise<OpenTaskRow[]> {
    if (!requestIds.length) return Promise.resolve([]);
    return this.ds.query(
      `SELECT t.id, t.request_id, t.node_path, t.label, t.service_code, t.assignee_id, u.display_name AS assignee_name,
              to_char(t.due_date, 'YYYY-MM-DD') AS due_date
       FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id
       WHERE t.request_id = ANY($1::uuid[]) AND t.status = 'open'
       ORDER BY t.due_date ASC NULLS LAST, t.opened_at ASC, t.id ASC`,
      [requestIds],
    );
  }

  private sortText(sort: CaseloadSort): string {
    if (sort === 'received') return `to_char(r.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    if (sort === 'laReference') return 'r.la_reference';
    return `to_char(r.statutory_due_date, 'YYYY-MM-DD')`;
  }

  /** SQL for the colour rule; each bound becomes a parameter only where it is used. */
  private colourSql(w: Where, bounds: RagBounds) {
    return {
      red: () => `(r.overdue OR r.statutory_due_date <= ${w.p(bounds.redUntil)}::date)`,
      withinAmber: () => `r.statutory_due_date <= ${w.p(bounds.amberUntil)}::date`,
      // Kept by the tasks trigger (see the caseload migration): no probe of tasks per request.
      late: () => `coalesce(r.earliest_open_task_due < ${w.p(bounds.today)}::date, false)`,
    };
  }

  private where(f: CaseloadFilter, { withColour }: { withColour: boolean }): Where {
    const w = new Where();
    const q = f.query;
    // Status literals (from the contract's fixed list) stay in the SQL so the planner can match the partial indexes.
    if (q.status === 'open') w.clauses.push(OPEN);
    else if (q.status === 'closed') w.clauses.push(CLOSED);
    else w.clauses.push(['received', 'in_progress'].includes(q.status) ? OPEN : CLOSED, `r.status = '${q.status}'`);
    if (f.scope) w.clauses.push(`r.allocated_services && ${w.p(f.scope.services)}::text[]`);
    if (q.localAuthorityCode) w.clauses.push(`r.local_authority_code = ${w.p(q.localAuthorityCode)}`);
    if (q.service) w.clauses.push(`r.allocated_services @> ARRAY[${w.p(q.service)}]::text[]`);
    if (q.overdue !== undefined) w.clauses.push(`r.overdue = ${w.p(q.overdue)}`);
    if (q.stage) w.clauses.push(`EXISTS (SELECT 1 FROM tasks st WHERE st.request_id = r.id AND st.status = 'open' AND st.node_path = ${w.p(q.stage)})`);
    if (q.assignee === 'unassigned') w.clauses.push(`EXISTS (SELECT 1 FROM tasks ast WHERE ast.request_id = r.id AND ast.status = 'open' AND ast.assignee_id IS NULL)`);
    else if (q.assignee) w.clauses.push(`EXISTS (SELECT 1 FROM tasks ast WHERE ast.request_id = r.id AND ast.status = 'open' AND ast.assignee_id = ${w.p(q.assignee)}::uuid)`);
    if (q.q) w.clauses.push(this.search(w, q.q));
    if (withColour && q.colour) {
      const c = this.colourSql(w, f.bounds);
      if (q.colour === 'red') w.clauses.push(c.red());
      else if (q.colour === 'amber') w.clauses.push(`NOT ${c.red()} AND (${c.withinAmber()} OR ${c.late()})`);
      else w.clauses.push(`NOT ${c.red()} AND NOT (${c.withinAmber()}) AND NOT ${c.late()}`);
    }
    return w;
  }

  /**
   * Ten digits (spaces allowed) is an NHS number, matched exactly. Otherwise the term is a prefix
   * of the LA reference, or of the child's given or family name; two or more words are a given
   * name and a family name (either way round). Each branch has its own index.
   */
  private search(w: Where, raw: string): string {
    const digits = raw.replace(/\s/g, '');
    if (/^\d{10}$/.test(digits)) return `r.nhs_number = ${w.p(digits)}`;
    const words = raw.toLowerCase().split(/\s+/).filter(Boolean);
    const ref = `upper(r.la_reference) LIKE ${w.p(likePrefix(raw.toUpperCase()))}`;
    const given = (s: string) => `lower(r.child_given_name) LIKE ${w.p(likePrefix(s))}`;
    const family = (s: string) => `lower(r.child_family_name) LIKE ${w.p(likePrefix(s))}`;
    if (words.length === 1) return `(${ref} OR ${given(words[0])} OR ${family(words[0])})`;
    const first = words[0];
    const rest = words.slice(1).join(' ');
    const last = words[words.length - 1];
    return `(${ref} OR (${given(first)} AND ${family(rest)}) OR (${given(first)} AND ${family(last)}) OR (${family(first)} AND ${given(rest)}))`;
  }
}

/** WHERE clauses with numbered parameters. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  p = (v: unknown): string => {
    this.params.push(v);
    return `$${this.params.length}`;
  };
}
