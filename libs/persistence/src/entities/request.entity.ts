import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AdviceType, RequestStatus } from '@sendflow/domain';

/**
 * Projection of one EHCNA health-advice request. The workflow is the truth; this row is what
 * lists and reports read, written by the API at intake and by the workflow's activities after.
 */
@Entity('requests')
export class RequestEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 200, name: 'workflow_id' }) workflowId!: string;
  @Column({ type: 'varchar', length: 16, name: 'local_authority_code' }) localAuthorityCode!: string;
  @Column({ type: 'varchar', length: 100, name: 'la_reference' }) laReference!: string;
  @Column({ type: 'varchar', length: 100, name: 'child_given_name' }) childGivenName!: string;
  @Column({ type: 'varchar', length: 100, name: 'child_family_name' }) childFamilyName!: string;
  @Column({ type: 'date', name: 'child_date_of_birth' }) childDateOfBirth!: string;
  @Column({ type: 'varchar', length: 10, nullable: true, name: 'nhs_number' }) nhsNumber!: string | null;
  @Column({ type: 'boolean', name: 'ehcp_flag' }) ehcpFlag!: boolean;
  @Column({ type: 'varchar', length: 32, name: 'advice_type' }) adviceType!: AdviceType;
  @Column({ type: 'timestamptz', name: 'received_at' }) receivedAt!: Date;
  @Column({ type: 'date', name: 'effective_receipt_date' }) effectiveReceiptDate!: string;
  @Column({ type: 'date', name: 'statutory_due_date' }) statutoryDueDate!: string;
  @Column({ type: 'timestamptz', name: 'statutory_due_at' }) statutoryDueAt!: Date;
  /** Why the due date is what it is (receipt rule, six weeks, calendar version, pauses). */
  @Column({ type: 'jsonb', name: 'deadline_explanation' }) deadlineExplanation!: unknown;
  /** The deadline as first computed (receipt + 42 days), before any recorded exception. */
  @Column({ type: 'date', name: 'base_due_date' }) baseDueDate!: string;
  /** reg 8(2) pauses and extensions as recorded in the workflow, with evidence and who recorded them. */
  @Column({ type: 'jsonb', name: 'deadline_exceptions', default: () => "'[]'" }) deadlineExceptions!: unknown[];
  @Column({ type: 'date', nullable: true, name: 'la_due_date' }) laDueDate!: string | null;
  @Index() @Column({ type: 'varchar', length: 16 }) status!: RequestStatus;
  @Column({ type: 'boolean', default: false }) overdue!: boolean;
  @Column({ type: 'text', array: true, default: () => "'{}'", name: 'allocated_services' }) allocatedServices!: string[];
  /** Earliest target date of the open tasks; kept by the database (trigger on tasks) for the caseload's colours. */
  @Column({ type: 'date', nullable: true, name: 'earliest_open_task_due', insert: false, update: false }) earliestOpenTaskDue!: string | null;
  /** Null only for imported history, which ran on no SOP. */
  @Column({ type: 'uuid', name: 'sop_version_id', nullable: true }) sopVersionId!: string | null;
  @Column({ type: 'jsonb', nullable: true, name: 'compiled_advice' }) compiledAdvice!: unknown;
  @Column({ type: 'jsonb', nullable: true, name: 'not_known_details' }) notKnownDetails!: unknown;
  /** When the "not known to health services" response was recorded: it is the response, and reports count it as returned then. */
  @Column({ type: 'timestamptz', nullable: true, name: 'not_known_at' }) notKnownAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'returned_at' }) returnedAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true, name: 'return_details' }) returnDetails!: unknown;
  /** Closed history brought in from a trust's spreadsheet (POST /api/imports/requests): no workflow, no tasks. */
  @Column({ type: 'boolean', default: false }) imported!: boolean;
  @Column({ type: 'uuid', nullable: true, name: 'import_batch_id' }) importBatchId!: string | null;
  @Column({ type: 'varchar', length: 160, nullable: true, name: 'created_by' }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
