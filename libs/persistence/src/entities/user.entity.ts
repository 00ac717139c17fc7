import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@sendflow/domain';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 320, unique: true }) email!: string;
  @Column({ type: 'varchar', length: 160, name: 'display_name' }) displayName!: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) roles!: Role[];
  /** Services a practitioner or lead belongs to; their lists show only these services' work. */
  @Column({ type: 'text', array: true, default: () => "'{}'", name: 'service_codes' }) serviceCodes!: string[];
  @Column({ type: 'varchar', length: 255, nullable: true, name: 'password_hash', select: false }) passwordHash!: string | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'password_changed_at' }) passwordChangedAt!: Date | null;
  /** Set for users who sign in through OIDC: the IdP's issuer and subject identify them, not the email. */
  @Column({ type: 'varchar', length: 400, nullable: true, name: 'oidc_issuer' }) oidcIssuer!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true, name: 'oidc_subject' }) oidcSubject!: string | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** How reminders reach this user by email: at once, in a daily digest, or not at all (in-app only). */
  @Column({ type: 'varchar', length: 16, name: 'notification_email', default: 'immediate' }) notificationEmail!: 'immediate' | 'digest' | 'off';
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
