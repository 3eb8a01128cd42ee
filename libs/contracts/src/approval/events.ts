import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { defineEvent } from '../common/messages';
import { APPLICANT_KINDS, type ApplicantKind } from './application.dto';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 持证主体 The licence holder, identified only by a masked ID number and its keyed hash. */
export class LicenceHolder {
  @IsIn(APPLICANT_KINDS)
  kind: ApplicantKind;

  /** 名称 */
  @IsString()
  name: string;

  /** 证件号码(脱敏) */
  @IsString()
  idNumberMasked: string;

  /** 证件号码检索摘要 Keyed search hash of the ID number */
  @IsString()
  idNumberHash: string;
}

/** 审管联动: what the supervising department and the enforcement team learn of each approval. */
export class ApprovalGrantedEvent {
  @IsUUID()
  applicationId: string;

  /** 申请编号 */
  @IsString()
  applicationNo: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @IsUUID()
  itemId: string;

  @IsString()
  itemCode: string;

  @IsString()
  itemName: string;

  /** The competent county department, which supervises after approval (谁主管谁监管). */
  @IsString()
  department: string;

  @ValidateNested()
  @Type(() => LicenceHolder)
  holder: LicenceHolder;

  @Matches(ISO_DATE)
  approvedOn: string;

  @Matches(ISO_DATE)
  validFrom: string;

  @IsOptional()
  @Matches(ISO_DATE)
  validUntil: string | null;

  /** 审批人 */
  @IsOptional()
  @IsString()
  approvedBy: string | null;
}

/** 发证 A certificate was issued for an approved application. */
export class CertificateIssuedEvent {
  @IsUUID()
  applicationId: string;

  @IsString()
  applicationNo: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @IsUUID()
  itemId: string;

  /** 证件编号 */
  @IsString()
  certificateNo: string;

  @Matches(ISO_DATE)
  issuedOn: string;

  @IsOptional()
  @Matches(ISO_DATE)
  validUntil: string | null;
}

const svc = 'approval-window';

export const APPROVAL_EVENTS = {
  /** 审管联动: every approval, for the supervising department and the enforcement team. */
  approvalGranted: defineEvent(svc, 'approval.granted', 1, ApprovalGrantedEvent),
  certificateIssued: defineEvent(svc, 'certificate.issued', 1, CertificateIssuedEvent),
} as const;
