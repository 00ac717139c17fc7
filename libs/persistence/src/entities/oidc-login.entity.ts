import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An OIDC sign-in between the redirect to the IdP and its callback (state, nonce, PKCE verifier). */
@Entity('oidc_logins')
export class OidcLoginEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'id_hash' }) idHash!: string;
  @Column({ type: 'varchar', length: 128 }) state!: string;
  @Column({ type: 'varchar', length: 128 }) nonce!: string;
  @Column({ type: 'varchar', length: 128, name: 'code_verifier' }) codeVerifier!: string;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
