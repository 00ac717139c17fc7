import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The form so far of one open task, saved as its author types (one draft per task, shared by
 * whoever works it, so it follows the task across sign-outs, devices and reassignment). Deleted
 * when the task completes: the completed task keeps the submitted data.
 */
@Entity('task_drafts')
export class TaskDraftEntity {
  @PrimaryColumn({ type: 'uuid', name: 'task_id' }) taskId!: string;
  @Index() @Column({ type: 'uuid', name: 'request_id' }) requestId!: string;
  @Column({ type: 'varchar', length: 80, nullable: true }) outcome!: string | null;
  @Column({ type: 'jsonb' }) data!: Record<string, unknown>;
  @Column({ type: 'varchar', length: 160, name: 'saved_by' }) savedBy!: string;
  @Column({ type: 'timestamptz', name: 'saved_at' }) savedAt!: Date;
  @Column({ type: 'int', default: 1 }) revision!: number;
  /** Who the last audit record of a save was written for, and when: saves every few seconds coalesce into one record per person per window. */
  @Column({ type: 'varchar', length: 160, name: 'audited_for', nullable: true }) auditedFor!: string | null;
  @Column({ type: 'timestamptz', name: 'audited_at', nullable: true }) auditedAt!: Date | null;
}
