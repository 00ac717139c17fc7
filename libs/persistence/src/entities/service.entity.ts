import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('services')
export class ServiceEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 }) code!: string;
  @Column({ type: 'varchar', length: 160 }) name!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
