import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { TaskStatus } from '@sendflow/domain';

/** Projection of a human task opened by the interpreter; completed only through the workflow. */
@Entity('tasks')
@Index('ix_tasks_open_by_service', ['status', 'serviceCode'])
export class TaskEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Index() @Column({ type: 'uuid', name: 'request_id' }) requestId!: string;
  @Column({ type: 'varchar', length: 200, name: 'workflow_id' }) workflowId!: string;
  @Column({ type: 'varchar', length: 140, name: 'node_path' }) nodePath!: string;
  @Column({ type: 'varchar', length: 160 }) label!: string;
  @Column({ type: 'varchar', length: 32 }) role!: string;
  @Column({ type: 'boolean', name: 'service_scoped' }) serviceScoped!: boolean;
  @Column({ type: 'varchar', length: 16, nullable: true, name: 'service_code' }) serviceCode!: string | null;
  @Column({ type: 'varchar', length: 60 }) form!: string;
  @Column({ type: 'jsonb' }) outcomes!: { id: string; label: string }[];
  @Column({ type: 'varchar', length: 16 }) status!: TaskStatus;
  @Column({ type: 'int' }) attempt!: number;
  @Column({ type: 'date', nullable: true, name: 'due_date' }) dueDate!: string | null;
  /** How the SOP target was counted from the day the task opened, step by step. */
  @Column({ type: 'jsonb', nullable: true, name: 'due_explanation' }) dueExplanation!: unknown;
  @Column({ type: 'varchar', length: 80, nullable: true }) outcome!: string | null;
  @Column({ type: 'jsonb', nullable: true }) data!: unknown;
  @Column({ type: 'varchar', length: 160, nullable: true, name: 'completed_by' }) completedBy!: string | null;
  /** Who the service lead (or coordinator) gave the task to; anyone with the role and service may still complete it. */
  @Column({ type: 'uuid', nullable: true, name: 'assignee_id' }) assigneeId!: string | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'completed_at' }) completedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'opened_at' }) openedAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
