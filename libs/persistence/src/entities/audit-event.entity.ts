import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of who did or read what (the database refuses UPDATE and DELETE). */
@Entity('audit_events')
@Index('ix_audit_request', ['requestId', 'id'])
@Index('ix_audit_actor', ['actorId', 'id'])
@Index('ix_audit_at', ['at'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  @Column({ type: 'varchar', length: 160, name: 'actor_id' }) actorId!: string;
  @Column({ type: 'varchar', length: 60 }) action!: string;
  @Column({ type: 'varchar', length: 40 }) entity!: string;
  @Column({ type: 'varchar', length: 200, nullable: true, name: 'entity_id' }) entityId!: string | null;
  @Column({ type: 'uuid', nullable: true, name: 'request_id' }) requestId!: string | null;
  @Column({ type: 'jsonb', nullable: true }) before!: unknown;
  @Column({ type: 'jsonb', nullable: true }) after!: unknown;
  /** For entries the workflow wrote: the timeline entry they mirror, so a retry writes once. */
  @Column({ type: 'varchar', length: 220, nullable: true, name: 'source_event_id' }) sourceEventId!: string | null;
  /** For reads a polling screen repeats: a digest of what was read, so "seen recently?" is one index probe. */
  @Column({ type: 'varchar', length: 64, nullable: true, name: 'read_key' }) readKey!: string | null;
}
