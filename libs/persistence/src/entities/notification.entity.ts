import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notification for one user; `sourceKey` + user is unique, so a retried firing writes once. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'user_id' }) userId!: string;
  @Column({ type: 'uuid', nullable: true, name: 'request_id' }) requestId!: string | null;
  @Column({ type: 'varchar', length: 400, name: 'source_key' }) sourceKey!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'varchar', length: 500 }) message!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true, name: 'read_at' }) readAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'emailed_at' }) emailedAt!: Date | null;
}
