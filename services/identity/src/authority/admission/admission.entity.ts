import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AdmissionStatus, AdmissionStepAction, DutyProposal } from '@yiti/contracts';

@Entity({ name: 'duty_admission' })
export class AdmissionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ name: 'applicant_organisation_id', type: 'uuid' })
  applicantOrganisationId: string;

  @Column({ name: 'applicant_user_id', type: 'uuid' })
  applicantUserId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'document_no', type: 'text' })
  documentNo: string;

  @Column({ type: 'text' })
  justification: string;

  @Column({ name: 'town_codes', type: 'text', array: true })
  townCodes: string[];

  @Column({ type: 'jsonb' })
  duties: DutyProposal[];

  @Column({ type: 'text' })
  status: AdmissionStatus;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;
}

@Entity({ name: 'duty_admission_step' })
export class AdmissionStepEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'admission_id', type: 'uuid' })
  admissionId: string;

  @Column({ name: 'from_status', type: 'text' })
  fromStatus: AdmissionStatus;

  @Column({ type: 'text' })
  action: AdmissionStepAction;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: AdmissionStatus;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @Column({ name: 'actor_roles', type: 'text', array: true })
  actorRoles: string[];

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;
}
