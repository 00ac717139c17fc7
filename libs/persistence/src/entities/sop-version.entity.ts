import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { FormPins } from '@sendflow/domain';
import type { SopDefinition, SopVersionStatus } from '@sendflow/sop';

@Entity('sop_versions')
@Unique('uq_sop_versions_key_version', ['sopKey', 'version'])
export class SopVersionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 64, name: 'sop_key' }) sopKey!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'varchar', length: 16 }) status!: SopVersionStatus;
  @Column({ type: 'jsonb' }) definition!: SopDefinition;
  @Column({ type: 'uuid', nullable: true, name: 'derived_from_id' }) derivedFromId!: string | null;
  @Column({ type: 'varchar', length: 160, nullable: true, name: 'created_by' }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true, name: 'published_at' }) publishedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true, name: 'retired_at' }) retiredAt!: Date | null;
  /** The form and criteria versions pinned at publish; null: the shipped forms (published before forms were data). */
  @Column({ type: 'jsonb', nullable: true, name: 'form_pins' }) formPins!: FormPins | null;
}
