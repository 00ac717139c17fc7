import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { formDefinition, SHIPPED_BUNDLE, variantFields, type FormBundle, type FormDefinition, type FormPins } from '@sendflow/domain';
import { eachGraph, type SopDefinition } from '@sendflow/sop';
import { AuditCriteriaRepository } from '../audit-criteria/audit-criteria.repository';
import { FormsRepository } from './forms.repository';

/** A human task whose form cannot be pinned, named so the designer can point at it. */
export interface UnpinnedForm { nodeId: string; label: string; form: string; via?: string }

/** Forms another form draws on: a review's section comments are on the pro forma's sections. */
const referencedForms = (def: FormDefinition): string[] =>
  def.variants.flatMap((v) => variantFields(v).flatMap((f) => (f.kind === 'sectionComments' ? [f.ofForm] : [])));

/**
 * Pins and bundles. Publishing a SOP version pins the latest published version of each form its
 * human tasks use (and of forms those refer to) and of the audit criteria; a request validates
 * every answer against its SOP version's bundle for its whole life. Pinned versions never change,
 * so bundles are cached for the life of the process.
 */
@Injectable()
export class FormBundlesService {
  private readonly bySopVersion = new Map<string, Promise<FormBundle>>();
  private readonly byPins = new Map<string, Promise<FormBundle>>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly forms: FormsRepository,
    private readonly criteria: AuditCriteriaRepository,
  ) {}

  /** What publishing `def` now would pin, and the tasks whose form has no published version. */
  async pinsFor(def: SopDefinition, m?: EntityManager): Promise<{ pins: FormPins | null; missing: UnpinnedForm[] }> {
    const users = new Map<string, { nodeId: string; label: string }>();
    for (const { graph, prefix } of eachGraph(def.graph)) {
      for (const n of graph.nodes) if (n.kind === 'humanTask' && !users.has(n.form)) users.set(n.form, { nodeId: prefix + n.id, label: n.label });
    }
    const pinned = new Map<string, number>();
    const missing: UnpinnedForm[] = [];
    let wanted = [...users.keys()].map((form) => ({ form, ...(users.get(form) as { nodeId: string; label: string }), via: undefined as string | undefined }));
    while (wanted.length) {
      const found = new Map((await this.forms.latestPublished(wanted.map((w) => w.form), m)).map((r) => [r.form_key, r]));
      const next: typeof wanted = [];
      for (const w of wanted) {
        const row = found.get(w.form);
        if (!row) {
          missing.push({ nodeId: w.nodeId, label: w.label, form: w.form, ...(w.via ? { via: w.via } : {}) });
          continue;
        }
        pinned.set(w.form, row.version);
        for (const ref of referencedForms(row.definition)) {
          if (!pinned.has(ref) && !next.some((x) => x.form === ref) && !wanted.some((x) => x.form === ref)) next.push({ form: ref, nodeId: w.nodeId, label: w.label, via: w.form });
        }
      }
      wanted = next;
    }
    const criteria = await this.criteria.latestPublished(m);
    if (!criteria) return { pins: null, missing };
    return { pins: { forms: Object.fromEntries([...pinned].sort(([a], [b]) => a.localeCompare(b))), criteria: criteria.version }, missing };
  }

  /** The bundle a SOP version pinned; the shipped forms for versions published before forms were data. */
  bundleForSopVersion(sopVersionId: string | null | undefined): Promise<FormBundle> {
    if (!sopVersionId) return Promise.resolve(SHIPPED_BUNDLE);
    let b = this.bySopVersion.get(sopVersionId);
    if (!b) {
      b = this.ds.query(`SELECT form_pins, status FROM sop_versions WHERE id = $1`, [sopVersionId])
        .then((rows: { form_pins: FormPins | null; status: string }[]) => {
          // A draft has no pins yet; only published (or retired) versions are worth remembering.
          if (rows[0]?.status === 'draft') this.bySopVersion.delete(sopVersionId);
          return this.bundleFor(rows[0]?.form_pins ?? null);
        });
      this.bySopVersion.set(sopVersionId, b);
      b.catch(() => this.bySopVersion.delete(sopVersionId));
    }
    return b;
  }

  /** The bundle a request runs with: its SOP version's. */
  async bundleForRequest(requestId: string): Promise<FormBundle> {
    const rows: { sop_version_id: string | null }[] = await this.ds.query(`SELECT sop_version_id FROM requests WHERE id = $1`, [requestId]);
    return this.bundleForSopVersion(rows[0]?.sop_version_id);
  }

  bundleFor(pins: FormPins | null): Promise<FormBundle> {
    if (!pins) return Promise.resolve(SHIPPED_BUNDLE);
    const key = JSON.stringify(pins);
    let b = this.byPins.get(key);
    if (!b) {
      b = this.load(pins);
      this.byPins.set(key, b);
      b.catch(() => this.byPins.delete(key));
    }
    return b;
  }

  private async load(pins: FormPins): Promise<FormBundle> {
    const [rows, criteria] = await Promise.all([this.forms.byKeyVersion(pins.forms), this.criteria.find(pins.criteria)]);
    const forms: Record<string, FormDefinition> = {};
    for (const r of rows) forms[r.form_key] = formDefinition.parse(r.definition);
    if (!criteria) throw new Error(`audit criteria version ${pins.criteria} is pinned but missing`);
    return { forms, criteria: { version: criteria.version, items: criteria.items.map((c) => ({ ...c, active: c.active !== false })) } };
  }
}
