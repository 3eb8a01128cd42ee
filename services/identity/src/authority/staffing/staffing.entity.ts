import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ManagementMode } from '@yiti/contracts';

/** A town's current quotas; every change is kept in `town_quota_change`. */
@Entity({ name: 'town_quota' })
export class TownQuotaEntity {
  @PrimaryColumn({ name: 'town_code', type: 'text' })
  townCode: string;

  @Column({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ type: 'integer' })
  administrative: number;

  @Column({ type: 'integer' })
  institutional: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'town_quota_change' })
export class TownQuotaChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'town_code', type: 'text' })
  townCode: string;

  @Column({ name: 'administrative_before', type: 'integer', nullable: true })
  administrativeBefore: number | null;

  @Column({ name: 'institutional_before', type: 'integer', nullable: true })
  institutionalBefore: number | null;

  @Column({ type: 'integer' })
  administrative: number;

  @Column({ type: 'integer' })
  institutional: number;

  @Column({ name: 'decision_no', type: 'text', nullable: true })
  decisionNo: string | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;
}

/** A person of a county department working in a town (县管镇用). */
@Entity({ name: 'sent_down_staff' })
export class SentDownStaffEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ name: 'person_name', type: 'text' })
  personName: string;

  @Column({ type: 'text', nullable: true })
  post: string | null;

  @Column({ name: 'from_department_id', type: 'uuid' })
  fromDepartmentId: string;

  @Column({ name: 'town_code', type: 'text' })
  townCode: string;

  @Column({ type: 'date' })
  since: string;

  /** The last day in the town, inclusive. */
  @Column({ type: 'date', nullable: true })
  until: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'dispatched_agency' })
export class DispatchedAgencyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'town_code', type: 'text' })
  townCode: string;

  @Column({ name: 'parent_department_id', type: 'uuid' })
  parentDepartmentId: string;

  @Column({ name: 'management_mode', type: 'text' })
  managementMode: ManagementMode;

  @Column({ name: 'town_assessment_weight', type: 'integer' })
  townAssessmentWeight: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
