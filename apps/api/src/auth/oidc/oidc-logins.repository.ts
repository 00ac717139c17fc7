import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { returnedRows } from '../sessions.repository';

/** How long a browser may take at the IdP between start and callback. */
export const OIDC_LOGIN_TTL_SECONDS = 600;

export interface OidcLogin { state: string; nonce: string; codeVerifier: string }

/** The OIDC transaction between redirect and callback, in PostgreSQL so any replica can finish it. */
@Injectable()
export class OidcLoginsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async create(idHash: string, login: OidcLogin): Promise<void> {
    await this.ds.query(`INSERT INTO oidc_logins (id_hash, state, nonce, code_verifier) VALUES ($1, $2, $3, $4)`, [idHash, login.state, login.nonce, login.codeVerifier]);
    await this.ds.query(
      `DELETE FROM oidc_logins WHERE id_hash IN (SELECT id_hash FROM oidc_logins WHERE created_at < now() - $1 * interval '1 second' LIMIT 1000 FOR UPDATE SKIP LOCKED)`,
      [OIDC_LOGIN_TTL_SECONDS],
    );
  }

  /** Used once: the row is deleted as it is read, so a replayed callback finds nothing. */
  async take(idHash: string): Promise<OidcLogin | null> {
    const rows = returnedRows(await this.ds.query(
      `DELETE FROM oidc_logins WHERE id_hash = $1 RETURNING state, nonce, code_verifier, created_at > now() - $2 * interval '1 second' AS fresh`,
      [idHash, OIDC_LOGIN_TTL_SECONDS],
    ));
    const r = rows[0];
    return r && r.fresh ? { state: r.state, nonce: r.nonce, codeVerifier: r.code_verifier } : null;
  }
}
