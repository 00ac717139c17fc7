import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor, AuditCriteriaBody } from '@sendflow/domain';
import { AuditService } from '../audit/audit.service';
import { checkRevision, iso, parseRevision, uniqueAs409 } from '../forms/version-lifecycle';
import { AuditCriteriaRepository, type CriteriaVersionRow } from './audit-criteria.repository';

const ONE_DRAFT = 'ux_audit_criteria_versions_one_draft';

export function criteriaVersionView(v: CriteriaVersionRow) {
  return {
    version: v.version, status: v.status, items: v.items.map((c) => ({ id: c.id, text: c.text, active: c.active !== false })), revision: v.revision,
    derivedFrom: v.derived_from, createdBy: v.created_by, createdAt: iso(v.created_at) as string, updatedBy: v.updated_by, updatedAt: iso(v.updated_at) as string,
    publishedBy: v.published_by, publishedAt: iso(v.published_at), retiredAt: iso(v.retired_at),
  };
}

/**
 * The trust's audit criteria as versions of one ordered list (issue 12 §6): a QA review records
 * the version it used and an audit round the version it was opened with, so pass rates compare
 * like with like. A criterion keeps its id when its text is edited; deactivating one keeps it in
 * the list (earlier reviews still name it) but reviewers are no longer asked it.
 */
@Injectable()
export class AuditCriteriaService {
  constructor(private readonly criteria: AuditCriteriaRepository, private readonly audit: AuditService) {}

  async list(actor: Actor) {
    return (await this.criteria.list(actor.roles.includes('sop_manager'))).map(criteriaVersionView);
  }

  async get(version: number, actor: Actor) {
    const v = await this.criteria.find(version);
    if (!v || (v.status === 'draft' && !actor.roles.includes('sop_manager'))) throw new NotFoundException(`Audit criteria version ${version} not found`);
    return criteriaVersionView(v);
  }

  /** A new draft copied from any version (the next version number); one draft at a time. */
  async createDraft(fromVersion: number, actor: Actor) {
    const open = await this.criteria.openDraft();
    if (open) throw new ConflictException(`Audit criteria version ${open.version} is already an open draft: edit or publish it first`);
    const from = await this.criteria.find(fromVersion);
    if (!from || from.status === 'draft') throw new NotFoundException(`Audit criteria version ${fromVersion} not found`);
    const row = await uniqueAs409(() => this.criteria.transaction(async (m) => {
      const v = await this.criteria.insertDraft(m, from.items, from.version, actor.userId);
      await this.audit.record(actor, { action: 'audit_criteria.draft', entity: 'audit_criteria_version', entityId: String(v.version), before: { version: from.version }, after: { version: v.version, status: 'draft', items: v.items } }, m);
      return v;
    }), { [ONE_DRAFT]: 'Another draft of the audit criteria was created at the same moment: edit that one', pk_audit_criteria_versions: 'Another draft of the audit criteria was created at the same moment: edit that one' });
    return criteriaVersionView(row);
  }

  async saveDraft(version: number, body: AuditCriteriaBody, ifMatch: string | undefined, actor: Actor) {
    const expected = parseRevision(ifMatch, '/api/audit-criteria/:version');
    const row = await this.criteria.transaction(async (m) => {
      const v = await this.found(version, m);
      if (v.status !== 'draft') throw new ConflictException(`Audit criteria version ${version} is ${v.status}: only a draft can be edited; start a new draft`);
      checkRevision(v.revision, expected, `audit criteria version ${version}`);
      const saved = await this.criteria.saveDraft(m, version, body.items, actor.userId);
      await this.audit.record(actor, { action: 'audit_criteria.update', entity: 'audit_criteria_version', entityId: String(version), before: { revision: v.revision, items: v.items }, after: { revision: saved.revision, items: saved.items } }, m);
      return saved;
    });
    return criteriaVersionView(row);
  }

  async publish(version: number, ifMatch: string | undefined, actor: Actor) {
    const expected = ifMatch === undefined ? undefined : parseRevision(ifMatch, '/api/audit-criteria/:version');
    const row = await this.criteria.transaction(async (m) => {
      const v = await this.found(version, m);
      if (v.status !== 'draft') throw new ConflictException(`Audit criteria version ${version} is ${v.status}: only a draft can be published`);
      if (expected !== undefined) checkRevision(v.revision, expected, `audit criteria version ${version}`);
      const published = await this.criteria.setStatus(m, version, 'published', actor.userId);
      await this.audit.record(actor, { action: 'audit_criteria.publish', entity: 'audit_criteria_version', entityId: String(version), before: { status: 'draft' }, after: { status: 'published', version, revision: v.revision } }, m);
      return published;
    });
    return criteriaVersionView(row);
  }

  async retire(version: number, actor: Actor) {
    const row = await this.criteria.transaction(async (m) => {
      const v = await this.found(version, m);
      if (v.status !== 'published') throw new ConflictException(`Audit criteria version ${version} is ${v.status}: only a published version can be retired`);
      const published = await this.criteria.lockPublished(m);
      if (published.length <= 1) throw new ConflictException(`Audit criteria version ${version} is the only published version: publish another before retiring it`);
      const retired = await this.criteria.setStatus(m, version, 'retired', actor.userId);
      await this.audit.record(actor, { action: 'audit_criteria.retire', entity: 'audit_criteria_version', entityId: String(version), before: { status: 'published' }, after: { status: 'retired', version } }, m);
      return retired;
    });
    return criteriaVersionView(row);
  }

  private async found(version: number, m: Parameters<AuditCriteriaRepository['find']>[1]): Promise<CriteriaVersionRow> {
    const v = await this.criteria.find(version, m, true);
    if (!v) throw new NotFoundException(`Audit criteria version ${version} not found`);
    return v;
  }
}
