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
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
