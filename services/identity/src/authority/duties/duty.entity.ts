import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DutyKind, OrganisationKind, PrimaryLevel } from '@yiti/contracts';

/** One duty in one town's list. Rows are only ever created by an approved admission. */
@Entity({ name: 'duty' })
export class DutyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ name: 'town_code', type: 'text' })
  townCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: DutyKind;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  basis: string | null;

  @Column({ type: 'boolean' })
  shared: boolean;

  @Column({ name: 'primary_level', type: 'text' })
  primaryLevel: PrimaryLevel;

  @Column({ name: 'county_department', type: 'text', nullable: true })
  countyDepartment: string | null;

  @Column({ name: 'event_categories', type: 'text', array: true })
  eventCategories: string[];

  @Column({ name: 'responsible_organisation_kind', type: 'text' })
  responsibleOrganisationKind: OrganisationKind;

  /** The institution that handles it in this town, fixed at admission; null when none could be named. */
  @Column({ name: 'responsible_organisation_id', type: 'uuid', nullable: true })
  responsibleOrganisationId: string | null;

  @Column({ name: 'admission_id', type: 'uuid' })
  admissionId: string;

  @Column({ name: 'listed_at', type: 'timestamptz' })
  listedAt: Date;
}
