import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TimelineKind } from '@sendflow/domain';

/** What happened to a request, in order: written by the workflow, idempotent by id. */
@Entity('timeline_events')
@Index('ix_timeline_request_at', ['requestId', 'at'])
export class TimelineEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 220 }) id!: string;
  @Column({ type: 'uuid', name: 'request_id' }) requestId!: string;
  @Column({ type: 'int' }) seq!: number;
  @Column({ type: 'varchar', length: 40 }) kind!: TimelineKind;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  @Column({ type: 'varchar', length: 500 }) summary!: string;
  @Column({ type: 'varchar', length: 140, nullable: true, name: 'node_id' }) nodeId!: string | null;
  @Column({ type: 'uuid', nullable: true, name: 'task_id' }) taskId!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true, name: 'service_code' }) serviceCode!: string | null;
  @Column({ type: 'varchar', length: 160, nullable: true, name: 'actor_id' }) actorId!: string | null;
  @Column({ type: 'jsonb', nullable: true }) data!: unknown;
}
