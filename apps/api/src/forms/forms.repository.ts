import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { FormDefinition } from '@sendflow/domain';

export interface FormVersionRow {
  id: string; form_key: string; version: number; status: 'draft' | 'published' | 'retired'; definition: FormDefinition; revision: number;
  derived_from_id: string | null; created_by: string | null; created_at: Date; updated_by: string | null; updated_at: Date;
  published_by: string | null; published_at: Date | null; retired_by: string | null; retired_at: Date | null;
}

const COLUMNS = `id, form_key, version, status, definition, revision, derived_from_id, created_by, created_at, updated_by, updated_at,
  published_by, published_at, retired_by, retired_at`;

/** All SQL behind form versions. */
@Injectable()
export class FormsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Every version without its definition (the list page), newest first per form. */
  async list(includeDrafts: boolean): Promise<FormVersionRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS.replace('definition,', `jsonb_build_object('title', definition->'title') AS definition,`)} FROM form_versions
       ${includeDrafts ? '' : `WHERE status <> 'draft'`} ORDER BY form_key, version DESC`,
    );
  }

  async findById(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<FormVersionRow | null> {
    const rows: FormVersionRow[] = await m.query(`SELECT ${COLUMNS} FROM form_versions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async keyExists(key: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM form_versions WHERE form_key = $1 LIMIT 1`, [key])).length > 0;
  }

  async openDraft(key: string, m: EntityManager = this.ds.manager): Promise<FormVersionRow | null> {
    const rows: FormVersionRow[] = await m.query(`SELECT ${COLUMNS} FROM form_versions WHERE form_key = $1 AND status = 'draft'`, [key]);
    return rows[0] ?? null;
  }

  async maxVersion(m: EntityManager, key: string): Promise<number> {
    const rows: { max: number | null }[] = await m.query(`SELECT max(version)::int AS max FROM form_versions WHERE form_key = $1`, [key]);
    return rows[0]?.max ?? 0;
  }

  /** The highest published version of each form (what a SOP publish pins, and the designer's catalogue). */
  async latestPublished(keys?: readonly string[], m: EntityManager = this.ds.manager): Promise<FormVersionRow[]> {
    return m.query(
      `SELECT DISTINCT ON (form_key) ${COLUMNS} FROM form_versions WHERE status = 'published' ${keys ? 'AND form_key = ANY($1)' : ''}
       ORDER BY form_key, version DESC`,
      keys ? [keys] : [],
    );
  }

  async keysWithDraftOnly(m: EntityManager = this.ds.manager): Promise<{ form_key: string; title: string }[]> {
    return m.query(
      `SELECT form_key, definition->>'title' AS title FROM form_versions d WHERE status = 'draft'
       AND NOT EXISTS (SELECT 1 FROM form_versions p WHERE p.form_key = d.form_key AND p.status = 'published') ORDER BY form_key`,
    );
  }

  /** Published or retired versions by key and number: a pinned bundle stays readable after a retirement. */
  async byKeyVersion(pins: Record<string, number>): Promise<FormVersionRow[]> {
    const keys = Object.keys(pins);
    if (!keys.length) return [];
    return this.ds.query(
      `SELECT ${COLUMNS} FROM form_versions WHERE status <> 'draft' AND (form_key, version) IN (SELECT * FROM unnest($1::varchar[], $2::int[]))`,
      [keys, keys.map((k) => pins[k])],
    );
  }

  async countPublished(m: EntityManager, key: string): Promise<number> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM form_versions WHERE form_key = $1 AND status = 'published' ORDER BY version FOR UPDATE`, [key]);
    return rows.length;
  }

  async insert(m: EntityManager, row: { key: string; version: number; definition: FormDefinition; derivedFromId: string | null; by: string }): Promise<FormVersionRow> {
    const [{ id }] = await m.query(
      `INSERT INTO form_versions (form_key, version, status, definition, derived_from_id, created_by, updated_by) VALUES ($1, $2, 'draft', $3, $4, $5, $5) RETURNING id`,
      [row.key, row.version, JSON.stringify(row.definition), row.derivedFromId, row.by],
    );
    return (await this.findById(id, m)) as FormVersionRow;
  }

  async saveDraft(m: EntityManager, id: string, definition: FormDefinition, by: string): Promise<FormVersionRow> {
    await m.query(`UPDATE form_versions SET definition = $2, revision = revision + 1, updated_by = $3, updated_at = now() WHERE id = $1`, [id, JSON.stringify(definition), by]);
    return (await this.findById(id, m)) as FormVersionRow;
  }

  async setStatus(m: EntityManager, id: string, status: 'published' | 'retired', by: string): Promise<FormVersionRow> {
    const col = status === 'published' ? 'published' : 'retired';
    await m.query(`UPDATE form_versions SET status = $2, ${col}_by = $3, ${col}_at = now() WHERE id = $1`, [id, status, by]);
    return (await this.findById(id, m)) as FormVersionRow;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
