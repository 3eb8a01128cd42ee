import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** PostgreSQL numeric arrives as a string; these values have one decimal at most. */
export const numericColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity({ name: 'training_session' })
export class TrainingSessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ type: 'text' })
  topic: string;

  @Column({ type: 'text', array: true })
  categories: string[];

  @Column({ name: 'held_on', type: 'date' })
  heldOn: string;

  @Column({ type: 'numeric', transformer: numericColumn })
  hours: number;

  @Column({ name: 'organiser_organisation_id', type: 'uuid' })
  organiserOrganisationId: string;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'training_attendance' })
export class TrainingAttendanceEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The attendee's, copied for scoping. */
  @Column({ name: 'jurisdiction_code', type: 'text' })
  jurisdictionCode: string;

  @Column({ type: 'boolean' })
  attended: boolean;

  @Column({ type: 'numeric', nullable: true, transformer: numericColumn })
  score: number | null;

  @Column({ type: 'boolean' })
  passed: boolean;

  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

@Entity({ name: 'certification' })
export class CertificationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The holder's, copied for scoping. */
  @Column({ name: 'jurisdiction_code', type: 'text' })
  jurisdictionCode: string;

  @Column({ name: 'certificate_no', type: 'text' })
  certificateNo: string;

  @Column({ type: 'text', array: true })
  categories: string[];

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn: string;

  /** The last valid day. */
  @Column({ name: 'expires_on', type: 'date' })
  expiresOn: string;

  @Column({ name: 'revoked_on', type: 'date', nullable: true })
  revokedOn: string | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
