import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PowerKind } from '@yiti/contracts';

@Entity({ name: 'catalog_version' })
export class CatalogVersionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'published_on', type: 'date' })
  publishedOn: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Kind-specific fields (limits, materials, provisions, discretion) live in `details`. */
@Entity({ name: 'catalog_item' })
export class CatalogItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ name: 'basic_code', type: 'text' })
  basicCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: PowerKind;

  @Column({ type: 'text' })
  department: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis: string;

  @Column({ type: 'jsonb' })
  details: Record<string, string | number | boolean | object>;
}

@Entity({ name: 'county_catalog' })
export class CountyCatalogEntity {
  @PrimaryColumn({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ name: 'set_at', type: 'timestamptz' })
  setAt: Date;
}
