import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface IdempotencyScope { actorId: string; method: string; path: string; key: string }
export interface StoredAnswer { state: 'pending' | 'done'; requestHash: string; status: number | null; body: unknown; headers: Record<string, string> | null; lockedUntil: Date }

@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Claims the key for this call: a new key, one whose row outlived the TTL, or one whose holder
   * stopped answering (lock expired, same body). True when this call now owns it and must run.
   */
  async claim(scope: IdempotencyScope, requestHash: string, lockMs: number, ttlHours: number): Promise<boolean> {
    const rows = await this.ds.query(
      `INSERT INTO idempotency_keys (actor_id, method, path, key, request_hash, state, locked_until)
       VALUES ($1, $2, $3, $4, $5, 'pending', now() + $6 * interval '1 millisecond')
       ON CONFLICT (actor_id, method, path, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'pending', response_status = NULL, response_body = NULL,
             response_headers = NULL, created_at = now(), locked_until = EXCLUDED.locked_until
         WHERE idempotency_keys.created_at < now() - $7 * interval '1 hour'
            OR (idempotency_keys.state = 'pending' AND idempotency_keys.locked_until < now() AND idempotency_keys.request_hash = EXCLUDED.request_hash)
       RETURNING 1 AS claimed`,
      [scope.actorId, scope.method, scope.path, scope.key, requestHash, lockMs, ttlHours],
    );
    return rows.length === 1;
  }

  async find(scope: IdempotencyScope): Promise<StoredAnswer | null> {
    const rows = await this.ds.query(
      `SELECT state, request_hash, response_status, response_body, response_headers, locked_until FROM idempotency_keys
       WHERE actor_id = $1 AND method = $2 AND path = $3 AND key = $4`,
      [scope.actorId, scope.method, scope.path, scope.key],
    );
    const r = rows[0];
    return r ? { state: r.state, requestHash: r.request_hash, status: r.response_status, body: r.response_body === null ? null : JSON.parse(r.response_body), headers: r.response_headers, lockedUntil: new Date(r.locked_until) } : null;
  }

  async complete(scope: IdempotencyScope, status: number, body: unknown, headers: Record<string, string>): Promise<void> {
    await this.ds.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $5, response_body = $6, response_headers = $7::jsonb
       WHERE actor_id = $1 AND method = $2 AND path = $3 AND key = $4 AND state = 'pending'`,
      // The body as text, so a replay is byte for byte the first answer (jsonb would reorder keys).
      [scope.actorId, scope.method, scope.path, scope.key, status, JSON.stringify(body ?? null), JSON.stringify(headers)],
    );
  }

  /** The call ended without a definite answer (5xx): the next retry runs it again (its Temporal updateId keeps the effect single). */
  async release(scope: IdempotencyScope): Promise<void> {
    await this.ds.query(
      `DELETE FROM idempotency_keys WHERE actor_id = $1 AND method = $2 AND path = $3 AND key = $4 AND state = 'pending'`,
      [scope.actorId, scope.method, scope.path, scope.key],
    );
  }

  async deleteOlderThan(ttlHours: number): Promise<number> {
    const r = await this.ds.query(`DELETE FROM idempotency_keys WHERE created_at < now() - $1 * interval '1 hour'`, [ttlHours]);
    return Array.isArray(r) ? Number(r[1] ?? 0) : 0;
  }
}
