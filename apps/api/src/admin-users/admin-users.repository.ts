import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from '@sendflow/persistence';

/** All SQL behind user administration. */
@Injectable()
export class AdminUsersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(): Promise<UserEntity[]> {
    return this.ds.getRepository(UserEntity).find({ order: { displayName: 'ASC', id: 'ASC' } });
  }

  findById(id: string, m: EntityManager = this.ds.manager): Promise<UserEntity | null> {
    return m.getRepository(UserEntity).findOneBy({ id });
  }

  /** Locks the row so two admins editing one user apply their changes one after the other. */
  findForUpdate(m: EntityManager, id: string): Promise<UserEntity | null> {
    return m.getRepository(UserEntity).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOne();
  }

  async emailTaken(m: EntityManager, email: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email])).length > 0;
  }

  async insert(m: EntityManager, row: Pick<UserEntity, 'email' | 'displayName' | 'roles' | 'serviceCodes'>): Promise<UserEntity> {
    const { identifiers } = await m.getRepository(UserEntity).insert(row);
    return (await this.findById(identifiers[0].id, m))!;
  }

  async update(m: EntityManager, id: string, patch: Partial<Pick<UserEntity, 'displayName' | 'roles' | 'serviceCodes' | 'active'>>): Promise<UserEntity> {
    await m.getRepository(UserEntity).update({ id }, patch);
    return (await this.findById(id, m))!;
  }

  async setPasswordHash(m: EntityManager, id: string, hash: string): Promise<void> {
    await m.query(`UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1`, [id, hash]);
  }

  async hasPassword(m: EntityManager, id: string): Promise<boolean> {
    const rows: { set: boolean }[] = await m.query(`SELECT password_hash IS NOT NULL AS set FROM users WHERE id = $1`, [id]);
    return rows[0]?.set ?? false;
  }

  /** Ends every session of the user, so a deactivation or a reset takes effect at once. */
  async endSessions(m: EntityManager, userId: string): Promise<number> {
    const [, count] = await m.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
    return typeof count === 'number' ? count : 0;
  }

  /** code → active, for the codes that exist. */
  async services(m: EntityManager, codes: string[]): Promise<Map<string, boolean>> {
    const rows: { code: string; active: boolean }[] = await m.query(`SELECT code, active FROM services WHERE code = ANY($1::text[])`, [codes]);
    return new Map(rows.map((r) => [r.code, r.active]));
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
