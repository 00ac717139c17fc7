import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server-side sessions, sign-in throttling (per account and per client address), OIDC sign-in
 * transactions, and the OIDC identity on users. Everything sign-in needs to remember lives here
 * rather than in a process, so any number of API replicas share it.
 */
export class SignInAndSessions1763910000000 implements MigrationInterface {
  name = 'SignInAndSessions1763910000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "oidc_issuer" character varying(400), ADD "oidc_subject" character varying(255), ADD "password_changed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`CREATE UNIQUE INDEX "ix_users_oidc_identity" ON "users" ("oidc_issuer", "oidc_subject") WHERE "oidc_subject" IS NOT NULL`);
    // Only a SHA-256 of the session token is stored: a copy of this table cannot be replayed as cookies.
    await q.query(`CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character varying(64) NOT NULL, "user_id" uuid NOT NULL, "method" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_sessions" PRIMARY KEY ("id"), CONSTRAINT "uq_sessions_token_hash" UNIQUE ("token_hash"), CONSTRAINT "fk_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE, CONSTRAINT "ck_sessions_method" CHECK ("method" IN ('password', 'oidc')))`);
    await q.query(`CREATE INDEX "ix_sessions_user" ON "sessions" ("user_id")`);
    await q.query(`CREATE INDEX "ix_sessions_expires_at" ON "sessions" ("expires_at")`);
    // Keyed by a hash of the typed email, so unknown addresses lock exactly like real ones (no enumeration).
    await q.query(`CREATE TABLE "sign_in_lockouts" ("account_key" character varying(64) NOT NULL, "failures" integer NOT NULL DEFAULT 0, "locked_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sign_in_lockouts" PRIMARY KEY ("account_key"))`);
    await q.query(`CREATE TABLE "sign_in_failures" ("id" BIGSERIAL NOT NULL, "client_ip" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sign_in_failures" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_sign_in_failures_ip_at" ON "sign_in_failures" ("client_ip", "at")`);
    await q.query(`CREATE INDEX "ix_sign_in_failures_at" ON "sign_in_failures" ("at")`);
    await q.query(`CREATE TABLE "oidc_logins" ("id_hash" character varying(64) NOT NULL, "state" character varying(128) NOT NULL, "nonce" character varying(128) NOT NULL, "code_verifier" character varying(128) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_oidc_logins" PRIMARY KEY ("id_hash"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "oidc_logins"`);
    await q.query(`DROP TABLE "sign_in_failures"`);
    await q.query(`DROP TABLE "sign_in_lockouts"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP INDEX "ix_users_oidc_identity"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "password_changed_at", DROP COLUMN "oidc_subject", DROP COLUMN "oidc_issuer"`);
  }
}
