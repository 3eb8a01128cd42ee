import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CASE_STATE_LABELS,
  ENFORCEMENT_EVENTS,
  type CaseDocumentKind,
  type CaseProcedureView,
  type PenaltyTerms,
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
import { SameTurnBatch, preparedQuery, readSqlPage, type PendingCall } from '@yiti/platform';
import { assertCertified } from '../officers/certification';
import { READERS } from '../penalties/on-the-spot-penalties';
import { checkLimitation, decisionDueDate, lateFeeFen } from './case-clock';
import { DocumentNumbers, issueCaseDocuments, peopleNames } from './case-documents';
import { caseClosedEvent, penaltyDecidedEvent } from './case-events';
import { legalReviewMandatory, planProcedureStep, type ProcedureContext, type ProcedurePlan, type ProcedureRow } from './case-procedure-plan';
import { hearingThresholds } from './hearing-thresholds';

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

/** A case row with what the ordinary procedure has recorded. */
export interface FullCaseRow extends CaseRow, Omit<ProcedureRow, keyof CaseRow> {
  party_id_hash: string | null;
  facts: string | null;
  legal_basis: string | null;
  notified_on: string | null;
  presiding_officer_id: string | null;
  hearing_place: string | null;
  hearing_waived: boolean | null;
  legal_reviewer_id: string | null;
  decision_kind: string | null;
  penalty: PenaltyTerms | null;
  penalty_in_band: boolean | null;
  no_penalty_ground: string | null;
  decision_no: string | null;
  decided_on: string | null;
  service_due_on: string | null;
  served_on: string | null;
  service_method: string | null;
  recipient: string | null;
  paid_fen: string | null;
  late_fee_fen: string | null;
  paid_on: string | null;
  closing_report: string | null;
  closed_on: string | null;
}

const VIEW_COLUMNS = `id, case_no, county_code, town_code, status, source, source_ref, summary, item_id, item_code, item_name, violation_on::text AS violation_on, safety_concerned,
  party_kind, party_name, party_id_masked, party_phone_masked, officer_ids::text[] AS officer_ids, registered_on::text AS registered_on, filed_on::text AS filed_on,
  decision_due_on::text AS decision_due_on, transferred_to, reasons, party_id_hash, major, complex, facts, legal_basis, proposed_penalty, hearing_qualifies,
  notified_on::text AS notified_on, statements_due_on::text AS statements_due_on, hearing_request_due_on::text AS hearing_request_due_on, hearing_on::text AS hearing_on,
  presiding_officer_id, hearing_place, hearing_held, hearing_waived, legal_reviewer_id, decision_kind, penalty, penalty_in_band, no_penalty_ground, fine_fen::text AS fine_fen, decision_no,
  decided_on::text AS decided_on, extensions, service_due_on::text AS service_due_on, served_on::text AS served_on, service_method, recipient, payment_due_on::text AS payment_due_on,
  paid_fen::text AS paid_fen, late_fee_fen::text AS late_fee_fen, paid_on::text AS paid_on, closing_report, closed_on::text AS closed_on`;

/** Each column of VIEW_COLUMNS by name, as it is selected (dates and numbers as text). */
const VIEW_SELECTS = new Map(VIEW_COLUMNS.split(',').map((select) => [select.trim().split(/::| /)[0] as string, select.trim()]));

/**
 * A case as read for a step, with its row version (`xmin`): the step's write is conditional on it,
 * so the case after the step is exactly the case as read with the step's changes.
 */
export interface VersionedCaseRow extends FullCaseRow {
  row_version: string;
}

/** The cases of the reads ready in the same event-loop turn, in one statement. */
const READ_CASES_SQL = `SELECT ${VIEW_COLUMNS}, xmin::text AS row_version FROM enforcement.penalty_case WHERE id = ANY($1::uuid[])`;

/** The columns a step may change. */
type CasePatch = Partial<Pick<CaseRow, 'case_no' | 'status' | 'item_id' | 'item_code' | 'item_name' | 'violation_on' | 'safety_concerned' | 'officer_ids' | 'filed_on' | 'decision_due_on' | 'transferred_to' | 'reasons'>> & Record<string, unknown>;

/** What the view reads of the case's penalty item (the same the procedure's rules read). */
type ViewItem = ProcedureContext['item'];

function toView(row: FullCaseRow, item: ViewItem, today: IsoDate = todayInShanghai()): CaseView {
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
    procedure: row.filed_on ? procedureView(row, item, today) : null,
  };
}

const yuan = (value: string | number | null) => (value === null ? null : Number(value) / 100);

function procedureView(row: FullCaseRow, item: ViewItem, today: IsoDate): CaseProcedureView {
  const fineFen = Number(row.fine_fen ?? 0);
  const lateFee = row.paid_on ? Number(row.late_fee_fen ?? 0) : fineFen > 0 && row.payment_due_on ? lateFeeFen(fineFen, row.payment_due_on, today) : null;
  return {
    major: row.major,
    complex: row.complex,
    // The rule the decision step applies (art. 58), item included.
    legalReviewMandatory: legalReviewMandatory(row, item),
    proposedPenalty: row.proposed_penalty ? { ...row.proposed_penalty, kinds: [...row.proposed_penalty.kinds] } : null,
    hearingQualifies: row.hearing_qualifies,
    notifiedOn: row.notified_on,
    statementsDueOn: row.statements_due_on,
    hearingRequestDueOn: row.hearing_request_due_on,
    hearingOn: row.hearing_on,
    presidingOfficerId: row.presiding_officer_id,
    hearingWaived: row.hearing_waived,
    legalReviewerId: row.legal_reviewer_id,
    decisionKind: row.decision_kind,
    penalty: row.penalty ? { ...row.penalty, kinds: [...row.penalty.kinds] } : null,
    penaltyInBand: row.penalty_in_band,
    decisionNo: row.decision_no,
    decidedOn: row.decided_on,
    extensions: row.extensions,
    serviceDueOn: row.service_due_on,
    servedOn: row.served_on,
    serviceMethod: row.service_method,
    paymentDueOn: row.payment_due_on,
    lateFeeYuan: yuan(lateFee),
    paidYuan: yuan(row.paid_fen),
    paidOn: row.paid_on,
    closedOn: row.closed_on,
  };
}

/** The filing-phase steps planned here; the later ones by planProcedureStep. */
const FILING_STEPS: readonly CaseAction[] = ['propose_filing', 'decline', 'transfer', 'file', 'refuse_filing'];

interface StepPlan {
  action: CaseAction;
  facts: CaseFacts;
  patch: CasePatch;
  documents: CaseDocumentKind[];
  events: ProcedurePlan['events'];
  /** 立案: the case number is drawn with the documents' numbers. */
  caseNumber?: boolean;
}

/** The patch as the row reads it back (jsonb columns are staged as JSON text). */
function parsedPatch(patch: CasePatch): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) parsed[key] = JSON_COLUMNS.has(key) && typeof value === 'string' ? JSON.parse(value) : value;
  return parsed;
}
const JSON_COLUMNS = new Set(['proposed_penalty', 'penalty', 'instalments']);

const caseNumber = (townCode: string, today: IsoDate, value: string) => `立案${townCode}-${today.slice(0, 4)}-${value.padStart(6, '0')}`;

/**
 * Clues and the filing phase of a penalty case (线索登记、核查、立案、移送). Every step is planned by
 * the lifecycle table and the authority registry (held powers, certifications) before anything is
 * written; the write is one conditional update on the state it was planned from, with its audit entry.
 */
@Injectable()
export class CaseCommands {
  private readonly reads = new SameTurnBatch<string, VersionedCaseRow | undefined>((calls) => void this.readCases(calls));

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
    private readonly calendars: CalendarSource,
    private readonly personalData: PersonalDataProtector,
    private readonly numbers: DocumentNumbers,
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

  /**
   * One step of the lifecycle: planned from the case as read (rules, identity's answers), its
   * numbers drawn, then written in one autocommitted statement — the update conditional on the
   * state it was planned from, with its numbered documents, audit entry and events, all or nothing
   * — which answers the case as it now stands.
   */
  async step(actor: Actor, command: CaseStepCommand): Promise<CaseView> {
    const row = await this.findVisible(actor, command.id);
    assertWithin(actor, row.town_code);
    const { action, facts, patch: planned, documents, events, caseNumber: numberCase } = await this.plan(actor, row, command);
    const today = todayInShanghai();
    // The case after the step; its numbers are added once drawn.
    const after = { ...row, ...parsedPatch(planned) } as FullCaseRow;
    // The documents name people by their names, as they stand when the document is issued (the numbers do not change who).
    const [drawn, names] = await Promise.all([
      this.numbers.draw({ townCode: row.town_code, kinds: documents, today, caseNumber: numberCase }),
      documents.length > 0 ? peopleNames(this.authority, after) : Promise.resolve(new Map<string, string>()),
    ]);
    const decisionNo = drawn.documents.find((d) => d.kind === 'decision')?.number;
    const numbers = { ...(drawn.caseSequence ? { case_no: caseNumber(row.town_code, today, drawn.caseSequence) } : {}), ...(decisionNo ? { decision_no: decisionNo } : {}) };
    Object.assign(after, numbers);
    const patch: CasePatch = { ...planned, ...numbers };
    const columns = Object.keys(patch);
    const sets = columns.map((column, i) => `${column} = $${i + 4}`);
    // Conditional on the row version read, so every column the step leaves is as read: only the changed ones are answered (as PostgreSQL stored them).
    const changed = columns.filter((column) => VIEW_SELECTS.has(column)).map((column) => VIEW_SELECTS.get(column));
    const [stepped] = await this.uow.writeIf<Partial<FullCaseRow>>(
      {
        sql: `UPDATE enforcement.penalty_case SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND status = $2 AND xmin = $3::xid RETURNING ${changed.length > 0 ? changed.join(', ') : 'id'}`,
        params: [row.id, row.status, row.row_version, ...Object.values(patch)],
      },
      (w) => {
        w.audit({
          countyCode: row.county_code,
          jurisdictionCode: row.town_code,
          action: `case.${action}`,
          resourceType: 'penalty_case',
          resourceId: row.id,
          before: { status: row.status },
          after: { ...patch, reasons: facts.reasons ?? null },
        });
        issueCaseDocuments(w, after, drawn.documents, today, names);
        for (const event of events) {
          if (event === 'penalty_decided') w.emit(ENFORCEMENT_EVENTS.penaltyDecided, penaltyDecidedEvent(after), row.county_code);
          else w.emit(ENFORCEMENT_EVENTS.caseClosed, caseClosedEvent(after), row.county_code);
        }
      },
      () => new DomainException('INVALID_TRANSITION', `案件状态已变化,请刷新 The case changed meanwhile (${row.status} → ?)`),
    );
    const now = Object.assign(after, stepped);
    return toView(now, (await this.viewItems([now])).get(now.item_id ?? '') ?? null, today);
  }

  async get(actor: Actor, id: string): Promise<CaseView> {
    const row = await this.findVisible(actor, id);
    return toView(row, (await this.viewItems([row])).get(row.item_id ?? '') ?? null);
  }

  /** The penalty items of filed cases (kept in memory by the authority client: a page asks each item once). */
  private async viewItems(rows: readonly FullCaseRow[]): Promise<Map<string, ViewItem>> {
    const ids = [...new Set(rows.filter((r) => r.filed_on && r.item_id).map((r) => r.item_id as string))];
    return new Map(await Promise.all(ids.map(async (id) => [id, await this.authority.item(id)] as const)));
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
    const { items, ...counted } = await readSqlPage<FullCaseRow>(this.dataSource, { columns: VIEW_COLUMNS, from: 'enforcement.penalty_case', where: where.join(' AND '), order }, params, query);
    const itemsById = await this.viewItems(items);
    return { items: items.map((row) => toView(row, itemsById.get(row.item_id ?? '') ?? null, today)), ...counted };
  }

  /**
   * What the step does: the lifecycle's answer for the role and state; for 核查拟立案 and 立案 also the
   * limitation period (art. 36), the town's power on the violation date (a power the county exercises
   * turns the step into a transfer to the department the catalog names) and, at filing, each
   * officer's certification.
   */
  private async plan(actor: Actor, row: FullCaseRow, command: CaseStepCommand): Promise<StepPlan> {
    if (!FILING_STEPS.includes(command.action)) {
      const [item, thresholds, priorPenalties] = await Promise.all([
        row.item_id ? this.authority.item(row.item_id) : Promise.resolve(null),
        hearingThresholds(this.dataSource, row.county_code),
        command.action === 'decide_no_penalty' && command.noPenaltyGround === 'first_violation' ? this.priorPenalties(row) : Promise.resolve(0),
      ]);
      const planned = planProcedureStep(row, command, { today: todayInShanghai(), calendar: this.calendars.current(), actorId: actor.userId, roles: actor.roles, item, thresholds, priorPenalties });
      return { action: command.action, facts: planned.facts, patch: planned.patch, documents: planned.documents, events: planned.events };
    }
    const plain = (p: { action: CaseAction; facts: CaseFacts; patch: CasePatch }, documents: CaseDocumentKind[] = []): StepPlan => ({ ...p, documents, events: [] });
    const officerIds = command.officerIds ?? row.officer_ids;
    const facts: CaseFacts = { reasons: command.reasons, transferTo: command.transferTo, officerIds, actorId: actor.userId };
    const decide = (action: CaseAction) => {
      const decision = decideCaseStep(row.status, action, actor.roles, facts);
      if (!decision.ok) throw new DomainException(decision.code, decision.detail);
      return decision.to;
    };
    const to = decide(command.action);
    if (command.action !== 'propose_filing' && command.action !== 'file') {
      return plain({ action: command.action, facts, patch: { status: to, reasons: command.reasons ?? null, ...(command.action === 'transfer' ? { transferred_to: command.transferTo ?? null } : {}) } });
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
    const today = todayInShanghai();
    // Both questions to identity at once; the certifications matter only when the town holds the power.
    const certified = officerIds.length > 0 ? assertCertified(this.authority, officerIds, item.id, today).then(() => null, (error: unknown) => error) : Promise.resolve(null);
    // The power on the violation date is a fact of the past: answered at the proposal for the same item
    // and date, it is not asked again at filing (the certifications are: they count on the filing day).
    const answeredAtProposal = command.action === 'file' && row.status === 'filing_proposed' && item.id === row.item_id && violationOn === row.violation_on;
    const mode = answeredAtProposal ? { townMayExercise: true, department: '' } : await this.authority.powerMode(row.town_code, item.id, violationOn);
    if (!mode.townMayExercise) {
      // 赋权: on the violation date the county exercised the power; the clue goes to its department.
      facts.transferTo = mode.department || item.department;
      facts.reasons = `违法行为发生之日(${violationOn})本镇未持有「${item.name}」(${item.basicCode}),移送${facts.transferTo} The town did not hold ${item.basicCode} on ${violationOn}: transferred to the county department`;
      const transferred = decide('transfer');
      return plain({ action: 'transfer', facts, patch: { ...itemPatch, status: transferred, transferred_to: facts.transferTo, reasons: facts.reasons } });
    }
    const refused = await certified;
    if (refused) throw refused;
    if (command.action === 'propose_filing') return plain({ action: 'propose_filing', facts, patch: { ...itemPatch, status: to } });
    const flags = { ...(command.major !== undefined ? { major: command.major } : {}), ...(command.complex !== undefined ? { complex: command.complex } : {}) };
    // The case number (立案<town>-<year>-<n>) is drawn with the 立案审批表's number, just before the write.
    return {
      ...plain({ action: 'file', facts, patch: { ...itemPatch, ...flags, status: to, filed_on: today, decision_due_on: decisionDueDate(this.calendars.current(), today) } }, ['filing_approval']),
      caseNumber: true,
    };
  }

  /** Penalties decided earlier on the same party for the same item, in either procedure (首违不罚). */
  private async priorPenalties(row: FullCaseRow): Promise<number> {
    if (!row.party_id_hash || !row.item_id) return 0;
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT ((SELECT count(*) FROM enforcement.penalty_case WHERE party_id_hash = $1 AND item_id = $2 AND decision_kind = 'penalty' AND id <> $3)
             + (SELECT count(*) FROM enforcement.on_the_spot_penalty WHERE party_id_hash = $1 AND item_id = $2))::int AS n`,
      [row.party_id_hash, row.item_id, row.id],
    );
    return n;
  }

  private async penaltyItem(itemId: string) {
    const item = await this.authority.item(itemId);
    if (item.kind !== 'penalty') throw new DomainException('VALIDATION_FAILED', `「${item.name}」(${item.basicCode})不是行政处罚事项 is not a penalty power`, [{ field: 'itemId', messages: ['not a penalty item'] }]);
    return item;
  }

  async findVisible(actor: Actor, id: string): Promise<VersionedCaseRow> {
    assertRole(actor, READERS, '查阅案件 Reading cases');
    const row = await this.reads.add(id.toLowerCase());
    return visibleOr404(actor, row, (r) => r.town_code, { code: 'CASE_NOT_FOUND', detail: `案件(线索) ${id} 不存在 Case ${id} not found` });
  }

  /** Reads the cases asked for in one event-loop turn in one statement; each caller gets a row of its own. */
  private async readCases(calls: PendingCall<string, VersionedCaseRow | undefined>[]): Promise<void> {
    try {
      const rows = await preparedQuery<VersionedCaseRow[]>(this.dataSource.manager, READ_CASES_SQL, [[...new Set(calls.map((call) => call.input))]]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const call of calls) {
        const row = byId.get(call.input);
        call.resolve(row && { ...row });
      }
    } catch (error) {
      for (const call of calls) call.reject(error);
    }
  }
}
