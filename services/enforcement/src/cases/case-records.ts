import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  EVIDENCE_TYPE_LABELS,
  type Actor,
  type CaseState,
  type CaseSubListQuery,
  type CaseView,
  type EvidenceCommand,
  type EvidenceView,
  type Page,
  type PreservationCommand,
  type PreservationDecisionCommand,
  type PreservationView,
  type RecusalCommand,
} from '@yiti/contracts';
import { AuthorityClient, CalendarSource } from '@yiti/authority-client';
import { DomainException, UnitOfWork, assertRole, assertWithin, readSqlPage, todayInShanghai } from '@yiti/platform';
import { assertCertified } from '../officers/certification';
import { PRESERVATION_DECISION_WORKING_DAYS } from './case-clock';
import { CaseCommands, type FullCaseRow } from './case-commands';
import { DocumentNumbers, issueCaseDocuments, peopleNames } from './case-documents';

/** The states in which the investigation may still add evidence, preserve goods or change its officers. */
const INVESTIGATION_STATES: readonly CaseState[] = ['investigating', 'statement_period', 'hearing_requested', 'hearing_noticed', 'pending_decision'];

const investigating = (row: FullCaseRow, what: string) => {
  if (!INVESTIGATION_STATES.includes(row.status)) throw new DomainException('INVALID_TRANSITION', `${what}:案件处于「${row.status}」,不在调查阶段 The case is ${row.status}, not under investigation`);
};

interface EvidenceRow {
  id: string;
  seq: number;
  type: EvidenceView['type'];
  description: string;
  collected_by: string;
  collected_at: Date;
  attachments: string[];
}

interface PreservationRow {
  id: string;
  goods: string;
  preserved_on: string;
  decision_due_on: string;
  outcome: PreservationView['outcome'];
  decided_on: string | null;
}

const evidenceView = (row: EvidenceRow): EvidenceView => ({
  id: row.id,
  seq: row.seq,
  type: row.type,
  typeLabel: EVIDENCE_TYPE_LABELS[row.type],
  description: row.description,
  collectedBy: row.collected_by,
  collectedAt: new Date(row.collected_at).toISOString(),
  attachments: row.attachments,
});

const preservationView = (row: PreservationRow, today = todayInShanghai()): PreservationView => ({
  id: row.id,
  goods: row.goods,
  preservedOn: row.preserved_on,
  decisionDueOn: row.decision_due_on,
  outcome: row.outcome,
  decidedOn: row.decided_on,
  overdue: (row.decided_on ?? today) > row.decision_due_on,
});

const PRESERVATION_COLUMNS = `id, goods, preserved_on::text AS preserved_on, decision_due_on::text AS decision_due_on, outcome, decided_on::text AS decided_on`;

/**
 * What the investigation records beside the lifecycle steps: evidence items (with the content hashes
 * of their attachments in the platform's store, claimed by the gateway), recusals (art. 43) and
 * goods registered and preserved (先行登记保存, art. 56: decided within 7 working days). Each audited.
 */
@Injectable()
export class CaseRecords {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly cases: CaseCommands,
    private readonly authority: AuthorityClient,
    private readonly calendars: CalendarSource,
    private readonly numbers: DocumentNumbers,
  ) {}

  async addEvidence(actor: Actor, command: EvidenceCommand): Promise<EvidenceView> {
    assertRole(actor, ['enforcement_officer'], '登记证据 Recording evidence');
    const row = await this.cases.findVisible(actor, command.id);
    assertWithin(actor, row.town_code);
    investigating(row, '登记证据 Recording evidence');
    if (!row.officer_ids.includes(command.collectedBy)) {
      throw new DomainException('VALIDATION_FAILED', `收集人${command.collectedBy}不是本案执法人员 The collector is not an officer of the case`, [{ field: 'collectedBy', messages: ['not an officer of the case'] }]);
    }
    const id = randomUUID();
    const attachments = [...new Set(command.attachments ?? [])];
    const stored = await this.uow.run(async (tx) => {
      const [inserted]: EvidenceRow[] = await tx.em.query(
        `INSERT INTO enforcement.case_evidence (id, case_id, seq, type, description, collected_by, collected_at, attachments, created_by)
         VALUES ($1, $2, (SELECT coalesce(max(seq), 0) + 1 FROM enforcement.case_evidence WHERE case_id = $2), $3, $4, $5, $6, $7, $8)
         RETURNING id, seq, type, description, collected_by, collected_at, attachments`,
        [id, row.id, command.type, command.description.trim(), command.collectedBy, command.collectedAt, attachments, actor.userId],
      );
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.town_code, action: 'case.add_evidence', resourceType: 'penalty_case', resourceId: row.id, after: { evidenceId: id, type: command.type, attachments } });
      return inserted as EvidenceRow;
    });
    return evidenceView(stored);
  }

  async listEvidence(actor: Actor, query: CaseSubListQuery): Promise<Page<EvidenceView>> {
    const row = await this.cases.findVisible(actor, query.id);
    const { items, ...counted } = await readSqlPage<EvidenceRow>(
      this.dataSource,
      { columns: 'id, seq, type, description, collected_by, collected_at, attachments', from: 'enforcement.case_evidence', where: 'case_id = $1', order: 'seq' },
      [row.id],
      query,
    );
    return { items: items.map(evidenceView), ...counted };
  }

  /**
   * 回避 (art. 43): the leader decides; a recused officer leaves the case, and a certified replacement
   * may join it. The case keeps at least two officers while it is investigated.
   */
  async recordRecusal(actor: Actor, command: RecusalCommand): Promise<CaseView> {
    assertRole(actor, ['leader'], '决定回避 Deciding a recusal');
    const row = await this.cases.findVisible(actor, command.id);
    assertWithin(actor, row.town_code);
    investigating(row, '决定回避 Deciding a recusal');
    if (!row.officer_ids.includes(command.officerId)) throw new DomainException('VALIDATION_FAILED', `${command.officerId}不是本案执法人员 Not an officer of the case`, [{ field: 'officerId', messages: ['not an officer of the case'] }]);
    let officers = row.officer_ids;
    if (command.decision === 'recused') {
      officers = officers.filter((o) => o !== command.officerId);
      if (command.replacementId) {
        if (officers.includes(command.replacementId) || command.replacementId === command.officerId) throw new DomainException('VALIDATION_FAILED', 'the replacement is another officer', [{ field: 'replacementId', messages: ['already on the case'] }]);
        if (row.item_id) await assertCertified(this.authority, [command.replacementId], row.item_id, todayInShanghai());
        officers = [...officers, command.replacementId];
      }
      if (officers.length < 2) throw new DomainException('VALIDATION_FAILED', '回避后承办人员不足两名,须指定替换人员 After the recusal fewer than two officers remain: name a replacement (art. 42)', [{ field: 'replacementId', messages: ['required'] }]);
    }
    await this.uow.run(async (tx) => {
      await tx.em.query(`INSERT INTO enforcement.case_recusal (id, case_id, officer_id, raised_by, decision, reasons, replacement_id, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        randomUUID(),
        row.id,
        command.officerId,
        command.raisedBy,
        command.decision,
        command.reasons.trim(),
        command.replacementId ?? null,
        actor.userId,
      ]);
      const updated: unknown[] = await tx.em.query(`WITH u AS (UPDATE enforcement.penalty_case SET officer_ids = $2, updated_at = now() WHERE id = $1 AND status = $3 RETURNING id) SELECT id FROM u`, [row.id, officers, row.status]);
      if (updated.length === 0) throw new DomainException('INVALID_TRANSITION', '案件状态已变化,请刷新 The case changed meanwhile');
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.town_code, action: 'case.recusal', resourceType: 'penalty_case', resourceId: row.id, before: { officerIds: row.officer_ids }, after: { officerIds: officers, decision: command.decision, raisedBy: command.raisedBy, reasons: command.reasons } });
    });
    return this.cases.get(actor, row.id);
  }

  /** 先行登记保存: with the leader's approval; the decision on the goods is due within 7 working days; the notice is numbered. */
  async preserve(actor: Actor, command: PreservationCommand): Promise<PreservationView> {
    assertRole(actor, ['leader'], '批准先行登记保存 Approving preservation');
    const row = await this.cases.findVisible(actor, command.id);
    assertWithin(actor, row.town_code);
    investigating(row, '先行登记保存 Preservation');
    const today = todayInShanghai();
    const stored: PreservationRow = {
      id: randomUUID(),
      goods: command.goods.trim(),
      preserved_on: today,
      decision_due_on: this.calendars.current().addWorkingDays(today, PRESERVATION_DECISION_WORKING_DAYS),
      outcome: null,
      decided_on: null,
    };
    const [{ documents: numbered }, names] = await Promise.all([this.numbers.draw({ townCode: row.town_code, kinds: ['preservation_notice'], today }), peopleNames(this.authority, row)]);
    await this.uow.run(async (tx) => {
      await tx.em.query(`INSERT INTO enforcement.case_preservation (id, case_id, goods, reasons, preserved_on, decision_due_on, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        stored.id,
        row.id,
        stored.goods,
        command.reasons.trim(),
        today,
        stored.decision_due_on,
        actor.userId,
      ]);
      issueCaseDocuments(tx, row, numbered, today, names, { 登记保存物品: stored.goods, 理由: command.reasons.trim(), 登记保存日期: today, 处理决定期限: stored.decision_due_on });
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.town_code, action: 'case.preserve', resourceType: 'penalty_case', resourceId: row.id, after: { preservationId: stored.id, goods: stored.goods, decisionDueOn: stored.decision_due_on } });
    });
    return preservationView(stored, today);
  }

  /** The decision on preserved goods; a decision after its due date is recorded and shown overdue. */
  async decidePreservation(actor: Actor, command: PreservationDecisionCommand): Promise<PreservationView> {
    assertRole(actor, ['leader'], '先行登记保存处理决定 Deciding on preserved goods');
    const row = await this.cases.findVisible(actor, command.id);
    assertWithin(actor, row.town_code);
    const today = todayInShanghai();
    const decided = await this.uow.run(async (tx) => {
      const rows: PreservationRow[] = await tx.em.query(
        `WITH d AS (UPDATE enforcement.case_preservation SET outcome = $3, outcome_reasons = $4, decided_on = $5 WHERE id = $1 AND case_id = $2 AND outcome IS NULL RETURNING *)
         SELECT ${PRESERVATION_COLUMNS} FROM d`,
        [command.preservationId, row.id, command.outcome, command.reasons.trim(), today],
      );
      if (!rows[0]) throw new DomainException('PRESERVATION_NOT_FOUND', `案件没有待处理的先行登记保存 ${command.preservationId} No undecided preservation ${command.preservationId} on this case`);
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.town_code, action: 'case.decide_preservation', resourceType: 'penalty_case', resourceId: row.id, after: { preservationId: command.preservationId, outcome: command.outcome, late: today > rows[0].decision_due_on } });
      return rows[0];
    });
    return preservationView(decided, today);
  }

  async listPreservations(actor: Actor, query: CaseSubListQuery): Promise<Page<PreservationView>> {
    const row = await this.cases.findVisible(actor, query.id);
    const { items, ...counted } = await readSqlPage<PreservationRow>(this.dataSource, { columns: PRESERVATION_COLUMNS, from: 'enforcement.case_preservation', where: 'case_id = $1', order: 'created_at, id' }, [row.id], query);
    const today = todayInShanghai();
    return { items: items.map((r) => preservationView(r, today)), ...counted };
  }
}
