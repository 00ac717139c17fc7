import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from './sessions.repository';

export interface IpLimit { failures: number; retryAfterSeconds: number }
export interface AccountLock { lockedUntil: Date; retryAfterSeconds: number }

/**
 * Sign-in throttling state, all in PostgreSQL so every API replica sees the same counts:
 * failed attempts per client address (sliding window) and consecutive failures per typed email.
 */
@Injectable()
export class SignInThrottleRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Failures from this address inside the window, and when the oldest of them leaves it. */
  async ipFailures(clientIp: string, windowSeconds: number): Promise<IpLimit> {
    const rows = await this.ds.query(
      `SELECT count(*)::int AS n, ceil(extract(epoch FROM (min(at) + $2 * interval '1 second' - now())))::int AS retry
         FROM sign_in_failures WHERE client_ip = $1 AND at > now() - $2 * interval '1 second'`,
      [clientIp, windowSeconds],
    );
    return { failures: rows[0].n, retryAfterSeconds: Math.max(1, rows[0].retry ?? 1) };
  }

  async currentLock(key: string): Promise<AccountLock | null> {
    const rows = await this.ds.query(
      `SELECT locked_until, ceil(extract(epoch FROM (locked_until - now())))::int AS retry FROM sign_in_lockouts WHERE account_key = $1 AND locked_until > now()`,
      [key],
    );
    return rows.length ? { lockedUntil: rows[0].locked_until, retryAfterSeconds: Math.max(1, rows[0].retry) } : null;
  }

  async recordIpFailure(m: EntityManager, clientIp: string, windowSeconds: number): Promise<void> {
    await m.query(`INSERT INTO sign_in_failures (client_ip) VALUES ($1)`, [clientIp]);
    // Old rows decide nothing any more; removing them on each failure keeps both tables small.
    // SKIP LOCKED: two concurrent purges never wait on (or deadlock with) each other's rows.
    await m.query(`DELETE FROM sign_in_failures WHERE id IN (SELECT id FROM sign_in_failures WHERE at < now() - $1 * interval '1 second' LIMIT 1000 FOR UPDATE SKIP LOCKED)`, [windowSeconds]);
    await m.query(`DELETE FROM sign_in_lockouts WHERE account_key IN (SELECT account_key FROM sign_in_lockouts
      WHERE updated_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now()) LIMIT 1000 FOR UPDATE SKIP LOCKED)`);
  }

  /**
   * Counts one more consecutive failure for the account key and locks it when the count reaches
   * `max`. A failure long after the previous one (more than the lock-out period), or after a lock
   * has run out, starts the count again; one that raced past the lock check leaves the lock as it
   * is. The upsert holds the row lock until the transaction ends, so concurrent failures are
   * counted one by one.
   */
  async registerFailure(m: EntityManager, key: string, max: number, lockSeconds: number): Promise<{ lock: AccountLock | null; newlyLocked: boolean }> {
    const [row] = returnedRows(await m.query(
      `INSERT INTO sign_in_lockouts AS l (account_key) VALUES ($1)
       ON CONFLICT (account_key) DO UPDATE SET account_key = l.account_key
       RETURNING failures, locked_until, ceil(extract(epoch FROM (locked_until - now())))::int AS retry,
                 (locked_until > now()) AS locked, (locked_until IS NOT NULL OR updated_at < now() - $2 * interval '1 second') AS restart`,
      [key, lockSeconds],
    ));
    if (row.locked) return { lock: { lockedUntil: row.locked_until, retryAfterSeconds: Math.max(1, row.retry) }, newlyLocked: false };
    const failures = row.restart ? 1 : row.failures + 1;
    if (failures < max) {
      await m.query(`UPDATE sign_in_lockouts SET failures = $2, locked_until = NULL, updated_at = now() WHERE account_key = $1`, [key, failures]);
      return { lock: null, newlyLocked: false };
    }
    const [locked] = returnedRows(await m.query(
      `UPDATE sign_in_lockouts SET failures = 0, locked_until = now() + $2 * interval '1 second', updated_at = now() WHERE account_key = $1
       RETURNING locked_until, ceil(extract(epoch FROM (locked_until - now())))::int AS retry`,
      [key, lockSeconds],
    ));
    return { lock: { lockedUntil: locked.locked_until, retryAfterSeconds: Math.max(1, locked.retry) }, newlyLocked: true };
  }

  async clear(m: EntityManager, key: string): Promise<void> {
    await m.query(`DELETE FROM sign_in_lockouts WHERE account_key = $1`, [key]);
  }
}
