import {
  BadRequestException, ConflictException, HttpException, HttpStatus, Injectable, NotFoundException, UnprocessableEntityException,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@sendflow/domain';
import type { SopVersionEntity } from '@sendflow/persistence';
import { diffSops, validateSop, type SopDefinition } from '@sendflow/sop';
import { AuditService } from '../audit/audit.service';
import { FormBundlesService } from '../forms/form-bundles.service';
import { FormsService } from '../forms/forms.service';
import { revisionOf, sopVersionView } from './sop.view';
import { SopsRepository } from './sops.repository';

const ONE_DRAFT_INDEX = 'ux_sop_versions_one_draft_per_key';
const KEY_VERSION_UNIQUE = 'uq_sop_versions_key_version';

/**
 * The lifecycle of SOP versions: draft -> published -> retired. Drafts are edited in place;
 * published versions never change (running requests carry their own copy of the definition,
 * so neither publishing nor retiring touches them). Every change is audited in its transaction.
 */
@Injectable()
export class SopsService {
  constructor(
    private readonly sops: SopsRepository,
    private readonly audit: AuditService,
    private readonly forms: FormsService,
    private readonly bundles: FormBundlesService,
  ) {}

  /** The designer's live validation and the server's check the same published forms. */
  private async validate_(definition: unknown, m?: EntityManager) {
    const { forms } = await this.forms.catalogue(m);
    return validateSop(definition, { formCatalogue: forms });
  }

  async list() {
    return (await this.sops.list()).map(sopVersionView);
  }

  async get(id: string) {
    const v = this.found(await this.sops.findById(id), id);
    return { ...sopVersionView(v), definition: v.definition };
  }

  /** Version 1 of a new SOP key, as a draft. */
  async create(definition: SopDefinition, actor: Actor) {
    if (await this.sops.keyExists(definition.key)) throw new ConflictException(`key: SOP ${definition.key} already exists; create a draft from one of its versions instead`);
    const row = await this.unique(() => this.sops.transaction(async (m) => {
      const v = await this.sops.insert(m, { sopKey: definition.key, version: 1, definition, derivedFromId: null, createdBy: actor.userId });
      await this.audit.record(actor, { action: 'sop.create', entity: 'sop_version', entityId: v.id, after: { sopKey: v.sopKey, version: 1, status: 'draft', revision: revisionOf(definition) } }, m);
      return v;
    }), {
      [KEY_VERSION_UNIQUE]: async () => `key: SOP ${definition.key} already exists`,
      [ONE_DRAFT_INDEX]: async () => `key: SOP ${definition.key} already exists`,
    });
    return this.withIssues(row);
  }

  /** A new draft copied from any version of the key (the next version number). */
  async createDraft(fromId: string, actor: Actor) {
    const from = this.found(await this.sops.findById(fromId), fromId);
    await this.refuseSecondDraft(from.sopKey);
    const row = await this.unique(() => this.sops.transaction(async (m) => {
      const version = (await this.sops.maxVersion(m, from.sopKey)) + 1;
      const v = await this.sops.insert(m, { sopKey: from.sopKey, version, definition: from.definition, derivedFromId: from.id, createdBy: actor.userId });
      await this.audit.record(actor, {
        action: 'sop.draft', entity: 'sop_version', entityId: v.id,
        before: { derivedFromId: from.id, version: from.version, status: from.status },
        after: { sopKey: v.sopKey, version, status: 'draft', revision: revisionOf(v.definition) },
      }, m);
      return v;
    }), {
      [ONE_DRAFT_INDEX]: async () => {
        await this.refuseSecondDraft(from.sopKey);
        return `SOP ${from.sopKey} already has an open draft: edit or publish it first`;
      },
      [KEY_VERSION_UNIQUE]: async () => `Another version of SOP ${from.sopKey} was created at the same moment; try again`,
    });
    return this.withIssues(row);
  }

  /**
   * Replaces a draft's definition. A graph that fails validation is still saved (work in
   * progress) and its issues returned; `ifMatch` must be the revision the editor started from.
   */
  async update(id: string, definition: SopDefinition, ifMatch: string | undefined, actor: Actor) {
    const expected = parseIfMatch(ifMatch);
    const row = await this.sops.transaction(async (m) => {
      const v = this.found(await this.sops.lockById(m, id), id);
      if (v.status !== 'draft') throw new ConflictException(`SOP ${v.sopKey} version ${v.version} is ${v.status}: only a draft can be edited; create a draft from it`);
      if (definition.key !== v.sopKey) throw new BadRequestException(`key: must stay ${v.sopKey} (a draft cannot move to another SOP key)`);
      const current = revisionOf(v.definition);
      if (current !== expected) {
        throw new ConflictException(`If-Match: the draft has changed since revision ${expected} (now ${current}); reload it and apply your edits again`);
      }
      const updated = await this.sops.update(m, id, { definition });
      await this.audit.record(actor, {
        action: 'sop.update', entity: 'sop_version', entityId: id,
        before: { revision: current, definition: v.definition }, after: { revision: revisionOf(updated.definition), definition: updated.definition },
      }, m);
      return updated;
    });
    return this.withIssues(row);
  }

  async validate(id: string) {
    const v = this.found(await this.sops.findById(id), id);
    const { ok, issues } = await this.validate_(v.definition);
    return { valid: ok, issues };
  }

  /** Only a valid draft; from the commit on, new requests of the key run on it (highest published version). */
  async publish(id: string, ifMatch: string | undefined, actor: Actor) {
    const expected = ifMatch === undefined ? undefined : parseIfMatch(ifMatch);
    const row = await this.sops.transaction(async (m) => {
      const v = this.found(await this.sops.lockById(m, id), id);
      if (v.status !== 'draft') throw new ConflictException(`SOP ${v.sopKey} version ${v.version} is ${v.status}: only a draft can be published`);
      const revision = revisionOf(v.definition);
      if (expected !== undefined && expected !== revision) {
        throw new ConflictException(`If-Match: the draft has changed since revision ${expected} (now ${revision}); review it before publishing`);
      }
      // Pinning first: a task whose form cannot be pinned is a conflict with the forms' state, named by node.
      const { pins, missing } = await this.bundles.pinsFor(v.definition, m);
      if (missing.length) {
        throw new ConflictException({
          message: `SOP ${v.sopKey} version ${v.version} cannot be published: ${missing.map((x) => `node ${x.nodeId} ("${x.label}") uses form "${x.form}"${x.via ? ` (through form "${x.via}")` : ''}, which has no published version`).join('; ')}`,
          issues: missing.map((x) => ({ field: x.nodeId, message: `${x.nodeId}: form "${x.form}" has no published version` })),
        });
      }
      if (!pins) throw new ConflictException('No audit criteria version is published: publish one before publishing a SOP version');
      const { ok, issues } = await this.validate_(v.definition, m);
      if (!ok) {
        const errors = issues.filter((i) => i.severity !== 'warning');
        throw new UnprocessableEntityException({ error: 'Unprocessable Entity', message: `SOP ${v.sopKey} version ${v.version} fails validation (${errors.length} issue(s)): ${errors.slice(0, 5).map((i) => i.message).join('; ')}`, issues });
      }
      const published = await this.sops.update(m, id, { status: 'published', publishedAt: new Date(), formPins: pins });
      await this.audit.record(actor, {
        action: 'sop.publish', entity: 'sop_version', entityId: id,
        before: { status: 'draft', revision }, after: { status: 'published', sopKey: v.sopKey, version: v.version, publishedAt: published.publishedAt, revision, formPins: pins },
      }, m);
      return published;
    });
    return sopVersionView(row);
  }

  /** Only a published version, and never the key's last one: new requests must have a version to run. */
  async retire(id: string, actor: Actor) {
    const row = await this.sops.transaction(async (m) => {
      const v = this.found(await this.sops.findById(id, m), id);
      if (v.status !== 'published') throw new ConflictException(`SOP ${v.sopKey} version ${v.version} is ${v.status}: only a published version can be retired`);
      const published = await this.sops.lockPublished(m, v.sopKey);
      if (!published.includes(id)) throw new ConflictException(`SOP ${v.sopKey} version ${v.version} was changed at the same moment; reload it`);
      if (published.length === 1) {
        throw new ConflictException(`SOP ${v.sopKey} version ${v.version} is its only published version: publish another before retiring it, or new requests would have nothing to run`);
      }
      const retired = await this.sops.update(m, id, { status: 'retired', retiredAt: new Date() });
      await this.audit.record(actor, {
        action: 'sop.retire', entity: 'sop_version', entityId: id,
        before: { status: 'published' }, after: { status: 'retired', sopKey: v.sopKey, version: v.version, retiredAt: retired.retiredAt },
      }, m);
      return retired;
    });
    return sopVersionView(row);
  }

  async diff(fromId: string, toId: string) {
    const [from, to] = await Promise.all([this.sops.findById(fromId), this.sops.findById(toId)]);
    const a = this.found(from, fromId);
    const b = this.found(to, toId);
    const strip = (v: SopVersionEntity) => ({ id: v.id, sopKey: v.sopKey, version: v.version, status: v.status });
    return { from: strip(a), to: strip(b), ...diffSops(a.definition, b.definition) };
  }

  private async withIssues(v: SopVersionEntity) {
    const { ok, issues } = await this.validate_(v.definition);
    return { ...sopVersionView(v), definition: v.definition, valid: ok, issues };
  }

  private found(v: SopVersionEntity | null, id: string): SopVersionEntity {
    if (!v) throw new NotFoundException(`SOP version ${id} not found`);
    return v;
  }

  private async refuseSecondDraft(sopKey: string): Promise<void> {
    const draft = await this.sops.openDraft(sopKey);
    if (draft) throw new ConflictException(`SOP ${sopKey} already has an open draft, version ${draft.version} (${draft.id}): edit or publish it first`);
  }

  /** Unique violations from a race the checks above could not see become 409s with the check's message. */
  private async unique<T>(work: () => Promise<T>, messages: Record<string, () => Promise<string>>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const { code, constraint } = err as { code?: string; constraint?: string };
      const message = code === '23505' && constraint && Object.prototype.hasOwnProperty.call(messages, constraint) ? messages[constraint] : undefined;
      if (message) throw new ConflictException(await message());
      throw err;
    }
  }
}

/** `If-Match: "<revision>"` (quotes and a weak prefix tolerated). Required: an edit must say which revision it replaces. */
function parseIfMatch(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw new HttpException({ error: 'Precondition Required', message: 'If-Match: send the revision you edited (GET /api/sops/:id returns it as `revision` and in the ETag header)' }, HttpStatus.PRECONDITION_REQUIRED);
  }
  const value = header.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (!/^[0-9a-f]{32}$/.test(value)) throw new BadRequestException('If-Match: must be a revision as returned by GET /api/sops/:id');
  return value;
}
