/**
 * 简易程序(当场处罚), Penalty Law arts. 51–53, 68–71: facts certain and legally based, a warning or a
 * fine of at most 200 yuan on a citizen / 3,000 yuan on an organisation; collection on the spot only
 * for at most 100 yuan, or, with a recorded reason, where paying later is hard (art. 68(2)–(3), 69).
 * Amounts in fen (分).
 */
export const PARTY_KINDS = ['person', 'organisation'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const SIMPLIFIED_FINE_LIMIT_FEN: Record<PartyKind, number> = { person: 200_00, organisation: 3_000_00 };
export const ON_THE_SPOT_COLLECTION_LIMIT_FEN = 100_00;

export const SIMPLIFIED_PENALTY_KINDS = ['warning', 'fine'] as const;
export type SimplifiedPenaltyKind = (typeof SIMPLIFIED_PENALTY_KINDS)[number];

export interface SimplifiedPenalty {
  partyKind: PartyKind;
  kind: SimplifiedPenaltyKind;
  /** The fine in fen; 0 (or absent) for a warning. */
  fineFen?: number;
  /** Whether the fine is collected on the spot. */
  collectOnTheSpot?: boolean;
  /** Why paying later is hard (remote place, party about to leave …): allows collection above 100 yuan. */
  collectionReason?: string;
}

export type SimplifiedProblem =
  | { code: 'SIMPLIFIED_FINE_LIMIT_EXCEEDED'; detail: string }
  | { code: 'ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED'; detail: string }
  | { code: 'VALIDATION_FAILED'; detail: string };

const yuan = (fen: number): string => (fen / 100).toFixed(2).replace(/\.00$/, '');

/** The first limit the on-the-spot penalty breaks, or undefined when the simplified procedure applies. */
export function simplifiedProcedureProblem(penalty: SimplifiedPenalty): SimplifiedProblem | undefined {
  const fine = penalty.fineFen ?? 0;
  if (!Number.isInteger(fine) || fine < 0) return { code: 'VALIDATION_FAILED', detail: 'a fine is a whole number of fen ≥ 0' };
  if (penalty.kind === 'warning') {
    if (fine !== 0 || penalty.collectOnTheSpot) return { code: 'VALIDATION_FAILED', detail: 'a warning carries no fine' };
    return undefined;
  }
  if (fine === 0) return { code: 'VALIDATION_FAILED', detail: 'a fine needs its amount' };
  const limit = SIMPLIFIED_FINE_LIMIT_FEN[penalty.partyKind];
  if (fine > limit) {
    return {
      code: 'SIMPLIFIED_FINE_LIMIT_EXCEEDED',
      detail: `当场处罚对${penalty.partyKind === 'person' ? '公民' : '法人或其他组织'}罚款不得超过${yuan(limit)}元 An on-the-spot fine on ${penalty.partyKind === 'person' ? 'a citizen' : 'an organisation'} is at most ${yuan(limit)} yuan (Penalty Law art. 51), got ${yuan(fine)}`,
    };
  }
  const reasoned = typeof penalty.collectionReason === 'string' && penalty.collectionReason.trim() !== '';
  if (penalty.collectOnTheSpot && fine > ON_THE_SPOT_COLLECTION_LIMIT_FEN && !reasoned) {
    return {
      code: 'ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED',
      detail: `当场收缴罚款不得超过${yuan(ON_THE_SPOT_COLLECTION_LIMIT_FEN)}元(确有困难并记录理由的除外) On-the-spot collection is at most ${yuan(ON_THE_SPOT_COLLECTION_LIMIT_FEN)} yuan unless paying later is hard and the reason is recorded (Penalty Law arts. 68, 69), got ${yuan(fine)}`,
    };
  }
  return undefined;
}
