import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditCriterion } from '@sendflow/domain';

export interface CriteriaVersionRow {
  version: number; status: 'draft' | 'published' | 'retired'; items: AuditCriterion[]; revision: number; derived_from: number | null;
  created_by: string | null; created_at: Date; updated_by: string | null; updated_at: Date;
  published_by: string | null; published_at: Date | null; retired_by: string | null; retired_at: Date | null;
}

const COLUMNS = `version, status, items, revision, derived_from, created_by, created_at, updated_by, updated_at, published_by, published_at, retired_by, retired_at`;

/** All SQL behind audit criteria versions. */
@Injectable()
export class AuditCriteriaRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(includeDrafts: boolean): Promise<CriteriaVersionRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM audit_criteria_versions ${includeDrafts ? '' : `WHERE status <> 'draft'`} ORDER BY version DESC`);
  }

  async find(version: number, m: EntityManager = this.ds.manager, lock = false): Promise<CriteriaVersionRow | null> {
    const rows: CriteriaVersionRow[] = await m.query(`SELECT ${COLUMNS} FROM audit_criteria_versions WHERE version = $1${lock ? ' FOR UPDATE' : ''}`, [version]);
    return rows[0] ?? null;
  }

  /** The highest published version: what new SOP versions pin and new audit rounds score. */
  async latestPublished(m: EntityManager = this.ds.manager): Promise<CriteriaVersionRow | null> {
    const rows: CriteriaVersionRow[] = await m.query(`SELECT ${COLUMNS} FROM audit_criteria_versions WHERE status = 'published' ORDER BY version DESC LIMIT 1`);
    return rows[0] ?? null;
  }

  async openDraft(m: EntityManager = this.ds.manager): Promise<CriteriaVersionRow | null> {
    const rows: CriteriaVersionRow[] = await m.query(`SELECT ${COLUMNS} FROM audit_criteria_versions WHERE status = 'draft'`);
    return rows[0] ?? null;
  }

  async insertDraft(m: EntityManager, items: AuditCriterion[], derivedFrom: number | null, by: string): Promise<CriteriaVersionRow> {
    const [{ version }] = await m.query(
      `INSERT INTO audit_criteria_versions (version, status, items, derived_from, created_by, updated_by)
       SELECT coalesce(max(version), 0) + 1, 'draft', $1::jsonb, $2::int, $3, $3 FROM audit_criteria_versions RETURNING version`,
      [JSON.stringify(items), derivedFrom, by],
    );
    return (await this.find(version, m)) as CriteriaVersionRow;
  }

  async saveDraft(m: EntityManager, version: number, items: AuditCriterion[], by: string): Promise<CriteriaVersionRow> {
    await m.query(`UPDATE audit_criteria_versions SET items = $2, revision = revision + 1, updated_by = $3, updated_at = now() WHERE version = $1`, [version, JSON.stringify(items), by]);
    return (await this.find(version, m)) as CriteriaVersionRow;
  }

  async setStatus(m: EntityManager, version: number, status: 'published' | 'retired', by: string): Promise<CriteriaVersionRow> {
    const col = status === 'published' ? 'published' : 'retired';
    await m.query(`UPDATE audit_criteria_versions SET status = $2, ${col}_by = $3, ${col}_at = now() WHERE version = $1`, [version, status, by]);
    return (await this.find(version, m)) as CriteriaVersionRow;
  }

  async lockPublished(m: EntityManager): Promise<number[]> {
    const rows: { version: number }[] = await m.query(`SELECT version FROM audit_criteria_versions WHERE status = 'published' ORDER BY version FOR UPDATE`);
    return rows.map((r) => r.version);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
