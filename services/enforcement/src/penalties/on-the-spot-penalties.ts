import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ENFORCEMENT_EVENTS,
  countyOf,
  simplifiedProcedureProblem,
  type Actor,
  type OnTheSpotPenaltyRequest,
  type OnTheSpotPenaltyView,
  type PenaltyDecidedEvent,
} from '@yiti/contracts';
import { AuthorityClient } from '@yiti/authority-client';
import { DomainException, PersonalDataProtector, UnitOfWork, assertRole, assertWithin, maskIdNumber, maskPhone, todayInShanghai, visibleOr404, type IsoDate } from '@yiti/platform';
import { assertCertified } from '../officers/certification';

/** A row of enforcement.on_the_spot_penalty, as the queries read it. */
interface OnTheSpotRow {
  id: string;
  decision_no: string;
  county_code: string;
  town_code: string;
  item_code: string;
  item_name: string;
  party_kind: 'person' | 'organisation';
  party_name: string;
  party_id_masked: string;
  party_phone_masked: string;
  facts: string;
  legal_basis: string;
  place: string;
  kind: 'warning' | 'fine';
  fine_fen: string;
  collected_on_the_spot: boolean;
  collection_reason: string | null;
  decided_on: string;
  officer_id: string;
}

const COLUMNS = [
  'id', 'decision_no', 'county_code', 'town_code', 'item_id', 'item_code', 'item_name', 'party_kind', 'party_name', 'party_id_cipher', 'party_id_hash', 'party_id_masked',
  'party_phone_cipher', 'party_phone_masked', 'facts', 'legal_basis', 'place', 'kind', 'fine_fen', 'collected_on_the_spot', 'collection_reason', 'decided_on', 'officer_id',
];

/** What a view shows (never the ciphers); the date as text, as the API gives dates. */
const VIEW_COLUMNS = `id, decision_no, county_code, town_code, item_code, item_name, party_kind, party_name, party_id_masked, party_phone_masked, facts, legal_basis, place, kind,
  fine_fen::text AS fine_fen, collected_on_the_spot, collection_reason, decided_on::text AS decided_on, officer_id`;

const yuanToFen = (yuan: number | undefined): number => Math.round((yuan ?? 0) * 100);

function toView(row: OnTheSpotRow): OnTheSpotPenaltyView {
  return {
    id: row.id,
    decisionNo: row.decision_no,
    townCode: row.town_code,
    itemCode: row.item_code,
    itemName: row.item_name,
    party: { kind: row.party_kind, name: row.party_name, idNumber: row.party_id_masked, phone: row.party_phone_masked },
    facts: row.facts,
    legalBasis: row.legal_basis,
    place: row.place,
    kind: row.kind,
    fineYuan: Number(row.fine_fen) / 100,
    collectedOnTheSpot: row.collected_on_the_spot,
    collectionReason: row.collection_reason,
    decidedOn: row.decided_on,
    officerId: row.officer_id,
  };
}

/** 当场处罚决定书编号: per town and year, e.g. 当罚320585102-2026-00000001. */
const decisionNumber = (townCode: string, today: IsoDate, value: string) => `当罚${townCode}-${today.slice(0, 4)}-${value.padStart(8, '0')}`;

/**
 * 简易程序 (当场处罚, Penalty Law arts. 51–53, 68–71): a certified officer of the town's team decides
 * a warning or a small fine on the spot, for a penalty item the town holds that day. A penalty beyond
 * the limits is refused with the limit's code before anything is read or written.
 */
@Injectable()
export class OnTheSpotPenalties {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
    private readonly personalData: PersonalDataProtector,
  ) {}

  async decide(actor: Actor, request: OnTheSpotPenaltyRequest): Promise<OnTheSpotPenaltyView> {
    assertRole(actor, ['enforcement_officer'], '当场处罚 An on-the-spot penalty');
    assertWithin(actor, request.townCode);
    const fineFen = yuanToFen(request.fineYuan);
    const problem = simplifiedProcedureProblem({ partyKind: request.party.kind, kind: request.kind, fineFen, collectOnTheSpot: request.collectOnTheSpot, collectionReason: request.collectionReason });
    if (problem) throw new DomainException(problem.code, problem.detail, [{ field: problem.code === 'ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED' ? 'collectOnTheSpot' : 'fineYuan', messages: [problem.detail] }]);
    const today = todayInShanghai();
    const [town, item] = await Promise.all([this.authority.town(request.townCode), this.authority.item(request.itemId)]);
    if (item.kind !== 'penalty') throw new DomainException('VALIDATION_FAILED', `「${item.name}」(${item.basicCode})不是行政处罚事项 is not a penalty power`, [{ field: 'itemId', messages: ['not a penalty item'] }]);
    await this.authority.assertHeld(town, { id: item.id, name: item.name, code: item.basicCode }, today);
    await assertCertified(this.authority, [actor.userId], item.id, today);
    const [{ value }]: { value: string }[] = await this.dataSource.query(`SELECT nextval('enforcement.on_the_spot_no_seq')::text AS value`);
    const party = request.party;
    const id = randomUUID();
    const countyCode = countyOf(request.townCode) ?? request.townCode;
    const row = {
      id,
      decision_no: decisionNumber(request.townCode, today, value),
      county_code: countyCode,
      town_code: request.townCode,
      item_id: item.id,
      item_code: item.basicCode,
      item_name: item.name,
      party_kind: party.kind,
      party_name: party.name.trim(),
      party_id_cipher: this.personalData.encrypt(party.idNumber),
      party_id_hash: this.personalData.searchHash(party.idNumber),
      party_id_masked: maskIdNumber(party.idNumber),
      party_phone_cipher: this.personalData.encrypt(party.phone),
      party_phone_masked: maskPhone(party.phone),
      facts: request.facts.trim(),
      legal_basis: request.legalBasis.trim(),
      place: request.place.trim(),
      kind: request.kind,
      fine_fen: fineFen,
      collected_on_the_spot: Boolean(request.collectOnTheSpot),
      collection_reason: request.collectionReason?.trim() ?? null,
      decided_on: today,
      officer_id: actor.userId,
    };
    const view = toView({ ...row, fine_fen: String(fineFen) });
    return this.uow.writeOnce(async (w) => {
      w.stage({ table: 'enforcement.on_the_spot_penalty', columns: COLUMNS, rows: [COLUMNS.map((c) => row[c as keyof typeof row])] });
      w.audit({ countyCode, jurisdictionCode: request.townCode, action: 'penalty.on_the_spot.decide', resourceType: 'on_the_spot_penalty', resourceId: id, after: { ...view, party: { kind: party.kind, name: view.party.name, idNumber: view.party.idNumber } } });
      const event: PenaltyDecidedEvent = {
        penaltyId: id,
        decisionNo: row.decision_no,
        procedure: 'simplified',
        countyCode,
        townCode: request.townCode,
        itemId: item.id,
        itemCode: item.basicCode,
        partyKind: party.kind,
        partyName: row.party_name,
        partyIdNumberMasked: row.party_id_masked,
        partyIdNumberHash: row.party_id_hash,
        penaltyKinds: [request.kind],
        fineFen,
        decidedOn: today,
      };
      w.emit(ENFORCEMENT_EVENTS.penaltyDecided, event, countyCode);
      return view;
    });
  }

  async get(actor: Actor, id: string): Promise<OnTheSpotPenaltyView> {
    assertRole(actor, READERS, '查阅当场处罚 Reading on-the-spot penalties');
    const rows: OnTheSpotRow[] = await this.dataSource.query(`SELECT ${VIEW_COLUMNS} FROM enforcement.on_the_spot_penalty WHERE id = $1`, [id]);
    const row = visibleOr404(actor, rows[0], (r) => r.town_code, { code: 'CASE_NOT_FOUND', detail: `当场处罚 ${id} 不存在 On-the-spot penalty ${id} not found` });
    return toView(row);
  }
}

/** Who reads enforcement records in their jurisdiction. */
export const READERS = ['enforcement_officer', 'leader', 'legal_reviewer', 'department_staff', 'county_admin', 'county_leader'] as const;
