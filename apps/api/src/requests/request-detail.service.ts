import { Injectable, NotFoundException } from '@nestjs/common';
import { daysBetween } from '@sendflow/calendar';
import { ragColour, type Actor } from '@sendflow/domain';
import { AuditService } from '../audit/audit.service';
import { IncidentsRepository } from '../health/incidents.repository';
import { RequestDocumentsService } from '../request-documents/request-documents.service';
import { CaseloadSettings } from './caseload.settings';
import { trustToday } from './caseload.service';
import { canSeeRequest, scopeOf } from './request-access';
import { RequestDetailRepository } from './request-detail.repository';
import { requestView, taskView, timelineView } from './request.view';
import { RequestsRepository } from './requests.repository';

const OPEN_STATUSES = new Set(['received', 'in_progress']);

/**
 * The request page: the child and LA, the SOP version it runs on, each service's branch with its
 * stage and holder, every task with its target and the statutory date, the documents, and a
 * timeline naming who did what, for which service, when. Service-scoped readers see their own
 * services' branches, tasks and timeline entries, and the request's own steps.
 */
@Injectable()
export class RequestDetailService {
  constructor(
    private readonly requests: RequestsRepository,
    private readonly detail: RequestDetailRepository,
    private readonly documents: RequestDocumentsService,
    private readonly settings: CaseloadSettings,
    private readonly audit: AuditService,
    private readonly incidents: IncidentsRepository,
  ) {}

  async get(id: string, actor: Actor) {
    const row = await this.requests.findById(id);
    if (!row || !canSeeRequest(actor, row.allocatedServices)) throw new NotFoundException(`Request ${id} not found`);
    const scope = scopeOf(actor);
    const mine = (serviceCode: string | null) => !scope || !serviceCode || scope.services.includes(serviceCode);
    const [allTasks, allTimeline, laName, sop, documents, incidents] = await Promise.all([
      this.requests.tasksOf(id), this.requests.timelineOf(id), this.detail.localAuthorityName(row.localAuthorityCode),
      row.sopVersionId ? this.detail.sopVersion(row.sopVersionId) : Promise.resolve(null), this.documents.listWithoutAudit(id),
      this.incidents.openFor(id),
    ]);
    const tasks = allTasks.filter((t) => mine(t.serviceCode));
    const timeline = allTimeline.filter((e) => mine(e.serviceCode));
    const services = row.allocatedServices.filter((s) => mine(s));
    const [names, serviceNames] = await Promise.all([
      this.detail.userNames([...tasks.flatMap((t) => [t.assigneeId, t.completedBy]), ...timeline.map((e) => e.actorId)]),
      this.detail.serviceNames(services),
    ]);
    await this.audit.record(actor, { action: 'request.read', entity: 'request', entityId: id, requestId: id });

    const today = trustToday();
    const daysLeft = daysBetween(today, row.statutoryDueDate);
    const open = OPEN_STATUSES.has(row.status);
    const taskViews = tasks.map((t) => {
      const late = t.status === 'open' && t.dueDate !== null && t.dueDate < today;
      return {
        ...taskView(t), statutoryDueDate: row.statutoryDueDate, late,
        assigneeName: t.assigneeId ? names.get(t.assigneeId) ?? null : null,
        completedByName: t.completedBy ? names.get(t.completedBy) ?? null : null,
      };
    });
    const branches = services.map((code) => {
      const own = taskViews.filter((t) => t.serviceCode === code);
      const current = own.find((t) => t.status === 'open');
      return {
        serviceCode: code, serviceName: serviceNames.get(code) ?? null, stage: current?.label ?? null,
        holder: current?.assigneeId ? { id: current.assigneeId, name: current.assigneeName } : null,
        finished: !current && own.length > 0,
      };
    });
    return {
      ...requestView(row),
      localAuthority: { code: row.localAuthorityCode, name: laName },
      daysLeft,
      rag: open ? ragColour({ daysLeft, overdue: row.overdue, anyTaskLate: taskViews.some((t) => t.late) }, this.settings.rag) : null,
      sop: { versionId: row.sopVersionId, key: sop?.key ?? 'unknown', version: sop?.version ?? 0, name: sop?.name ?? null },
      branches,
      tasks: taskViews,
      documents,
      // Whoever reads the request sees that its record may be incomplete (ids and codes only, no data).
      incidents,
      timeline: timeline.map((e) => ({ ...timelineView(e), actorName: e.actorId ? names.get(e.actorId) ?? null : null })),
    };
  }
}
