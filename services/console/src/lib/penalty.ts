/**
 * The on-the-spot penalty's legal limits, enforced in the form as the API enforces them
 * (libs/contracts/src/enforcement/simplified-procedure.ts, which the API checks again):
 * 《行政处罚法》第五十一条 simplified procedure: a fine of at most 200 yuan on a citizen, 3,000 yuan on
 * an organisation; 第六十八条 collection on the spot at most 100 yuan, unless collecting later is hard.
 */
export const SIMPLIFIED_FINE_LIMIT_YUAN = { person: 200, organisation: 3000 } as const;
export const ON_THE_SPOT_COLLECTION_LIMIT_YUAN = 100;

export interface PenaltyDraft {
  partyKind: 'person' | 'organisation';
  kind: 'warning' | 'fine';
  fineYuan?: number;
  collectOnTheSpot: boolean;
  collectionReason?: string;
}

/** What the form says about the draft, by field; empty when the law allows it. */
export function penaltyProblems(draft: PenaltyDraft): Partial<Record<'fineYuan' | 'collectionReason', string>> {
  const problems: Partial<Record<'fineYuan' | 'collectionReason', string>> = {};
  if (draft.kind !== 'fine') return problems;
  const limit = SIMPLIFIED_FINE_LIMIT_YUAN[draft.partyKind];
  const fine = draft.fineYuan ?? 0;
  if (!(fine > 0)) problems.fineYuan = '请填写罚款金额';
  else if (Math.round(fine * 100) > limit * 100) problems.fineYuan = `简易程序罚款不得超过 ${limit} 元(《行政处罚法》第五十一条)`;
  if (draft.collectOnTheSpot && fine > ON_THE_SPOT_COLLECTION_LIMIT_YUAN && !draft.collectionReason?.trim()) {
    problems.collectionReason = `当场收缴超过 ${ON_THE_SPOT_COLLECTION_LIMIT_YUAN} 元须说明事后难以执行的理由(《行政处罚法》第六十八条)`;
  }
  return problems;
}

/** The form's field for a field the API names in a refusal (party.name → partyName; collectOnTheSpot → the reason). */
export function penaltyFormField(apiField: string, code: string): string | undefined {
  const map: Record<string, string> = {
    fineYuan: 'fineYuan',
    collectOnTheSpot: 'collectionReason',
    collectionReason: 'collectionReason',
    itemId: 'itemId',
    place: 'place',
    facts: 'facts',
    legalBasis: 'legalBasis',
    'party.name': 'partyName',
    'party.idNumber': 'partyIdNumber',
    'party.phone': 'partyPhone',
  };
  if (code === 'ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED') return 'collectionReason';
  return map[apiField];
}
