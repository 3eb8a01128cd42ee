import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { APPLICANT_KINDS, type ApplicantKind } from '../approval/application.dto';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { defineEvent } from '../common/messages';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 双向告知: a penalty was decided (simplified or ordinary procedure). The party is named only by its
 * masked ID number and keyed search hash, so the approving side can match its licence holders.
 */
export class PenaltyDecidedEvent {
  @IsUUID()
  penaltyId: string;

  /** 决定书编号 */
  @IsString()
  decisionNo: string;

  @IsIn(['simplified', 'ordinary'])
  procedure: 'simplified' | 'ordinary';

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @IsUUID()
  itemId: string;

  @IsString()
  itemCode: string;

  @IsIn(APPLICANT_KINDS)
  partyKind: ApplicantKind;

  @IsString()
  partyName: string;

  @IsString()
  partyIdNumberMasked: string;

  @IsString()
  partyIdNumberHash: string;

  /** 处罚种类 */
  @IsString({ each: true })
  penaltyKinds: string[];

  /** 罚款(分) Fine in fen; 0 for none. */
  @IsNumber()
  fineFen: number;

  @Matches(ISO_DATE)
  decidedOn: string;
}

/** 结案 A case was closed. */
export class CaseClosedEvent {
  @IsUUID()
  caseId: string;

  @IsString()
  caseNo: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @IsOptional()
  @IsString()
  partyIdNumberHash: string | null;

  @Matches(ISO_DATE)
  closedOn: string;
}

const svc = 'enforcement';

export const ENFORCEMENT_EVENTS = {
  /** 双向告知: every penalty decision, for the approving side's licence holders. */
  penaltyDecided: defineEvent(svc, 'penalty.decided', 1, PenaltyDecidedEvent),
  caseClosed: defineEvent(svc, 'case.closed', 1, CaseClosedEvent),
} as const;
