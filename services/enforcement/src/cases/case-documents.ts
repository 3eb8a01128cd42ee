import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CASE_DOCUMENT_LABELS,
  CASE_DOCUMENT_MARKS,
  CLUE_SOURCE_LABELS,
  NO_PENALTY_GROUND_LABELS,
  PENALTY_KIND_LABELS,
  SERVICE_METHOD_LABELS,
  countyOf,
  type Actor,
  type CaseDocumentKind,
  type CaseDocumentView,
  type CaseSubListQuery,
  type NoPenaltyGround,
  type Page,
  type PenaltyTerms,
  type PrintedCaseDocumentView,
  type ServiceMethod,
} from '@yiti/contracts';
import { AuthorityClient } from '@yiti/authority-client';
import { SameTurnBatch, assertRole, chineseDate, preparedQuery, readSqlPage, renderPrintableDocument, visibleOr404, type IsoDate, type PendingCall, type Staging } from '@yiti/platform';
import { READERS } from '../penalties/on-the-spot-penalties';
import type { FullCaseRow } from './case-commands';

/** What one step draws: the numbers of the documents it issues and, at filing, the case number's sequence value. */
export interface NumberDraw {
  townCode: string;
  kinds: readonly CaseDocumentKind[];
  today: IsoDate;
  /** Draw the case number's value (立案) too. */
  caseNumber?: boolean;
}

export interface DrawnNumbers {
  documents: NumberedDocument[];
  /** The case number's sequence value, when asked for. */
  caseSequence: string | null;
}

interface CounterRow {
  town_code: string | null;
  year: number | null;
  kind: CaseDocumentKind | null;
  last: number | null;
  sequence: string[] | null;
}

/**
 * Per team (town), year and kind: adds each key's count to its counter row (rows locked in key
 * order, so two instances never wait on each other crosswise) and draws the case numbers' values,
 * in one autocommitted statement. It commits without waiting for its WAL flush
 * (`synchronous_commit` off for this transaction alone), so the counter row is free again at once:
 * the write that uses a number commits synchronously, and WAL is flushed in order, so once that
 * write is durable so is its draw; a draw lost in a crash before any write used it is drawn again.
 */
const DRAW_SQL = `WITH unflushed AS (SELECT set_config('synchronous_commit', 'off', true) AS setting),
  drawn AS (
    INSERT INTO enforcement.document_counter (town_code, year, kind, last)
    SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[])
    ON CONFLICT (town_code, year, kind) DO UPDATE SET last = enforcement.document_counter.last + excluded.last
    RETURNING town_code, year, kind, last)
  SELECT town_code, year, kind, last, NULL::text[] AS sequence, setting FROM drawn, unflushed
  UNION ALL
  SELECT NULL, NULL, NULL, NULL, ARRAY(SELECT nextval('enforcement.case_no_seq')::text FROM generate_series(1, $5::int)), setting FROM unflushed WHERE $5::int > 0`;

const counterKey = (townCode: string, year: number, kind: string) => `${townCode}/${year}/${kind}`;

/**
 * The numbers of the documents a step issues: per team (town), year and kind, 320585102综执罚决〔2026〕3号,
 * and the case number's value at filing. Drawn before the step's write, in a statement of their own,
 * so that a counter row is locked only for that statement and a team's steps do not queue behind
 * each other's writes; the draws of concurrent steps ready in the same event-loop turn share that
 * statement (one round trip and one lock per counter row for all of them), each step getting the
 * next numbers in the order it asked. A step refused after the draw leaves a gap in the numbers, as
 * a sequence does.
 */
@Injectable()
export class DocumentNumbers {
  private readonly batch = new SameTurnBatch<NumberDraw, DrawnNumbers>((calls) => void this.flush(calls));

  constructor(private readonly dataSource: DataSource) {}

  draw(request: NumberDraw): Promise<DrawnNumbers> {
    if (request.kinds.length === 0 && !request.caseNumber) return Promise.resolve({ documents: [], caseSequence: null });
    return this.batch.add(request);
  }

  private async flush(calls: PendingCall<NumberDraw, DrawnNumbers>[]): Promise<void> {
    try {
      const counts = new Map<string, { townCode: string; year: number; kind: CaseDocumentKind; count: number }>();
      for (const { input } of calls) {
        const year = Number(input.today.slice(0, 4));
        for (const kind of input.kinds) {
          const key = counterKey(input.townCode, year, kind);
          const entry = counts.get(key) ?? { townCode: input.townCode, year, kind, count: 0 };
          entry.count++;
          counts.set(key, entry);
        }
      }
      const keys = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
      const sequences = calls.filter((call) => call.input.caseNumber).length;
      const rows = await preparedQuery<CounterRow[]>(this.dataSource.manager, DRAW_SQL, [
        keys.map((k) => k.townCode),
        keys.map((k) => k.year),
        keys.map((k) => k.kind),
        keys.map((k) => k.count),
        sequences,
      ]);
      // Each key's numbers run from last − count + 1 to last; handed out in the order the steps asked.
      const next = new Map<string, number>();
      let drawnSequence: string[] = [];
      for (const row of rows) {
        if (row.sequence) drawnSequence = row.sequence.sort((a, b) => Number(a) - Number(b));
        else next.set(counterKey(row.town_code as string, Number(row.year), row.kind as string), Number(row.last) - (counts.get(counterKey(row.town_code as string, Number(row.year), row.kind as string))?.count ?? 0) + 1);
      }
      let sequenceAt = 0;
      for (const { input, resolve } of calls) {
        const year = Number(input.today.slice(0, 4));
        const documents = input.kinds.map((kind) => {
          const key = counterKey(input.townCode, year, kind);
          const value = next.get(key) as number;
          next.set(key, value + 1);
          return { kind, number: `${input.townCode}综执${CASE_DOCUMENT_MARKS[kind]}〔${year}〕${value}号` };
        });
        resolve({ documents, caseSequence: input.caseNumber ? (drawnSequence[sequenceAt++] as string) : null });
      }
    } catch (error) {
      for (const call of calls) call.reject(error);
    }
  }
}

export interface NumberedDocument {
  kind: CaseDocumentKind;
  number: string;
}

const yuanText = (fen: number) => `${(fen / 100).toFixed(2)}元`;
const penaltyText = (terms: PenaltyTerms | null) =>
  terms
    ? terms.kinds
        .map((k) => (k === 'fine' ? `罚款${(terms.fineYuan ?? 0).toFixed(2)}元` : k.startsWith('confiscation') && terms.confiscatedYuan ? `${PENALTY_KIND_LABELS[k]}(价值${terms.confiscatedYuan.toFixed(2)}元)` : PENALTY_KIND_LABELS[k]))
        .join(';')
    : '';

const RIGHTS_PRIOR_NOTICE = '你(单位)有权进行陈述和申辩;符合听证条件的,有权要求举行听证。逾期未提出的,视为放弃上述权利。(《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条)';
const REMEDY = '如不服本决定,可以在收到本决定书之日起六十日内依法申请行政复议,或者在六个月内依法向人民法院提起行政诉讼。行政复议和行政诉讼期间,本决定不停止执行(法律另有规定的除外)。';

/** The display names of the people a case's documents name (officers, presiding officer, legal reviewer), by user id. */
export type PeopleNames = ReadonlyMap<string, string>;

/** Who a case's documents name: its officers, the hearing's presiding officer and the legal reviewer. */
export const namedPeople = (row: Pick<FullCaseRow, 'officer_ids' | 'presiding_officer_id' | 'legal_reviewer_id'>): string[] =>
  [...row.officer_ids, row.presiding_officer_id, row.legal_reviewer_id].filter((id): id is string => Boolean(id));

/** Their names as identity knows them, asked as the service for the case's county (a presiding officer may sit at the county). */
export async function peopleNames(authority: AuthorityClient, row: Pick<FullCaseRow, 'officer_ids' | 'presiding_officer_id' | 'legal_reviewer_id' | 'county_code'>): Promise<PeopleNames> {
  return authority.userNames(namedPeople(row), row.county_code);
}

/** What a document of `kind` prints of the case, as it stood when it was issued; people by name. */
export function documentFields(kind: CaseDocumentKind, row: FullCaseRow, names: PeopleNames): Record<string, string> {
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? id) : '');
  const officers = row.officer_ids.map(nameOf).join('、');
  const base: Record<string, string> = {
    案号: row.case_no ?? '',
    当事人: row.party_name ?? '',
    [row.party_kind === 'organisation' ? '统一社会信用代码' : '公民身份号码']: row.party_id_masked ?? '',
    案由: row.item_name ? `涉嫌${row.item_name}(${row.item_code})` : row.summary,
    执法人员: officers,
  };
  const reviewer: Record<string, string> = row.legal_reviewer_id ? { 法制审核人员: nameOf(row.legal_reviewer_id) } : {};
  const fineFen = Number(row.fine_fen ?? 0);
  switch (kind) {
    case 'filing_approval':
      return { ...base, 线索来源: CLUE_SOURCE_LABELS[row.source] ?? row.source, 违法行为日期: chineseDate(row.violation_on ?? ''), 立案日期: chineseDate(row.filed_on ?? ''), 办案期限: chineseDate(row.decision_due_on ?? ''), 案情摘要: row.summary };
    case 'preservation_notice':
      return { ...base };
    case 'prior_notice':
      return {
        ...base,
        违法事实: row.facts ?? '',
        处罚依据: row.legal_basis ?? '',
        拟作出的行政处罚: penaltyText(row.proposed_penalty),
        陈述申辩期限: chineseDate(row.statements_due_on ?? ''),
        ...(row.hearing_qualifies ? { 听证申请期限: chineseDate(row.hearing_request_due_on ?? '') } : {}),
        告知权利: RIGHTS_PRIOR_NOTICE,
      };
    case 'hearing_notice':
      return { ...base, 听证日期: chineseDate(row.hearing_on ?? ''), 听证地点: row.hearing_place ?? '', 主持人: nameOf(row.presiding_officer_id), 注意事项: '当事人无正当理由拒不出席听证或者未经许可中途退出听证的,视为放弃听证权利。' };
    case 'decision':
      return row.decision_kind === 'no_penalty'
        ? { ...base, 违法事实: row.facts ?? row.summary, 不予处罚情形: NO_PENALTY_GROUND_LABELS[row.no_penalty_ground as NoPenaltyGround] ?? '', 理由: row.reasons ?? '', 决定日期: chineseDate(row.decided_on ?? ''), 救济途径: REMEDY }
        : {
            ...base,
            违法事实: row.facts ?? '',
            处罚依据: row.legal_basis ?? '',
            行政处罚: penaltyText(row.penalty),
            ...reviewer,
            ...(row.penalty_in_band === false ? { 偏离裁量基准的理由: row.reasons ?? '' } : {}),
            ...(fineFen > 0 ? { 履行方式和期限: `自收到本决定书之日起十五日内缴纳罚款${yuanText(fineFen)};到期不缴纳的,每日按罚款数额的百分之三加处罚款,加处罚款的数额不超出罚款的数额。` } : {}),
            决定日期: chineseDate(row.decided_on ?? ''),
            救济途径: REMEDY,
          };
    case 'service_receipt':
      return { ...base, 送达文书: `行政处罚决定书 ${row.decision_no ?? ''}`, 送达方式: SERVICE_METHOD_LABELS[row.service_method as ServiceMethod] ?? row.service_method ?? '', 送达日期: chineseDate(row.served_on ?? ''), 受送达人签收: row.recipient ?? '' };
    case 'closing_report':
      return {
        ...base,
        立案日期: chineseDate(row.filed_on ?? ''),
        处理结果: row.decision_kind === 'penalty' ? penaltyText(row.penalty) : row.decision_kind === 'no_penalty' ? '不予行政处罚' : row.decision_kind === 'judiciary' ? '移送司法机关' : '',
        执行情况: row.paid_on ? `${chineseDate(row.paid_on)}缴纳${yuanText(Number(row.paid_fen ?? 0))}(含加处罚款${yuanText(Number(row.late_fee_fen ?? 0))})` : fineFen > 0 ? '' : '无罚没款项',
        ...reviewer,
        结案日期: chineseDate(row.closed_on ?? ''),
        结案报告: row.closing_report ?? '',
      };
    case 'on_the_spot_decision':
      return base;
  }
}

/** Stages each document the step issues under its drawn number, with the fields as they stand after the step. */
export function issueCaseDocuments(staging: Staging, row: FullCaseRow, documents: readonly NumberedDocument[], today: IsoDate, names: PeopleNames, extra: Record<string, string> = {}): void {
  if (documents.length === 0) return;
  const rows = documents.map(({ kind, number }) => {
    if (kind === 'decision') row.decision_no = number;
    return [randomUUID(), row.id, row.county_code, row.town_code, kind, number, today, JSON.stringify({ ...documentFields(kind, row, names), ...extra })];
  });
  staging.stage({ table: 'enforcement.case_document', columns: ['id', 'case_id', 'county_code', 'town_code', 'kind', 'number', 'issued_on', 'fields'], rows });
}

interface DocumentRow {
  id: string;
  kind: CaseDocumentKind;
  number: string;
  issued_on: string;
  town_code: string;
  fields: Record<string, string>;
  decision_kind: string | null;
}

const toView = (row: DocumentRow): CaseDocumentView => ({ id: row.id, kind: row.kind, title: title(row), number: row.number, issuedOn: row.issued_on });
const title = (row: Pick<DocumentRow, 'kind' | 'decision_kind'>) => (row.kind === 'decision' && row.decision_kind === 'no_penalty' ? '不予行政处罚决定书' : CASE_DOCUMENT_LABELS[row.kind]);
const LONG_FIELDS = new Set(['违法事实', '案情摘要', '告知权利', '救济途径', '结案报告', '理由', '偏离裁量基准的理由', '注意事项', '履行方式和期限']);

/** The numbered documents of a case: listed, and printed as an A4 page (every print audited). */
@Injectable()
export class CaseDocuments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly authority: AuthorityClient,
  ) {}

  async list(actor: Actor, query: CaseSubListQuery, caseRow: Pick<FullCaseRow, 'id'>): Promise<Page<CaseDocumentView>> {
    assertRole(actor, READERS, '查阅执法文书 Reading documents');
    const { items, ...counted } = await readSqlPage<DocumentRow>(
      this.dataSource,
      { columns: `d.id, d.kind, d.number, d.issued_on::text AS issued_on, d.town_code, d.fields, c.decision_kind`, from: 'enforcement.case_document d JOIN enforcement.penalty_case c ON c.id = d.case_id', where: 'd.case_id = $1', order: 'd.created_at, d.id' },
      [caseRow.id],
      query,
    );
    return { items: items.map(toView), ...counted };
  }

  async print(actor: Actor, caseRow: Pick<FullCaseRow, 'id'>, documentId: string): Promise<PrintedCaseDocumentView> {
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT d.id, d.kind, d.number, d.issued_on::text AS issued_on, d.town_code, d.fields, c.decision_kind FROM enforcement.case_document d JOIN enforcement.penalty_case c ON c.id = d.case_id WHERE d.id = $1 AND d.case_id = $2`,
      [documentId, caseRow.id],
    );
    const row = visibleOr404(actor, rows[0], (r) => r.town_code, { code: 'CASE_DOCUMENT_NOT_FOUND', detail: `案件 ${caseRow.id} 没有文书 ${documentId} The case has no document ${documentId}` });
    return { ...toView(row), html: await this.render(row) };
  }

  /** Users' display names, asked as the service for the county of `jurisdictionCode`. */
  names(userIds: readonly string[], jurisdictionCode: string): Promise<PeopleNames> {
    return this.authority.userNames(userIds, countyOf(jurisdictionCode) ?? jurisdictionCode);
  }

  /** 当场行政处罚决定书: printed from the on-the-spot decision itself, numbered when decided. */
  async render(row: Pick<DocumentRow, 'kind' | 'number' | 'issued_on' | 'town_code' | 'fields' | 'decision_kind'>): Promise<string> {
    const town = await this.authority.town(row.town_code).catch(() => ({ name: row.town_code }));
    const entries = Object.entries(row.fields).filter(([, value]) => value !== '');
    const party = row.fields['当事人'];
    return renderPrintableDocument({
      issuer: `${town.name}综合行政执法局`,
      title: title(row),
      number: row.number,
      addressee: row.kind === 'filing_approval' || row.kind === 'closing_report' ? null : party,
      rows: entries.filter(([key]) => !LONG_FIELDS.has(key)).map(([label, value]) => ({ label, value })),
      paragraphs: entries.filter(([key]) => LONG_FIELDS.has(key)).map(([heading, text]) => ({ heading, text })),
      issuedOn: row.issued_on,
      signatures: row.kind === 'service_receipt' ? ['受送达人签名', '送达人签名'] : row.kind === 'filing_approval' || row.kind === 'closing_report' ? ['承办人意见', '负责人审批意见'] : ['执法人员'],
    });
  }
}
