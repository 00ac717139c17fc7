import { BadRequestException, Injectable } from '@nestjs/common';
import { isDayOnly, type Actor, type AuditSearchQuery } from '@sendflow/domain';
import { AuditRepository, type AuditRow } from './audit.repository';
import { AuditService } from './audit.service';

const view = (r: AuditRow) => ({
  id: r.id,
  at: new Date(r.at).toISOString(),
  actor: { id: r.actor_id, email: r.actor_email, displayName: r.actor_name },
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  requestId: r.request_id,
  before: r.before,
  after: r.after,
});

/** Auditors' search of the log, keyset-paginated newest first; each search is itself recorded. */
@Injectable()
export class AuditSearchService {
  constructor(private readonly repo: AuditRepository, private readonly audit: AuditService) {}

  async search(q: AuditSearchQuery, actor: Actor) {
    if (q.from && q.to && startOf(q.from) > endOf(q.to)) throw new BadRequestException('to: must not be before from');
    const limit = q.limit ?? 50;
    const rows = await this.repo.search({ ...q, beforeId: q.cursor, limit: limit + 1 });
    const items = rows.slice(0, limit).map(view);
    const nextCursor = rows.length > limit ? items[items.length - 1].id : null;
    const query = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
    await this.audit.record(actor, { action: 'audit.search', entity: 'audit', requestId: q.requestId?.toLowerCase() ?? null, after: { query, returned: items.length } });
    return { items, nextCursor };
  }
}

// Only to refuse an inverted range; days are taken as UTC here, the query itself uses Europe/London.
const startOf = (v: string) => Date.parse(isDayOnly(v) ? `${v}T00:00:00Z` : v);
const endOf = (v: string) => Date.parse(isDayOnly(v) ? `${v}T23:59:59.999Z` : v);
