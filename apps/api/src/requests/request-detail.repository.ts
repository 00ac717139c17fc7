import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The request page's reads beyond the request row: names of the LA, the SOP, the services and the people. */
@Injectable()
export class RequestDetailRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async localAuthorityName(code: string): Promise<string> {
    const rows: { name: string }[] = await this.ds.query(`SELECT name FROM local_authorities WHERE code = $1`, [code]);
    return rows[0]?.name ?? code;
  }

  async sopVersion(id: string): Promise<{ key: string; version: number; name: string | null } | null> {
    const rows: { sop_key: string; version: number; name: string | null }[] = await this.ds.query(
      `SELECT sop_key, version, definition ->> 'name' AS name FROM sop_versions WHERE id = $1`, [id],
    );
    return rows[0] ? { key: rows[0].sop_key, version: rows[0].version, name: rows[0].name } : null;
  }

  async serviceNames(codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows: { code: string; name: string }[] = await this.ds.query(`SELECT code, name FROM services WHERE code = ANY($1::text[])`, [codes]);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** Display names of users by id; ids that are not user ids (`system`) are skipped. */
  async userNames(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id && /^[0-9a-f-]{36}$/i.test(id)))];
    if (!wanted.length) return new Map();
    const rows: { id: string; display_name: string }[] = await this.ds.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [wanted]);
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}
