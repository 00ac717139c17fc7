import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { StaffMember } from '@sendflow/domain';

export type ServiceMember = StaffMember;

/** Who works where: the few staff facts other features show (names of members and assignees), never contact details. */
@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async serviceExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM services WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  members(code: string): Promise<ServiceMember[]> {
    return this.ds.query(
      `SELECT id AS "userId", display_name AS "displayName", roles FROM users WHERE active AND $1 = ANY(service_codes) ORDER BY display_name, id`,
      [code],
    );
  }

  withRole(role: string): Promise<ServiceMember[]> {
    return this.ds.query(
      `SELECT id AS "userId", display_name AS "displayName", roles FROM users WHERE active AND $1 = ANY(roles) ORDER BY display_name, id`,
      [role],
    );
  }

  /** Display names by user id; ids that name no user are left out. */
  async displayNames(ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (!wanted.length) return new Map();
    const rows: { id: string; display_name: string }[] = await this.ds.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [wanted]);
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}
