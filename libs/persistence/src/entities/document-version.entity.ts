import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AdviceDocumentKind, SendflowDocument } from '@sendflow/domain';

export type DeliveryStatus = 'pending' | 'awaiting_manual' | 'delivered' | 'failed';
export type DeliveryChannel = 'manual' | 'smtp' | 'webhook';

/**
 * One version of a document sent to the LA. The id is chosen by the workflow, so the activity
 * that writes it is idempotent and the delivery keys (Message-ID, Idempotency-Key) derive from it.
 * The model is kept, not the rendered files: every format renders from it on demand.
 */
@Entity('document_versions')
@Index(['requestId', 'version'], { unique: true })
export class DocumentVersionEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'request_id' }) requestId!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: AdviceDocumentKind;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'jsonb' }) model!: SendflowDocument;
  @Column({ type: 'text', nullable: true, name: 'correction_reason' }) correctionReason!: string | null;
  @Column({ type: 'varchar', length: 16, name: 'delivery_status', default: 'pending' }) deliveryStatus!: DeliveryStatus;
  @Column({ type: 'varchar', length: 16, nullable: true, name: 'delivery_channel' }) deliveryChannel!: DeliveryChannel | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'delivered_at' }) deliveredAt!: Date | null;
  /** Where it went and the receiver's answer (SMTP response, webhook status, the recorded upload). */
  @Column({ type: 'jsonb', nullable: true, name: 'delivery_detail' }) deliveryDetail!: Record<string, unknown> | null;
  @Column({ type: 'integer', name: 'delivery_attempts', default: 0 }) deliveryAttempts!: number;
  @Column({ type: 'varchar', length: 500, nullable: true, name: 'last_error' }) lastError!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
