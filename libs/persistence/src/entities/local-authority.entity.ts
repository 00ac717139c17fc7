import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('local_authorities')
export class LocalAuthorityEntity {
  /** ONS-style code, e.g. E09000001; the first half of a request's business key. */
  @PrimaryColumn({ type: 'varchar', length: 16 }) code!: string;
  @Column({ type: 'varchar', length: 160 }) name!: string;
  @Column({ type: 'varchar', length: 320, nullable: true, name: 'return_address' }) returnAddress!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
