import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('local_authorities')
export class LocalAuthorityEntity {
  /** ONS-style code, e.g. E09000001; the first half of a request's business key. */
  @PrimaryColumn({ type: 'varchar', length: 16 }) code!: string;
  @Column({ type: 'varchar', length: 160 }) name!: string;
  @Column({ type: 'varchar', length: 320, nullable: true, name: 'return_address' }) returnAddress!: string | null;
  /** How documents reach this LA: 'manual' (the coordinator uploads and records it), 'smtp' or 'webhook'. */
  @Column({ type: 'varchar', length: 16, name: 'delivery_channel', default: 'manual' }) deliveryChannel!: 'manual' | 'smtp' | 'webhook';
  @Column({ type: 'varchar', length: 320, nullable: true, name: 'delivery_email' }) deliveryEmail!: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true, name: 'webhook_url' }) webhookUrl!: string | null;
  /** HMAC key for the webhook's signature; never returned by the API. */
  @Column({ type: 'varchar', length: 200, nullable: true, name: 'webhook_secret', select: false }) webhookSecret!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
