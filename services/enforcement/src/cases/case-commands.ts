import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CASE_STATE_LABELS,
  DECISION_CLOCK_STATES,
  countyOf,
  decideCaseStep,
  type Actor,
  type CaseAction,
  type CaseFacts,
  type CaseState,
  type CaseStepCommand,
  type CaseView,
  type ClueSource,
  type ListCasesQuery,
  type Page,
  type RegisterClueRequest,
} from '@yiti/contracts';
import { AuthorityClient, CalendarSource } from '@yiti/authority-client';
import { DomainException, PersonalDataProtector, addDays, UnitOfWork, assertRole, assertWithin, jurisdictionPattern, maskIdNumber, maskPhone, todayInShanghai, visibleOr404, type IsoDate, type Staging } from '@yiti/platform';
import { readSqlPage } from '@yiti/platform';
import { assertCertified } from '../officers/certification';
import { READERS } from '../penalties/on-the-spot-penalties';
import { checkLimitation, decisionDueDate } from './case-clock';

interface CaseRow {
  id: string;
  case_no: string | null;
  county_code: string;
  town_code: string;
  status: CaseState;
  source: ClueSource;
  source_ref: string | null;
  summary: string;
  item_id: string | null;
  item_code: string | null;
  item_name: string | null;
  violation_on: string | null;
  safety_concerned: boolean;
  party_kind: 'person' | 'organisation' | null;
  party_name: string | null;
  party_id_masked: string | null;
  party_phone_masked: string | null;
  officer_ids: string[];
  registered_on: string;
  filed_on: string | null;
  decision_due_on: string | null;
  transferred_to: string | null;
  reasons: string | null;
}

const VIEW_COLUMNS = `id, case_no, county_code, town_code, status, source, source_ref, summary, item_id, item_code, item_name, violation_on::text AS violation_on, safety_concerned,
  party_kind, party_name, party_id_masked, party_phone_masked, officer_ids::text[] AS officer_ids, registered_on::text AS registered_on, filed_on::text AS filed_on,
  decision_due_on::text AS decision_due_on, transferred_to, reasons`;

/** The columns a step may change. */
type CasePatch = Partial<Pick<CaseRow, 'case_no' | 'status' | 'item_id' | 'item_code' | 'item_name' | 'violation_on' | 'safety_concerned' | 'officer_ids' | 'filed_on' | 'decision_due_on' | 'transferred_to' | 'reasons'>>;

function toView(row: CaseRow, today: IsoDate = todayInShanghai()): CaseView {
  return {
    id: row.id,
    caseNo: row.case_no,
    townCode: row.town_code,
    status: row.status,
    statusLabel: CASE_STATE_LABELS[row.status],
    source: row.source,
    sourceRef: row.source_ref,
    summary: row.summary,
    itemId: row.item_id,
    itemCode: row.item_code,
    itemName: row.item_name,
    violationOn: row.violation_on,
    safetyConcerned: row.safety_concerned,
    party: row.party_kind ? { kind: row.party_kind, name: row.party_name ?? '', idNumber: row.party_id_masked ?? '', phone: row.party_phone_masked ?? '' } : null,
    officerIds: row.officer_ids,
    registeredOn: row.registered_on,
    filedOn: row.filed_on,
    decisionDueOn: row.decision_due_on,
    overdue: row.decision_due_on !== null && row.decision_due_on < today && DECISION_CLOCK_STATES.includes(row.status),
    transferredTo: row.transferred_to,
    reasons: row.reasons,
  };
}

const caseNumber = (townCode: string, today: IsoDate, value: string) => `立案${townCode}-${today.slice(0, 4)}-${value.padStart(6, '0')}`;

/**
 * Clues and the filing phase of a penalty case (线索登记、核查、立案、移送). Every step is planned by
 * the lifecycle table and the authority registry (held powers, certifications) before anything is
 * written; the write is one conditional update on the state it was planned from, with its audit entry.
 */
@Injectable()
export class CaseCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
    private readonly calendars: CalendarSource,
    private readonly personalData: PersonalDataProtector,
  ) {}

  async register(actor: Actor, request: RegisterClueRequest): Promise<CaseView> {
    const id = await this.uow.writeOnce(async (w) => this.stageClue(w, await this.prepareClue(actor, request)));
    return this.get(actor, id);
  }

  /** A clue's row, checked (role, jurisdiction, penalty item) and with the party's personal data protected; nothing written. */
  async prepareClue(actor: Actor, request: RegisterClueRequest): Promise<Record<string, unknown>> {
    assertRole(actor, ['enforcement_officer'], '线索登记 Registering a clue');
    assertWithin(actor, request.townCode);
    const item = request.itemId ? await this.penaltyItem(request.itemId) : null;
    const party = request.party;
    return {
      id: randomUUID(),
      county_code: countyOf(request.townCode) ?? request.townCode,
      town_code: request.townCode,
      status: 'clue_registered',
      source: request.source,
      source_ref: request.sourceRef ?? null,
      summary: request.summary.trim(),
      item_id: item?.id ?? null,
      item_code: item?.basicCode ?? null,
      item_name: item?.name ?? null,
      violation_on: request.violationOn ?? null,
      safety_concerned: Boolean(request.safetyConcerned),
      party_kind: party?.kind ?? null,
      party_name: party?.name.trim() ?? null,
      party_id_cipher: party ? this.personalData.encrypt(party.idNumber) : null,
      party_id_hash: party ? this.personalData.searchHash(party.idNumber) : null,
      party_id_masked: party ? maskIdNumber(party.idNumber) : null,
      party_phone_cipher: party ? this.personalData.encrypt(party.phone) : null,
      party_phone_masked: party ? maskPhone(party.phone) : null,
      registered_on: todayInShanghai(),
      created_by: actor.userId,
    };
  }

  /** Stages the clue's row and its audit entry; returns its id. */
  stageClue(w: Staging, row: Record<string, unknown>): string {
    const columns = Object.keys(row);
    const id = row.id as string;
    w.stage({ table: 'enforcement.penalty_case', columns, rows: [columns.map((c) => row[c])] });
    w.audit({
      countyCode: row.county_code as string,
      jurisdictionCode: row.town_code as string,
      action: 'case.register_clue',
      resourceType: 'penalty_case',
      resourceId: id,
      after: { source: row.source, sourceRef: row.source_ref, itemCode: row.item_code, party: row.party_id_masked },
    });
    return id;
  }

  async step(actor: Actor, command: CaseStepCommand): Promise<CaseView> {
    const row = await this.findVisible(actor, command.id);
    assertWithin(actor, row.town_code);
    const { action, facts, patch } = await this.plan(actor, row, command);
    await this.uow.run(async (tx) => {
      const sets = Object.keys(patch).map((column, i) => `${column} = $${i + 3}`);
      // A SELECT over the update: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
      const updated: unknown[] = await tx.em.query(
        `WITH stepped AS (UPDATE enforcement.penalty_case SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND status = $2 RETURNING id) SELECT id FROM stepped`,
        [row.id, row.status, ...Object.values(patch)],
      );
      if (updated.length === 0) throw new DomainException('INVALID_TRANSITION', `案件状态已变化,请刷新 The case changed meanwhile (${row.status} → ?)`);
      tx.audit({
        countyCode: row.county_code,
        jurisdictionCode: row.town_code,
        action: `case.${action}`,
        resourceType: 'penalty_case',
        resourceId: row.id,
        before: { status: row.status },
        after: { ...patch, reasons: facts.reasons ?? null },
      });
    });
    return this.get(actor, row.id);
  }

  async get(actor: Actor, id: string): Promise<CaseView> {
    return toView(await this.findVisible(actor, id));
  }

  async list(actor: Actor, query: ListCasesQuery): Promise<Page<CaseView>> {
    assertRole(actor, READERS, '查阅案件 Reading cases');
    const params: unknown[] = [jurisdictionPattern(actor)];
    const where = ['town_code LIKE $1'];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    const today = todayInShanghai();
    if (query.dueWithinDays !== undefined) {
      where.push(`status = ANY($${params.push(DECISION_CLOCK_STATES)}::text[])`, `decision_due_on <= $${params.push(addDays(today, query.dueWithinDays))}::date`);
    }
    const order = query.dueWithinDays !== undefined ? 'decision_due_on, id' : 'created_at DESC, id';
    const { items, ...counted } = await readSqlPage<CaseRow>(this.dataSource, { columns: VIEW_COLUMNS, from: 'enforcement.penalty_case', where: where.join(' AND '), order }, params, query);
    return { items: items.map((row) => toView(row, today)), ...counted };
  }

  /**
   * What the step does: the lifecycle's answer for the role and state; for 核查拟立案 and 立案 also the
   * limitation period (art. 36), the town's power on the violation date (a power the county exercises
   * turns the step into a transfer to the department the catalog names) and, at filing, each
   * officer's certification.
   */
  private async plan(actor: Actor, row: CaseRow, command: CaseStepCommand): Promise<{ action: CaseAction; facts: CaseFacts; patch: CasePatch }> {
    const officerIds = command.officerIds ?? row.officer_ids;
    const facts: CaseFacts = { reasons: command.reasons, transferTo: command.transferTo, officerIds, actorId: actor.userId };
    const decide = (action: CaseAction) => {
      const decision = decideCaseStep(row.status, action, actor.roles, facts);
      if (!decision.ok) throw new DomainException(decision.code, decision.detail);
      return decision.to;
    };
    const to = decide(command.action);
    if (command.action !== 'propose_filing' && command.action !== 'file') {
      return { action: command.action, facts, patch: { status: to, reasons: command.reasons ?? null, ...(command.action === 'transfer' ? { transferred_to: command.transferTo ?? null } : {}) } };
    }
    const itemId = command.itemId ?? row.item_id;
    const violationOn = command.violationOn ?? row.violation_on;
    const safetyConcerned = command.safetyConcerned ?? row.safety_concerned;
    if (!itemId || !violationOn) throw new DomainException('VALIDATION_FAILED', '立案须确定处罚事项和违法行为日期 Filing needs the penalty item and the violation date', [{ field: itemId ? 'violationOn' : 'itemId', messages: ['required for filing'] }]);
    const limitation = checkLimitation(violationOn, row.registered_on, safetyConcerned);
    if (!limitation.withinLimitation) {
      throw new DomainException(
        'LIMITATION_PERIOD_EXPIRED',
        `违法行为发生于${violationOn},${row.registered_on}发现,已超过${limitation.years}年追责时效(${limitation.limitationEnds}届满),不再给予行政处罚 The violation of ${violationOn} was discovered on ${row.registered_on}, after the ${limitation.years}-year limitation period ended on ${limitation.limitationEnds} (Penalty Law art. 36)`,
      );
    }
    const item = await this.penaltyItem(itemId);
    const itemPatch: CasePatch = { item_id: item.id, item_code: item.basicCode, item_name: item.name, violation_on: violationOn, safety_concerned: safetyConcerned, officer_ids: [...officerIds] };
    const mode = await this.authority.powerMode(row.town_code, item.id, violationOn);
    if (!mode.townMayExercise) {
      // 赋权: on the violation date the county exercised the power; the clue goes to its department.
      facts.transferTo = mode.department || item.department;
      facts.reasons = `违法行为发生之日(${violationOn})本镇未持有「${item.name}」(${item.basicCode}),移送${facts.transferTo} The town did not hold ${item.basicCode} on ${violationOn}: transferred to the county department`;
      const transferred = decide('transfer');
      return { action: 'transfer', facts, patch: { ...itemPatch, status: transferred, transferred_to: facts.transferTo, reasons: facts.reasons } };
    }
    const today = todayInShanghai();
    if (officerIds.length > 0) await assertCertified(this.authority, officerIds, item.id, today);
    if (command.action === 'propose_filing') return { action: 'propose_filing', facts, patch: { ...itemPatch, status: to } };
    const [{ value }]: { value: string }[] = await this.dataSource.query(`SELECT nextval('enforcement.case_no_seq')::text AS value`);
    return {
      action: 'file',
      facts,
      patch: { ...itemPatch, status: to, case_no: caseNumber(row.town_code, today, value), filed_on: today, decision_due_on: decisionDueDate(this.calendars.current(), today) },
    };
  }

  private async penaltyItem(itemId: string) {
    const item = await this.authority.item(itemId);
    if (item.kind !== 'penalty') throw new DomainException('VALIDATION_FAILED', `「${item.name}」(${item.basicCode})不是行政处罚事项 is not a penalty power`, [{ field: 'itemId', messages: ['not a penalty item'] }]);
    return item;
  }

  private async findVisible(actor: Actor, id: string): Promise<CaseRow> {
    assertRole(actor, READERS, '查阅案件 Reading cases');
    const rows: CaseRow[] = await this.dataSource.query(`SELECT ${VIEW_COLUMNS} FROM enforcement.penalty_case WHERE id = $1`, [id]);
    return visibleOr404(actor, rows[0], (r) => r.town_code, { code: 'CASE_NOT_FOUND', detail: `案件(线索) ${id} 不存在 Case ${id} not found` });
  }
}
