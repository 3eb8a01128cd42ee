import type { ApplicantKind } from '../approval/application.dto';

/**
 * 行政处罚种类 (Penalty Law art. 9) as the ordinary procedure decides them. A hearing (art. 63) is
 * the party's right for a fine or confiscation above the county's thresholds and for the heavier kinds.
 */
export const PENALTY_KINDS = [
  'warning',
  'criticism',
  'fine',
  'confiscation_illegal_gains',
  'confiscation_property',
  'licence_downgrade',
  'licence_revocation',
  'qualification_restriction',
  'suspension',
  'closure',
  'employment_restriction',
] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
export const PENALTY_KIND_LABELS: Record<PenaltyKind, string> = {
  warning: '警告',
  criticism: '通报批评',
  fine: '罚款',
  confiscation_illegal_gains: '没收违法所得',
  confiscation_property: '没收非法财物',
  licence_downgrade: '降低资质等级',
  licence_revocation: '吊销许可证件',
  qualification_restriction: '限制开展生产经营活动',
  suspension: '责令停产停业',
  closure: '责令关闭',
  employment_restriction: '限制从业',
};

/** Kinds that entitle the party to a hearing whatever their amount (art. 63(1) 2–5). */
export const HEARING_KINDS: readonly PenaltyKind[] = ['licence_downgrade', 'licence_revocation', 'qualification_restriction', 'suspension', 'closure', 'employment_restriction'];

/** 听证标准 The county's hearing thresholds ("较大数额"), yuan; defaults until the county sets its own. */
export interface HearingThresholds {
  citizenYuan: number;
  organisationYuan: number;
}
export const DEFAULT_HEARING_THRESHOLDS: HearingThresholds = { citizenYuan: 10_000, organisationYuan: 100_000 };

/** A proposed or decided penalty: kinds, the fine and the value confiscated, in yuan. */
export interface PenaltyTerms {
  kinds: readonly PenaltyKind[];
  fineYuan?: number;
  confiscatedYuan?: number;
}

/**
 * Art. 63: whether the penalty entitles the party to a hearing — a fine or confiscation of at least the
 * county's threshold for the party's kind ("较大数额"), or one of the heavier kinds.
 */
export function hearingQualifies(terms: PenaltyTerms, partyKind: ApplicantKind | null, thresholds: HearingThresholds): boolean {
  if (terms.kinds.some((kind) => HEARING_KINDS.includes(kind))) return true;
  const threshold = partyKind === 'organisation' ? thresholds.organisationYuan : thresholds.citizenYuan;
  const fine = terms.kinds.includes('fine') ? (terms.fineYuan ?? 0) : 0;
  const confiscated = terms.kinds.some((k) => k.startsWith('confiscation')) ? (terms.confiscatedYuan ?? 0) : 0;
  return fine >= threshold || confiscated >= threshold;
}

/** 裁量基准 One band of an item's discretion standard (as the catalog keeps it). */
export interface DiscretionBand {
  circumstance: string;
  minFine: number | null;
  maxFine: number | null;
}

export type DiscretionCheck = { inBand: true; band: DiscretionBand | null } | { inBand: false; band: DiscretionBand | null; detail: string };

/**
 * Whether a fine lies inside the band of the circumstance found (情节). An item without bands has
 * nothing to depart from; an unknown circumstance, or a fine outside [min, max], is a departure that
 * needs its reasons.
 */
export function checkDiscretion(bands: readonly DiscretionBand[], circumstance: string | undefined, fineYuan: number): DiscretionCheck {
  if (bands.length === 0) return { inBand: true, band: null };
  const band = bands.find((b) => b.circumstance === circumstance?.trim()) ?? null;
  if (!band) return { inBand: false, band: null, detail: `情节「${circumstance ?? ''}」不在裁量基准中(${bands.map((b) => b.circumstance).join('、')}) The circumstance is not one of the item's discretion bands` };
  if ((band.minFine !== null && fineYuan < band.minFine) || (band.maxFine !== null && fineYuan > band.maxFine)) {
    return { inBand: false, band, detail: `罚款${fineYuan}元超出「${band.circumstance}」裁量幅度${band.minFine ?? 0}–${band.maxFine ?? '∞'}元 The fine is outside the band` };
  }
  return { inBand: true, band };
}

/** 不予处罚的情形 Why no penalty is given (arts. 30–33, 40). */
export const NO_PENALTY_GROUNDS = ['first_violation', 'minor_corrected', 'no_fault', 'minor_age_or_mental', 'facts_unclear'] as const;
export type NoPenaltyGround = (typeof NO_PENALTY_GROUNDS)[number];
export const NO_PENALTY_GROUND_LABELS: Record<NoPenaltyGround, string> = {
  first_violation: '初次违法且危害后果轻微并及时改正(首违不罚,第三十三条第一款)',
  minor_corrected: '违法行为轻微并及时改正,没有造成危害后果(第三十三条第一款)',
  no_fault: '当事人有证据足以证明没有主观过错(第三十三条第二款)',
  minor_age_or_mental: '不满十四周岁或不能辨认、控制自己行为的精神病人(第三十、三十一条)',
  facts_unclear: '违法事实不能成立(第四十条)',
};

/** 送达方式 (art. 61, Civil Procedure Law). */
export const SERVICE_METHODS = ['direct', 'left_at_premises', 'mail', 'entrusted', 'electronic', 'public_notice'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];
export const SERVICE_METHOD_LABELS: Record<ServiceMethod, string> = {
  direct: '直接送达',
  left_at_premises: '留置送达',
  mail: '邮寄送达',
  entrusted: '委托送达',
  electronic: '电子送达(当事人同意)',
  public_notice: '公告送达',
};

/** 证据种类 (Administrative Litigation Law art. 33). */
export const EVIDENCE_TYPES = ['documentary', 'physical', 'audiovisual', 'electronic', 'witness', 'party_statement', 'expert_opinion', 'inspection_record'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export const EVIDENCE_TYPE_LABELS: Record<EvidenceType, string> = {
  documentary: '书证',
  physical: '物证',
  audiovisual: '视听资料',
  electronic: '电子数据',
  witness: '证人证言',
  party_statement: '当事人的陈述',
  expert_opinion: '鉴定意见',
  inspection_record: '勘验笔录、现场笔录',
};

/** 先行登记保存的处理 What becomes of goods registered and preserved (art. 56), decided within 7 working days. */
export const PRESERVATION_OUTCOMES = ['returned', 'seized', 'confiscation_proposed', 'transferred', 'tested'] as const;
export type PreservationOutcome = (typeof PRESERVATION_OUTCOMES)[number];
export const PRESERVATION_OUTCOME_LABELS: Record<PreservationOutcome, string> = {
  returned: '解除先行登记保存,退还',
  seized: '依法采取查封、扣押',
  confiscation_proposed: '拟予没收',
  transferred: '移送有关部门',
  tested: '送检测、检验、鉴定',
};

/** 执法文书 The printed documents of a case, each numbered per team and year. */
export const CASE_DOCUMENT_KINDS = ['filing_approval', 'preservation_notice', 'prior_notice', 'hearing_notice', 'decision', 'service_receipt', 'closing_report', 'on_the_spot_decision'] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];
export const CASE_DOCUMENT_LABELS: Record<CaseDocumentKind, string> = {
  filing_approval: '立案审批表',
  preservation_notice: '先行登记保存通知书',
  prior_notice: '行政处罚事先告知书',
  hearing_notice: '听证通知书',
  decision: '行政处罚决定书',
  service_receipt: '送达回证',
  closing_report: '结案报告',
  on_the_spot_decision: '当场行政处罚决定书',
};
/** The short mark in a document's number (e.g. 浏河综执罚决〔2026〕3号). */
export const CASE_DOCUMENT_MARKS: Record<CaseDocumentKind, string> = {
  filing_approval: '立',
  preservation_notice: '登存',
  prior_notice: '罚告',
  hearing_notice: '听通',
  decision: '罚决',
  service_receipt: '送',
  closing_report: '结',
  on_the_spot_decision: '当罚',
};
