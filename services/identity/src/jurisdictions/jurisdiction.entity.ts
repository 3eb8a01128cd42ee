import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { JurisdictionLevel } from '@yiti/contracts';

@Entity({ name: 'jurisdiction' })
export class JurisdictionEntity {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  level: JurisdictionLevel;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
