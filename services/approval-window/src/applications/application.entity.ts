import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApplicantKind, ApplicationState, CatalogItemView, SuspensionKind } from '@yiti/contracts';

/** What the application keeps of its catalog item as it was at intake. */
export interface ItemSnapshot {
  code: string;
  name: string;
  department: string;
  category: string;
  legalBasis: string;
  statutoryDays: number | null;
  promisedDays: number | null;
  materials: { name: string; required: boolean }[];
}

/** What an application keeps of its catalog item, as the item read on the day of intake. */
export function itemSnapshot(view: CatalogItemView): ItemSnapshot {
  return {
    code: view.basicCode,
    name: view.name,
    department: view.department,
    category: view.category,
    legalBasis: view.legalBasis,
    statutoryDays: view.statutoryDays ?? null,
    promisedDays: view.promisedDays ?? null,
    materials: (view.materials ?? []).map((m) => ({ name: m.name, required: m.required })),
  };
}

export interface SubmittedMaterial {
  name: string;
  copies: number;
  original: boolean;
  inChecklist: boolean;
  /** Handed in with the application or with a correction. */
  round: number;
  /** Hashes of the material's scans in the gateway's attachment store (absent in rows written before attachments). */
  attachments?: string[];
}

export interface SuspensionRecord {
  kind: SuspensionKind;
  from: string;
  to?: string;
  reasons: string;
}

@Entity({ name: 'application' })
export class ApplicationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'application_no', type: 'text' })
  applicationNo: string;

  @Column({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ name: 'town_code', type: 'text' })
  townCode: string;

  /** As at intake: the documents print it. */
  @Column({ name: 'town_name', type: 'text' })
  townName: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @Column({ type: 'jsonb' })
  item: ItemSnapshot;

  @Column({ name: 'handling_organisation_id', type: 'uuid', nullable: true })
  handlingOrganisationId: string | null;

  @Column({ name: 'handling_organisation_name', type: 'text', nullable: true })
  handlingOrganisationName: string | null;

  @Column({ type: 'text' })
  status: ApplicationState;

  @Column({ name: 'applicant_kind', type: 'text' })
  applicantKind: ApplicantKind;

  @Column({ name: 'applicant_name', type: 'text' })
  applicantName: string;

  @Column({ name: 'applicant_id_cipher', type: 'text' })
  applicantIdCipher: string;

  @Column({ name: 'applicant_id_hash', type: 'text' })
  applicantIdHash: string;

  @Column({ name: 'applicant_id_masked', type: 'text' })
  applicantIdMasked: string;

  @Column({ name: 'applicant_phone_cipher', type: 'text' })
  applicantPhoneCipher: string;

  @Column({ name: 'applicant_phone_masked', type: 'text' })
  applicantPhoneMasked: string;

  @Column({ name: 'applicant_contact_name', type: 'text', nullable: true })
  applicantContactName: string | null;

  @Column({ name: 'applicant_address', type: 'text', nullable: true })
  applicantAddress: string | null;

  @Column({ type: 'jsonb' })
  materials: SubmittedMaterial[];

  @Column({ name: 'correction_materials', type: 'jsonb' })
  correctionMaterials: string[];

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  @Column({ name: 'correction_notice_on', type: 'date', nullable: true })
  correctionNoticeOn: string | null;

  @Column({ name: 'accepted_on', type: 'date', nullable: true })
  acceptedOn: string | null;

  @Column({ name: 'deemed_accepted', type: 'boolean' })
  deemedAccepted: boolean;

  @Column({ name: 'statutory_working_days', type: 'integer' })
  statutoryWorkingDays: number;

  @Column({ name: 'promised_working_days', type: 'integer', nullable: true })
  promisedWorkingDays: number | null;

  @Column({ type: 'boolean' })
  extended: boolean;

  @Column({ type: 'jsonb' })
  suspensions: SuspensionRecord[];

  @Column({ name: 'decision_due_on', type: 'date', nullable: true })
  decisionDueOn: string | null;

  @Column({ name: 'promised_due_on', type: 'date', nullable: true })
  promisedDueOn: string | null;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn: string | null;

  @Column({ name: 'decided_on_time', type: 'boolean', nullable: true })
  decidedOnTime: boolean | null;

  @Column({ name: 'decision_working_days', type: 'integer', nullable: true })
  decisionWorkingDays: number | null;

  @Column({ name: 'decision_reasons', type: 'text', nullable: true })
  decisionReasons: string | null;

  /** The leader's reasons for extending the decision period, told on the extension notice (art. 42). */
  @Column({ name: 'extension_reasons', type: 'text', nullable: true })
  extensionReasons: string | null;

  /** The authority in whose name the decision and the certificate are issued, fixed at the decision. */
  @Column({ name: 'issuing_authority', type: 'text', nullable: true })
  issuingAuthority: string | null;

  /** Why the application was entered after the day it was received (补录); null when entered that day. */
  @Column({ name: 'late_entry_reason', type: 'text', nullable: true })
  lateEntryReason: string | null;

  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis: string | null;

  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil: string | null;

  @Column({ name: 'certificate_due_on', type: 'date', nullable: true })
  certificateDueOn: string | null;

  @Column({ name: 'certificate_no', type: 'text', nullable: true })
  certificateNo: string | null;

  @Column({ name: 'certificate_issued_on', type: 'date', nullable: true })
  certificateIssuedOn: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

@Entity({ name: 'notice' })
export class NoticeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  number: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn: string;

  @Column({ type: 'text' })
  issuer: string;

  @Column({ type: 'jsonb' })
  fields: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
