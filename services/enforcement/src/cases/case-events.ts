import type { CaseClosedEvent, PenaltyDecidedEvent } from '@yiti/contracts';
import type { FullCaseRow } from './case-commands';

/** 双向告知: the ordinary procedure's penalty decision, the party named only masked and by its keyed hash. */
export function penaltyDecidedEvent(row: FullCaseRow): PenaltyDecidedEvent {
  return {
    penaltyId: row.id,
    decisionNo: row.decision_no ?? '',
    procedure: 'ordinary',
    countyCode: row.county_code,
    townCode: row.town_code,
    itemId: row.item_id ?? '',
    itemCode: row.item_code ?? '',
    partyKind: row.party_kind ?? 'person',
    partyName: row.party_name ?? '',
    partyIdNumberMasked: row.party_id_masked ?? '',
    partyIdNumberHash: row.party_id_hash ?? '',
    penaltyKinds: [...(row.penalty?.kinds ?? [])],
    fineFen: Number(row.fine_fen ?? 0),
    decidedOn: row.decided_on ?? '',
  };
}

/** 结案 */
export function caseClosedEvent(row: FullCaseRow): CaseClosedEvent {
  return { caseId: row.id, caseNo: row.case_no ?? '', countyCode: row.county_code, townCode: row.town_code, partyIdNumberHash: row.party_id_hash, closedOn: row.closed_on ?? '' };
}
