import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Consecutive failed sign-ins per typed email (SHA-256 of it), and the lock they led to. */
@Entity('sign_in_lockouts')
export class SignInLockoutEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'account_key' }) accountKey!: string;
  @Column({ type: 'integer', default: 0 }) failures!: number;
  @Column({ type: 'timestamptz', nullable: true, name: 'locked_until' }) lockedUntil!: Date | null;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** One row per failed sign-in from a client address, counted over a sliding window. */
@Entity('sign_in_failures')
@Index('ix_sign_in_failures_ip_at', ['clientIp', 'at'])
@Index('ix_sign_in_failures_at', ['at'])
export class SignInFailureEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column({ type: 'varchar', length: 64, name: 'client_ip' }) clientIp!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
}
