import { BadRequestException, Injectable } from '@nestjs/common';
import { addCalendarDays, daysBetween, toZonedParts } from '@sendflow/calendar';
import { ragColour, TRUST_TIME_ZONE, type Actor, type CaseloadItem, type CaseloadResponse, type ListRequestsQuery, type RequestStatus } from '@sendflow/domain';
import { AuditService } from '../audit/audit.service';
import { CaseloadRepository, type CaseloadRow, type OpenTaskRow, type RagBounds } from './caseload.repository';
import { CaseloadSettings } from './caseload.settings';
import { scopeOf } from './request-access';

const OPEN_STATUSES = new Set(['received', 'in_progress']);

/** Today in the trust's time zone: days left count from the date an English coordinator sees. */
export function trustToday(now: Date = new Date()): string {
  return toZonedParts(now.toISOString(), TRUST_TIME_ZONE).date;
}

interface Cursor { s: string; o: string; v: string; id: string }

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** A cursor is only valid for the sort and order it was made for: another would skip or repeat rows. */
export function decodeCursor(raw: string, q: ListRequestsQuery): { value: string; id: string } {
  let c: Partial<Cursor>;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestException({ message: ['cursor: not a cursor this API made'], issues: [{ field: 'cursor', message: 'cursor: not a cursor this API made' }] });
  }
  const valid = c && typeof c.v === 'string' && c.v.length <= 200 && typeof c.id === 'string' && /^[0-9a-f-]{36}$/i.test(c.id);
  if (!valid) throw new BadRequestException({ message: ['cursor: not a cursor this API made'], issues: [{ field: 'cursor', message: 'cursor: not a cursor this API made' }] });
  if (c.s !== q.sort || c.o !== q.order) {
    const message = 'cursor: belongs to another sort order; start again without a cursor';
    throw new BadRequestException({ message: [message], issues: [{ field: 'cursor', message }] });
  }
  return { value: c.v as string, id: c.id as string };
}

/**
 * The coordinator's caseload: what is due, how soon, who holds it. A list shows children's
 * names, so every page is an audited read naming the requests it showed; a search is recorded
 * as a search (NHS number or text), never with the term, which may be a child's name.
 */
@Injectable()
export class CaseloadService {
  constructor(
    private readonly caseload: CaseloadRepository,
    private readonly settings: CaseloadSettings,
    private readonly audit: AuditService,
  ) {}

  bounds(today: string): RagBounds {
    const { redDays, amberDays } = this.settings.rag;
    return { today, redUntil: addCalendarDays(today, redDays), amberUntil: addCalendarDays(today, amberDays) };
  }

  async list(query: ListRequestsQuery, actor: Actor): Promise<CaseloadResponse> {
    const today = trustToday();
    const filter = { query, scope: scopeOf(actor), bounds: this.bounds(today), after: query.cursor ? decodeCursor(query.cursor, query) : null };
    const showsOpen = query.status === 'open' || OPEN_STATUSES.has(query.status);
    const [rows, counts] = await Promise.all([
      this.caseload.page(filter),
      showsOpen ? this.caseload.colourCounts(filter) : Promise.resolve(null),
    ]);
    const pageRows = rows.slice(0, query.limit);
    const tasks = await this.caseload.openTasksOf(pageRows.map((r) => r.id));
    const byRequest = new Map<string, OpenTaskRow[]>();
    for (const t of tasks) byRequest.set(t.request_id, [...(byRequest.get(t.request_id) ?? []), t]);
    const items = pageRows.map((r) => this.item(r, byRequest.get(r.id) ?? [], today));
    const last = pageRows[pageRows.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor({ s: query.sort, o: query.order, v: last.sort_value, id: last.id }) : null;

    if (items.length) {
      const { q, cursor: _cursor, ...rest } = query;
      const search = q === undefined ? undefined : /^\d{10}$/.test(q.replace(/\s/g, '')) ? 'nhs_number' : 'text';
      await this.audit.record(actor, { action: 'request.list', entity: 'request', after: { query: { ...rest, ...(search ? { search } : {}) }, requestIds: items.map((i) => i.id) } });
    }
    return { items, counts, nextCursor, thresholds: { ...this.settings.rag }, today };
  }

  private item(r: CaseloadRow, tasks: OpenTaskRow[], today: string): CaseloadItem {
    const open = OPEN_STATUSES.has(r.status);
    const daysLeft = daysBetween(today, r.statutory_due_date);
    const openTasks = tasks.map((t) => ({
      id: t.id, stage: t.node_path, label: t.label, serviceCode: t.service_code,
      holder: t.assignee_id ? { id: t.assignee_id, name: t.assignee_name } : null,
      dueDate: t.due_date, late: t.due_date !== null && t.due_date < today,
    }));
    return {
      id: r.id,
      laReference: r.la_reference,
      localAuthorityCode: r.local_authority_code,
      localAuthorityName: r.la_name,
      child: { givenName: r.child_given_name, familyName: r.child_family_name, dateOfBirth: r.child_date_of_birth, nhsNumber: r.nhs_number },
      status: r.status as RequestStatus,
      receivedAt: new Date(r.received_at).toISOString(),
      statutoryDueDate: r.statutory_due_date,
      laDueDate: r.la_due_date,
      daysLeft,
      overdue: r.overdue,
      rag: open ? ragColour({ daysLeft, overdue: r.overdue, anyTaskLate: openTasks.some((t) => t.late) }, this.settings.rag) : null,
      allocatedServices: r.allocated_services,
      stage: openTasks[0]?.label ?? null,
      openTasks,
      returnedAt: r.returned_at ? new Date(r.returned_at).toISOString() : null,
    };
  }
}
