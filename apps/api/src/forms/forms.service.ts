import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { variantFields, type Actor, type FormDefinition } from '@sendflow/domain';
import { AuditService } from '../audit/audit.service';
import { FormsRepository, type FormVersionRow } from './forms.repository';
import { checkRevision, iso, parseRevision, uniqueAs409 } from './version-lifecycle';

const ONE_DRAFT = 'ux_form_versions_one_draft_per_key';
const KEY_VERSION = 'uq_form_versions_key_version';

export function formVersionView(v: FormVersionRow) {
  return {
    id: v.id, key: v.form_key, version: v.version, status: v.status, title: v.definition?.title ?? v.form_key, revision: v.revision,
    derivedFromId: v.derived_from_id, createdBy: v.created_by, createdAt: iso(v.created_at) as string, updatedBy: v.updated_by,
    updatedAt: iso(v.updated_at) as string, publishedBy: v.published_by, publishedAt: iso(v.published_at), retiredAt: iso(v.retired_at),
  };
}

const detail = (v: FormVersionRow) => ({ ...formVersionView(v), definition: v.definition });

/** Which top-level fields changed between two definitions: the audit trail says what an edit touched, not the whole form twice. */
function changedFields(before: FormDefinition, after: FormDefinition): string[] {
  const fields = (d: FormDefinition) => new Map(d.variants.flatMap((v) => variantFields(v).map((f) => [`${v.outcome}.${f.id}`, JSON.stringify(f)] as const)));
  const a = fields(before);
  const b = fields(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

/**
 * The lifecycle of form versions, as for SOPs: a draft is edited in place (revision-checked),
 * published versions never change (SOP versions pin them by number), a retired version stays
 * readable for the requests that pinned it. Every change is audited in its transaction.
 */
@Injectable()
export class FormsService {
  constructor(private readonly forms: FormsRepository, private readonly audit: AuditService) {}

  /** SOP managers see drafts too; everyone else the published and retired versions. */
  async list(actor: Actor) {
    return (await this.forms.list(actor.roles.includes('sop_manager'))).map(formVersionView);
  }

  async get(id: string, actor: Actor) {
    const v = this.found(await this.forms.findById(id), id);
    // A draft is work in progress: only its editors see it (the same 404 as a missing one).
    if (v.status === 'draft' && !actor.roles.includes('sop_manager')) throw new NotFoundException(`Form version ${id} not found`);
    return detail(v);
  }

  /** `m`: inside a transaction, read through it (one connection may hold the database until it ends). */
  async catalogue(m?: EntityManager) {
    const published = await this.forms.latestPublished(undefined, m);
    const drafts = await this.forms.keysWithDraftOnly(m);
    return {
      forms: [
        ...published.map((v) => ({
          key: v.form_key, title: v.definition.title, publishedVersion: v.version,
          variants: v.definition.variants.map((x) => x.outcome).filter((o) => o !== 'default'),
        })),
        ...drafts.map((d) => ({ key: d.form_key, title: d.title, publishedVersion: null, variants: [] })),
      ].sort((a, b) => a.key.localeCompare(b.key)),
    };
  }

  /** Version 1 of a new form, as a draft. */
  async create(definition: FormDefinition, actor: Actor) {
    if (await this.forms.keyExists(definition.key)) throw new ConflictException(`key: form ${definition.key} already exists; create a draft from one of its versions instead`);
    const row = await uniqueAs409(() => this.forms.transaction(async (m) => {
      const v = await this.forms.insert(m, { key: definition.key, version: 1, definition, derivedFromId: null, by: actor.userId });
      await this.audit.record(actor, { action: 'form.create', entity: 'form_version', entityId: v.id, after: { key: v.form_key, version: 1, status: 'draft', revision: v.revision } }, m);
      return v;
    }), { [ONE_DRAFT]: `key: form ${definition.key} already exists`, [KEY_VERSION]: `key: form ${definition.key} already exists` });
    return detail(row);
  }

  /** A new draft copied from any version of the form (the next version number). */
  async createDraft(fromId: string, actor: Actor) {
    const from = this.found(await this.forms.findById(fromId), fromId);
    await this.refuseSecondDraft(from.form_key);
    const row = await uniqueAs409(() => this.forms.transaction(async (m) => {
      const version = (await this.forms.maxVersion(m, from.form_key)) + 1;
      const v = await this.forms.insert(m, { key: from.form_key, version, definition: from.definition, derivedFromId: from.id, by: actor.userId });
      await this.audit.record(actor, {
        action: 'form.draft', entity: 'form_version', entityId: v.id,
        before: { derivedFromId: from.id, version: from.version, status: from.status }, after: { key: v.form_key, version, status: 'draft', revision: v.revision },
      }, m);
      return v;
    }), {
      [ONE_DRAFT]: `form ${from.form_key} already has an open draft: edit or publish it first`,
      [KEY_VERSION]: `Another version of form ${from.form_key} was created at the same moment; try again`,
    });
    return detail(row);
  }

  async saveDraft(id: string, definition: FormDefinition, ifMatch: string | undefined, actor: Actor) {
    const expected = parseRevision(ifMatch, '/api/form-versions/:id');
    const row = await this.forms.transaction(async (m) => {
      const v = this.found(await this.forms.findById(id, m, true), id);
      if (v.status !== 'draft') throw new ConflictException(`form ${v.form_key} version ${v.version} is ${v.status}: only a draft can be edited; create a draft from it`);
      if (definition.key !== v.form_key) throw new BadRequestException(`key: must stay ${v.form_key} (a draft cannot move to another form key)`);
      checkRevision(v.revision, expected, `form ${v.form_key} version ${v.version}`);
      const saved = await this.forms.saveDraft(m, id, definition, actor.userId);
      await this.audit.record(actor, {
        action: 'form.update', entity: 'form_version', entityId: id,
        before: { revision: v.revision }, after: { revision: saved.revision, changedFields: changedFields(v.definition, definition), definition },
      }, m);
      return saved;
    });
    return detail(row);
  }

  /** From the commit on, SOP versions published later pin this version; requests already running keep theirs. */
  async publish(id: string, ifMatch: string | undefined, actor: Actor) {
    const expected = ifMatch === undefined ? undefined : parseRevision(ifMatch, '/api/form-versions/:id');
    const row = await this.forms.transaction(async (m) => {
      const v = this.found(await this.forms.findById(id, m, true), id);
      if (v.status !== 'draft') throw new ConflictException(`form ${v.form_key} version ${v.version} is ${v.status}: only a draft can be published`);
      if (expected !== undefined) checkRevision(v.revision, expected, `form ${v.form_key} version ${v.version}`);
      const published = await this.forms.setStatus(m, id, 'published', actor.userId);
      await this.audit.record(actor, {
        action: 'form.publish', entity: 'form_version', entityId: id,
        before: { status: 'draft', revision: v.revision }, after: { status: 'published', key: v.form_key, version: v.version, revision: v.revision },
      }, m);
      return published;
    });
    return formVersionView(row);
  }

  /** Never the form's last published version: a SOP published next would have nothing to pin. */
  async retire(id: string, actor: Actor) {
    const row = await this.forms.transaction(async (m) => {
      const v = this.found(await this.forms.findById(id, m, true), id);
      if (v.status !== 'published') throw new ConflictException(`form ${v.form_key} version ${v.version} is ${v.status}: only a published version can be retired`);
      if ((await this.forms.countPublished(m, v.form_key)) <= 1) {
        throw new ConflictException(`form ${v.form_key} version ${v.version} is its only published version: publish another before retiring it`);
      }
      const retired = await this.forms.setStatus(m, id, 'retired', actor.userId);
      await this.audit.record(actor, { action: 'form.retire', entity: 'form_version', entityId: id, before: { status: 'published' }, after: { status: 'retired', key: v.form_key, version: v.version } }, m);
      return retired;
    });
    return formVersionView(row);
  }

  private found(v: FormVersionRow | null, id: string): FormVersionRow {
    if (!v) throw new NotFoundException(`Form version ${id} not found`);
    return v;
  }

  private async refuseSecondDraft(key: string): Promise<void> {
    const draft = await this.forms.openDraft(key);
    if (draft) throw new ConflictException(`form ${key} already has an open draft, version ${draft.version} (${draft.id}): edit or publish it first`);
  }
}
