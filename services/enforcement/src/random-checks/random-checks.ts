import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CHECK_RESULT_LABELS,
  IDENTITY_SUBJECTS,
  MAX_DRAW_PICKS,
  MAX_IMPORT_ERRORS,
  MIN_INSPECTORS_PER_ENTITY,
  countyOf,
  isWithinJurisdiction,
  scopePrefix,
  type Actor,
  type AssignmentView,
  type CheckEntityView,
  type CheckItemKind,
  type CheckItemView,
  type CheckResult,
  type CreateCheckItemRequest,
  type CreateDrawRequest,
  type DrawItemView,
  type DrawSnapshotView,
  type DrawVerificationView,
  type DrawView,
  type EnrolInspectorRequest,
  type ImportCheckEntitiesRequest,
  type ImportCheckEntitiesView,
  type InspectorView,
  type ListAssignmentsCommand,
  type ListCheckEntitiesQuery,
  type ListCheckItemsQuery,
  type ListDrawsQuery,
  type ListInspectorsQuery,
  type Page,
  type PublicCheckResultView,
  type PublicDrawView,
  type PublicDrawsQuery,
  type PublicResultsQuery,
  type RecordCheckResultCommand,
} from '@yiti/contracts';
import { AuthorityClient } from '@yiti/authority-client';
import { DomainException, ServiceClient, UnitOfWork, assertRole, assertWithin, hasAnyRole, jurisdictionPattern, readSqlPage, todayInShanghai, visibleOr404, visibleTo } from '@yiti/platform';
import { CaseCommands } from '../cases/case-commands';
import { READERS } from '../penalties/on-the-spot-penalties';
import { DRAW_ALGORITHM, canonicalSnapshot, newSeed, pickCount, runDraw, snapshotHash, type DrawSnapshot } from './draw';
import { checkEntityRows, csvEntityRows } from './entity-rows';

/** Who keeps the county's spot-check list. */
const LIST_KEEPERS = ['county_admin', 'department_staff'] as const;
/** Who keeps the pools and draws: the team leader in the town, the county above it. */
const DRAWERS = ['leader', 'county_admin'] as const;
/** The most inspectors one draw weighs (each is checked against each item with identity). */
const MAX_INSPECTOR_POOL = 500;

interface ItemRow {
  id: string;
  county_code: string;
  code: string;
  name: string;
  kind: CheckItemKind;
  item_id: string;
  item_code: string;
  basis: string;
}

interface DrawRow {
  id: string;
  draw_no: string;
  county_code: string;
  jurisdiction_code: string;
  title: string;
  items: DrawItemView[];
  draw_date: string;
  seed: string;
  snapshot: DrawSnapshot;
  snapshot_hash: string;
  algorithm: string;
  entity_pool_size: number;
  inspector_pool_size: number;
  picked: number;
  inspectors_per_entity: number;
  results_recorded: number;
  drawn_at: string;
}

interface AssignmentRow {
  id: string;
  draw_id: string;
  position: number;
  county_code: string;
  town_code: string;
  credit_code: string;
  entity_name: string;
  inspector_ids: string[];
  inspector_names: string[];
  result: CheckResult | null;
  result_note: string | null;
  clue_id: string | null;
  recorded_on: string | null;
}

const ITEM_COLUMNS = 'id, county_code, code, name, kind, item_id, item_code, basis';
const DRAW_COLUMNS = `id, draw_no, county_code, jurisdiction_code, title, items, draw_date::text AS draw_date, seed, snapshot, snapshot_hash, algorithm, entity_pool_size,
  inspector_pool_size, picked, inspectors_per_entity, results_recorded, to_char(drawn_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS drawn_at`;
const assignmentColumns = (a = '') => `${a}id, ${a}draw_id, ${a}position, ${a}county_code, ${a}town_code, ${a}credit_code, ${a}entity_name, ${a}inspector_ids::text[] AS inspector_ids,
  ${a}inspector_names, ${a}result, ${a}result_note, ${a}clue_id, ${a}recorded_on::text AS recorded_on`;
const ASSIGNMENT_COLUMNS = assignmentColumns();

const itemView = (r: ItemRow): CheckItemView => ({ id: r.id, countyCode: r.county_code, code: r.code, name: r.name, kind: r.kind, itemId: r.item_id, itemCode: r.item_code, basis: r.basis });
const drawView = (r: DrawRow): DrawView => ({
  id: r.id,
  drawNo: r.draw_no,
  countyCode: r.county_code,
  jurisdictionCode: r.jurisdiction_code,
  title: r.title,
  items: r.items,
  drawDate: r.draw_date,
  seed: r.seed,
  snapshotHash: r.snapshot_hash,
  algorithm: r.algorithm,
  entityPoolSize: r.entity_pool_size,
  inspectorPoolSize: r.inspector_pool_size,
  picked: r.picked,
  inspectorsPerEntity: r.inspectors_per_entity,
  resultsRecorded: r.results_recorded,
  drawnAt: r.drawn_at,
});
const assignmentView = (r: AssignmentRow): AssignmentView => ({
  id: r.id,
  drawId: r.draw_id,
  townCode: r.town_code,
  creditCode: r.credit_code,
  entityName: r.entity_name,
  inspectors: r.inspector_ids.map((userId, i) => ({ userId, name: r.inspector_names[i] ?? '' })),
  result: r.result,
  resultNote: r.result_note,
  clueId: r.clue_id,
  recordedOn: r.recorded_on,
});

const countyOrSelf = (code: string) => countyOf(code) ?? code;

/**
 * 双随机一公开: the spot-check list, the two pools, the draws and their results. A draw freezes its
 * inputs (the pool snapshot, hashed) and a fresh published seed; its picks follow from them alone
 * (./draw.ts), so anyone may re-run it. Results are public per county, naming organisations only.
 */
@Injectable()
export class RandomChecks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
    private readonly client: ServiceClient,
    private readonly cases: CaseCommands,
  ) {}

  async createItem(actor: Actor, request: CreateCheckItemRequest): Promise<CheckItemView> {
    assertRole(actor, LIST_KEEPERS, '抽查事项清单 Keeping the spot-check list');
    assertWithin(actor, request.countyCode);
    const item = await this.authority.item(request.itemId);
    const row: ItemRow = { id: randomUUID(), county_code: request.countyCode, code: request.code, name: request.name.trim(), kind: request.kind, item_id: item.id, item_code: item.basicCode, basis: request.basis.trim() };
    // What the transaction returns is what an idempotent retry gets back.
    return this.uow.run(async (tx) => {
      const inserted: unknown[] = await tx.em.query(
        `INSERT INTO enforcement.check_item (${ITEM_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (county_code, code) DO NOTHING RETURNING id`,
        [row.id, row.county_code, row.code, row.name, row.kind, row.item_id, row.item_code, row.basis],
      );
      if (inserted.length === 0) throw new DomainException('CHECK_ITEM_EXISTS', `抽查事项编码 ${row.code} 已在本县清单中 ${row.code} is already in the county's list`, [{ field: 'code', messages: ['already in the list'] }]);
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.county_code, action: 'random_check.item.create', resourceType: 'check_item', resourceId: row.id, after: itemView(row) });
      return itemView(row);
    });
  }

  async listItems(actor: Actor, query: ListCheckItemsQuery): Promise<Page<CheckItemView>> {
    assertRole(actor, READERS, '查阅抽查事项清单 Reading the spot-check list');
    const params: unknown[] = [countyOrSelf(actor.jurisdictionCode).slice(0, 6)];
    const where = ['county_code = $1'];
    if (query.kind) where.push(`kind = $${params.push(query.kind)}`);
    const { items, ...counted } = await readSqlPage<ItemRow>(this.dataSource, { columns: ITEM_COLUMNS, from: 'enforcement.check_item', where: where.join(' AND '), order: 'county_code, code' }, params, query);
    return { items: items.map(itemView), ...counted };
  }

  /** 检查对象名录库: rows checked one by one; the good ones added or updated in one statement with one audit entry. */
  async importEntities(actor: Actor, request: ImportCheckEntitiesRequest): Promise<ImportCheckEntitiesView> {
    assertRole(actor, DRAWERS, '检查对象名录库 Keeping the entity pool');
    const raw = request.rows !== undefined ? request.rows.map((value, i) => ({ line: i + 1, value })) : csvEntityRows(request.csv ?? '');
    const { rows, errors, rejected } = checkEntityRows(raw, actor.jurisdictionCode);
    const pattern = jurisdictionPattern(actor);
    const countyCode = countyOrSelf(actor.jurisdictionCode).slice(0, 6);
    const outcome = await this.uow.run(async (tx) => {
      if (rows.length === 0) return { added: 0, updated: 0, elsewhere: [] as string[] };
      // Upsert only within the caller's jurisdiction: a code already kept by another town is reported, not moved.
      const written: { credit_code: string; added: boolean }[] = await tx.em.query(
        `INSERT INTO enforcement.check_entity (id, county_code, town_code, credit_code, name, address)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         ON CONFLICT (county_code, credit_code) DO UPDATE SET town_code = EXCLUDED.town_code, name = EXCLUDED.name, address = EXCLUDED.address, updated_at = now()
           WHERE enforcement.check_entity.town_code LIKE $7
         RETURNING credit_code, (xmax = 0) AS added`,
        [rows.map(() => randomUUID()), rows.map((r) => r.countyCode), rows.map((r) => r.townCode), rows.map((r) => r.creditCode), rows.map((r) => r.name), rows.map((r) => r.address), pattern],
      );
      const done = new Set(written.map((w) => w.credit_code));
      const added = written.filter((w) => w.added).length;
      const elsewhere = rows.filter((r) => !done.has(r.creditCode)).map((r) => r.creditCode);
      tx.audit({ countyCode, jurisdictionCode: actor.jurisdictionCode, action: 'random_check.entities.import', resourceType: 'check_entity_import', resourceId: randomUUID(), after: { added, updated: written.length - added, rejected: rejected + elsewhere.length } });
      return { added, updated: written.length - added, elsewhere };
    });
    const elsewhereErrors = rows.filter((r) => outcome.elsewhere.includes(r.creditCode)).map((r) => ({ line: r.line, field: 'creditCode', message: '该代码已由其他乡镇登记 kept by another town' }));
    return { added: outcome.added, updated: outcome.updated, rejected: rejected + outcome.elsewhere.length, errors: [...errors, ...elsewhereErrors].sort((a, b) => a.line - b.line).slice(0, MAX_IMPORT_ERRORS) };
  }

  async listEntities(actor: Actor, query: ListCheckEntitiesQuery): Promise<Page<CheckEntityView>> {
    assertRole(actor, READERS, '查阅检查对象名录库 Reading the entity pool');
    const params: unknown[] = [jurisdictionPattern(actor)];
    const where = ['town_code LIKE $1'];
    if (query.townCode) where.push(`town_code = $${params.push(query.townCode)}`);
    const { items, ...counted } = await readSqlPage<{ id: string; town_code: string; credit_code: string; name: string; address: string | null }>(
      this.dataSource,
      { columns: 'id, town_code, credit_code, name, address', from: 'enforcement.check_entity', where: where.join(' AND '), order: 'town_code, credit_code' },
      params,
      query,
    );
    return { items: items.map((r) => ({ id: r.id, townCode: r.town_code, creditCode: r.credit_code, name: r.name, address: r.address })), ...counted };
  }

  /** 执法检查人员名录库: an officer enrolled (by the leader, or themself declaring conflicts), with the entities they are recused from. */
  async enrolInspector(actor: Actor, request: EnrolInspectorRequest): Promise<InspectorView> {
    if (actor.userId !== request.userId) assertRole(actor, DRAWERS, '检查人员名录库 Keeping the inspector pool');
    else assertRole(actor, ['enforcement_officer', ...DRAWERS], '申报回避 Declaring conflicts');
    const user = await this.client.request(IDENTITY_SUBJECTS.getUser, { id: request.userId });
    if (!user.roles.includes('enforcement_officer') || user.status !== 'active') {
      throw new DomainException('INSPECTOR_NOT_ELIGIBLE', `${user.displayName}(${user.id})不是在岗执法人员 is not an active enforcement officer`, [{ field: 'userId', messages: ['not an active enforcement officer'] }]);
    }
    const conflicts = [...new Set(request.conflicts ?? [])].sort();
    const withdrawn = Boolean(request.withdrawn);
    const countyCode = countyOrSelf(user.jurisdictionCode).slice(0, 6);
    await this.uow.run(async (tx) => {
      const [before]: { conflicts: string[]; withdrawn: boolean }[] = await tx.em.query(`SELECT conflicts, withdrawn FROM enforcement.check_inspector WHERE user_id = $1 FOR UPDATE`, [user.id]);
      await tx.em.query(
        `INSERT INTO enforcement.check_inspector (user_id, county_code, jurisdiction_code, name, conflicts, withdrawn) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id) DO UPDATE SET county_code = EXCLUDED.county_code, jurisdiction_code = EXCLUDED.jurisdiction_code, name = EXCLUDED.name, conflicts = EXCLUDED.conflicts,
           withdrawn = EXCLUDED.withdrawn, updated_at = now()`,
        [user.id, countyCode, user.jurisdictionCode, user.displayName, conflicts, withdrawn],
      );
      tx.audit({ countyCode, jurisdictionCode: user.jurisdictionCode, action: 'random_check.inspector.enrol', resourceType: 'check_inspector', resourceId: user.id, before: before ? { conflicts: before.conflicts, withdrawn: before.withdrawn } : undefined, after: { conflicts, withdrawn } });
    });
    return { userId: user.id, name: user.displayName, jurisdictionCode: user.jurisdictionCode, conflicts, withdrawn };
  }

  async listInspectors(actor: Actor, query: ListInspectorsQuery): Promise<Page<InspectorView>> {
    assertRole(actor, READERS, '查阅检查人员名录库 Reading the inspector pool');
    const { items, ...counted } = await readSqlPage<{ user_id: string; name: string; jurisdiction_code: string; conflicts: string[]; withdrawn: boolean }>(
      this.dataSource,
      { columns: 'user_id, name, jurisdiction_code, conflicts, withdrawn', from: 'enforcement.check_inspector', where: 'jurisdiction_code LIKE $1', order: 'jurisdiction_code, user_id' },
      [jurisdictionPattern(actor)],
      query,
    );
    return { items: items.map((r) => ({ userId: r.user_id, name: r.name, jurisdictionCode: r.jurisdiction_code, conflicts: r.conflicts, withdrawn: r.withdrawn })), ...counted };
  }

  /**
   * 摇号: freezes the pools of the scope (entities within it; inspectors within it or above it,
   * each certified for every item on the inspection date), draws a fresh seed and records the picks
   * with their inspectors, in one transaction with its audit entry.
   */
  async draw(actor: Actor, request: CreateDrawRequest): Promise<DrawView> {
    assertRole(actor, DRAWERS, '双随机抽查摇号 Drawing a random check');
    assertWithin(actor, request.jurisdictionCode);
    const countyCode = countyOf(request.jurisdictionCode);
    if (!countyCode) throw new DomainException('VALIDATION_FAILED', '抽查范围须为县或乡镇 A draw covers a county or a town', [{ field: 'jurisdictionCode', messages: ['a county or a town'] }]);
    const items: ItemRow[] = await this.dataSource.query(`SELECT ${ITEM_COLUMNS} FROM enforcement.check_item WHERE id = ANY($1::uuid[]) AND county_code = $2`, [request.checkItemIds, countyCode]);
    const missing = request.checkItemIds.filter((id) => !items.some((i) => i.id === id));
    if (missing.length > 0) throw new DomainException('CHECK_ITEM_NOT_FOUND', `抽查事项不在本县清单中 Not in the county's spot-check list: ${missing.join(', ')}`, [{ field: 'checkItemIds', messages: missing }]);
    const prefix = scopePrefix(request.jurisdictionCode);
    const entities: { id: string; town_code: string; credit_code: string; name: string }[] = await this.dataSource.query(
      `SELECT id, town_code, credit_code, name FROM enforcement.check_entity WHERE county_code = $1 AND town_code LIKE $2`,
      [countyCode, `${prefix}%`],
    );
    const enrolled: { user_id: string; name: string; jurisdiction_code: string; conflicts: string[] }[] = await this.dataSource.query(
      `SELECT user_id, name, jurisdiction_code, conflicts FROM enforcement.check_inspector WHERE county_code = $1 AND NOT withdrawn AND (jurisdiction_code LIKE $2 OR $3 LIKE jurisdiction_code || '%') ORDER BY user_id LIMIT ${MAX_INSPECTOR_POOL}`,
      [countyCode, `${prefix}%`, request.jurisdictionCode],
    );
    const answers = await Promise.all(enrolled.map(async (inspector) => (await Promise.all(items.map((item) => this.authority.mayExercise(inspector.user_id, item.item_id, request.drawDate)))).every((a) => a.allowed)));
    const certified = enrolled.filter((_, i) => answers[i]);
    const perEntity = request.inspectorsPerEntity ?? MIN_INSPECTORS_PER_ENTITY;
    const pick = pickCount(entities.length, request);
    if (pick > MAX_DRAW_PICKS) {
      throw new DomainException('VALIDATION_FAILED', `一次抽查至多抽取${MAX_DRAW_PICKS}户,本次为${pick}户 A draw picks at most ${MAX_DRAW_PICKS} entities; this one would pick ${pick}`, [{ field: 'ratioPercent', messages: [`at most ${MAX_DRAW_PICKS} entities`] }]);
    }
    if (pick === 0) throw new DomainException('DRAW_POOL_INSUFFICIENT', `${request.jurisdictionCode} 的检查对象名录库为空 The entity pool of ${request.jurisdictionCode} is empty`);
    if (certified.length < perEntity) {
      throw new DomainException('DRAW_POOL_INSUFFICIENT', `${request.drawDate}具备全部抽查事项执法资格的检查人员仅${certified.length}人,每户需${perEntity}人 Only ${certified.length} inspectors are certified for every item on ${request.drawDate}; ${perEntity} are needed per entity`);
    }
    const snapshot = canonicalSnapshot({
      drawDate: request.drawDate,
      items: items.map((i) => i.code),
      pick,
      inspectorsPerEntity: perEntity,
      entities: entities.map((e) => ({ code: e.credit_code, town: e.town_code })),
      inspectors: certified.map((i) => ({ id: i.user_id, scope: scopePrefix(i.jurisdiction_code), recuse: i.conflicts })),
    });
    const seed = newSeed();
    const outcome = runDraw(seed, snapshot);
    if (!outcome.ok) {
      const entity = entities.find((e) => e.credit_code === outcome.creditCode);
      throw new DomainException('DRAW_POOL_INSUFFICIENT', `${entity?.name ?? ''}(${outcome.creditCode})除回避人员外仅有${outcome.eligible}名检查人员 Only ${outcome.eligible} inspectors are not recused from ${outcome.creditCode}; ${perEntity} are needed`);
    }
    const byCode = new Map(entities.map((e) => [e.credit_code, e]));
    const names = new Map(certified.map((i) => [i.user_id, i.name]));
    const itemViews: DrawItemView[] = [...items].sort((a, b) => (a.code < b.code ? -1 : 1)).map((i) => ({ code: i.code, name: i.name, kind: i.kind }));
    // The id the transaction returns: an idempotent retry gets the draw it made the first time.
    const drawId = await this.uow.run(async (tx) => {
      const id = randomUUID();
      const [{ value, drawn_at }]: { value: string; drawn_at: string }[] = await tx.em.query(`SELECT nextval('enforcement.check_draw_no_seq')::text AS value, now() AS drawn_at`);
      const drawNo = `双随机${countyCode}-${request.drawDate.slice(0, 4)}-${value.padStart(4, '0')}`;
      await tx.em.query(
        `INSERT INTO enforcement.check_draw (id, draw_no, county_code, jurisdiction_code, title, items, draw_date, seed, snapshot, snapshot_hash, algorithm, entity_pool_size, inspector_pool_size, picked, inspectors_per_entity, created_by, drawn_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [id, drawNo, countyCode, request.jurisdictionCode, request.title.trim(), JSON.stringify(itemViews), request.drawDate, seed, JSON.stringify(snapshot), snapshotHash(snapshot), DRAW_ALGORITHM, entities.length, certified.length, outcome.picks.length, perEntity, actor.userId, drawn_at],
      );
      const picks = outcome.picks.map((p) => ({ ...p, entity: byCode.get(p.creditCode) as (typeof entities)[number] }));
      await tx.em.query(
        `INSERT INTO enforcement.check_assignment (id, draw_id, position, county_code, town_code, entity_id, credit_code, entity_name, inspector_ids, inspector_names, drawn_at)
         SELECT a.id, $1, a.position, $2, a.town_code, a.entity_id, a.credit_code, a.entity_name, ARRAY(SELECT jsonb_array_elements_text(a.inspector_ids))::uuid[], ARRAY(SELECT jsonb_array_elements_text(a.inspector_names)), $3
         FROM jsonb_to_recordset($4::jsonb) AS a(id uuid, position int, town_code text, entity_id uuid, credit_code text, entity_name text, inspector_ids jsonb, inspector_names jsonb)`,
        [
          id,
          countyCode,
          drawn_at,
          JSON.stringify(
            picks.map((p, position) => ({
              id: randomUUID(),
              position,
              town_code: p.entity.town_code,
              entity_id: p.entity.id,
              credit_code: p.creditCode,
              entity_name: p.entity.name,
              inspector_ids: p.inspectorIds,
              inspector_names: p.inspectorIds.map((i) => names.get(i) ?? ''),
            })),
          ),
        ],
      );
      tx.audit({
        countyCode,
        jurisdictionCode: request.jurisdictionCode,
        action: 'random_check.draw',
        resourceType: 'check_draw',
        resourceId: id,
        after: { drawNo, seed, snapshotHash: snapshotHash(snapshot), picked: outcome.picks.length, items: itemViews.map((i) => i.code), drawDate: request.drawDate },
      });
      return id;
    });
    return this.getDraw(actor, drawId);
  }

  async getDraw(actor: Actor, id: string): Promise<DrawView> {
    return drawView(await this.visibleDraw(actor, id));
  }

  async listDraws(actor: Actor, query: ListDrawsQuery): Promise<Page<DrawView>> {
    assertRole(actor, READERS, '查阅双随机抽查 Reading random checks');
    const { items, ...counted } = await readSqlPage<DrawRow>(
      this.dataSource,
      { columns: DRAW_COLUMNS, from: 'enforcement.check_draw', where: 'county_code = $1 AND jurisdiction_code LIKE $2', order: 'drawn_at DESC, id' },
      [countyOrSelf(actor.jurisdictionCode).slice(0, 6), jurisdictionPattern(actor)],
      query,
    );
    return { items: items.map(drawView), ...counted };
  }

  /** The frozen input, for an independent re-run (inspector ids and recusals: signed-in users of the jurisdiction only). */
  async getSnapshot(actor: Actor, id: string): Promise<DrawSnapshotView> {
    return (await this.visibleDraw(actor, id)).snapshot;
  }

  async listAssignments(actor: Actor, query: ListAssignmentsCommand): Promise<Page<AssignmentView>> {
    const draw = await this.visibleDraw(actor, query.drawId);
    const params: unknown[] = [draw.id, jurisdictionPattern(actor)];
    const where = ['draw_id = $1', 'town_code LIKE $2'];
    if (query.pending === 'true') where.push('result IS NULL');
    const { items, ...counted } = await readSqlPage<AssignmentRow>(this.dataSource, { columns: ASSIGNMENT_COLUMNS, from: 'enforcement.check_assignment', where: where.join(' AND '), order: 'draw_id, position' }, params, query);
    return { items: items.map(assignmentView), ...counted };
  }

  /**
   * 结果录入: by one of the entity's inspectors (or the team leader), once. A problem found may raise
   * a clue (source random_check) in the same transaction.
   */
  async recordResult(actor: Actor, command: RecordCheckResultCommand): Promise<AssignmentView> {
    assertRole(actor, ['enforcement_officer', 'leader'], '录入抽查结果 Recording a check result');
    const rows: (AssignmentRow & { draw_no: string })[] = await this.dataSource.query(
      `SELECT ${assignmentColumns('a.')}, d.draw_no FROM enforcement.check_assignment a JOIN enforcement.check_draw d ON d.id = a.draw_id WHERE a.id = $1`,
      [command.id],
    );
    const row = visibleOr404(actor, rows[0], (r) => r.town_code, { code: 'CHECK_ASSIGNMENT_NOT_FOUND', detail: `抽查对象 ${command.id} 不存在 Picked entity ${command.id} not found` });
    assertWithin(actor, row.town_code);
    if (!row.inspector_ids.includes(actor.userId) && !hasAnyRole(actor, ['leader'])) {
      throw new DomainException('FORBIDDEN_ROLE', '仅本户的检查人员或队伍负责人可录入结果 Only the entity\'s inspectors or the team leader record its result');
    }
    if (command.raiseClue && command.result !== 'problem_found') {
      throw new DomainException('VALIDATION_FAILED', '未发现问题不能转线索 Only a problem found raises a clue', [{ field: 'raiseClue', messages: ['only with result problem_found'] }]);
    }
    const clue = command.raiseClue
      ? await this.cases.prepareClue(actor, {
          townCode: row.town_code,
          source: 'random_check',
          sourceRef: row.id,
          summary: `${command.note.trim()}(检查对象:${row.entity_name} ${row.credit_code};${row.draw_no})`,
          itemId: command.itemId,
          violationOn: command.violationOn,
        })
      : null;
    const today = todayInShanghai();
    await this.uow.run(async (tx) => {
      const updated: unknown[] = await tx.em.query(
        `WITH recorded AS (UPDATE enforcement.check_assignment SET result = $2, result_note = $3, clue_id = $4, recorded_on = $5, recorded_by = $6 WHERE id = $1 AND result IS NULL RETURNING draw_id)
         , counted AS (UPDATE enforcement.check_draw d SET results_recorded = results_recorded + 1 FROM recorded WHERE d.id = recorded.draw_id RETURNING d.id)
         SELECT id FROM counted`,
        [row.id, command.result, command.note.trim(), clue ? clue.id : null, today, actor.userId],
      );
      if (updated.length === 0) throw new DomainException('INVALID_TRANSITION', '该户的抽查结果已录入 The result is already recorded');
      if (clue) this.cases.stageClue(tx, clue);
      tx.audit({
        countyCode: row.county_code,
        jurisdictionCode: row.town_code,
        action: 'random_check.result.record',
        resourceType: 'check_assignment',
        resourceId: row.id,
        before: { result: null },
        after: { result: command.result, note: command.note.trim(), clueId: clue ? clue.id : null },
      });
    });
    const [after]: AssignmentRow[] = await this.dataSource.query(`SELECT ${ASSIGNMENT_COLUMNS} FROM enforcement.check_assignment WHERE id = $1`, [row.id]);
    return assignmentView(after as AssignmentRow);
  }

  /** 公开: the county's draws, newest first. */
  async publicDraws(query: PublicDrawsQuery): Promise<Page<PublicDrawView>> {
    const { items, ...counted } = await readSqlPage<DrawRow>(this.dataSource, { columns: DRAW_COLUMNS, from: 'enforcement.check_draw', where: 'county_code = $1', order: 'drawn_at DESC, id' }, [query.countyCode], query);
    return {
      items: items.map((r) => ({ id: r.id, drawNo: r.draw_no, title: r.title, jurisdictionCode: r.jurisdiction_code, items: r.items, drawDate: r.draw_date, seed: r.seed, snapshotHash: r.snapshot_hash, algorithm: r.algorithm, entityPoolSize: r.entity_pool_size, picked: r.picked })),
      ...counted,
    };
  }

  /** 公开: every picked entity of the county with its result; organisations only, inspectors only counted. */
  async publicResults(query: PublicResultsQuery): Promise<Page<PublicCheckResultView>> {
    const { items, ...counted } = await readSqlPage<{ draw_no: string; title: string; items: DrawItemView[]; draw_date: string; town_code: string; credit_code: string; entity_name: string; inspectors: number; result: CheckResult | null; result_note: string | null }>(
      this.dataSource,
      {
        columns: `d.draw_no, d.title, d.items, d.draw_date::text AS draw_date, a.town_code, a.credit_code, a.entity_name, cardinality(a.inspector_ids) AS inspectors, a.result, a.result_note`,
        from: 'enforcement.check_assignment a JOIN enforcement.check_draw d ON d.id = a.draw_id',
        // One draw: its rows by (draw_id, position); the county: newest draws first by (county_code, drawn_at, draw_id, position).
        where: query.drawId ? 'a.county_code = $1 AND a.draw_id = $2' : 'a.county_code = $1',
        order: query.drawId ? 'a.draw_id, a.position' : 'a.county_code, a.drawn_at DESC, a.draw_id, a.position',
      },
      query.drawId ? [query.countyCode, query.drawId] : [query.countyCode],
      query,
    );
    return {
      items: items.map((r) => ({
        drawNo: r.draw_no,
        title: r.title,
        items: r.items,
        drawDate: r.draw_date,
        townCode: r.town_code,
        creditCode: r.credit_code,
        entityName: r.entity_name,
        inspectorCount: Number(r.inspectors),
        result: r.result,
        resultLabel: r.result ? CHECK_RESULT_LABELS[r.result] : null,
        resultNote: r.result_note,
      })),
      ...counted,
    };
  }

  /** 复核: re-runs the draw from its published seed and frozen snapshot and compares with what was recorded. */
  async verify(drawId: string): Promise<DrawVerificationView> {
    const [draw]: DrawRow[] = await this.dataSource.query(`SELECT ${DRAW_COLUMNS} FROM enforcement.check_draw WHERE id = $1`, [drawId]);
    if (!draw) throw new DomainException('CHECK_DRAW_NOT_FOUND', `抽查 ${drawId} 不存在 Draw ${drawId} not found`);
    const recorded: { credit_code: string; inspector_ids: string[] }[] = await this.dataSource.query(
      `SELECT credit_code, inspector_ids::text[] AS inspector_ids FROM enforcement.check_assignment WHERE draw_id = $1 ORDER BY position`,
      [drawId],
    );
    const rerun = runDraw(draw.seed, draw.snapshot);
    const picks = rerun.ok ? rerun.picks : [];
    const matches = rerun.ok && picks.length === recorded.length && picks.every((p, i) => p.creditCode === recorded[i]?.credit_code && p.inspectorIds.join() === recorded[i]?.inspector_ids.join());
    const recomputed = snapshotHash(draw.snapshot);
    return { drawNo: draw.draw_no, seed: draw.seed, snapshotHash: draw.snapshot_hash, recomputedSnapshotHash: recomputed, matches: matches && recomputed === draw.snapshot_hash, picks: picks.map((p) => p.creditCode) };
  }

  private async visibleDraw(actor: Actor, id: string): Promise<DrawRow> {
    assertRole(actor, READERS, '查阅双随机抽查 Reading random checks');
    const [row]: DrawRow[] = await this.dataSource.query(`SELECT ${DRAW_COLUMNS} FROM enforcement.check_draw WHERE id = $1`, [id]);
    // A town's draw is seen in the town and above; a county-wide draw by everyone of the county.
    if (!row || !(visibleTo(actor, row.jurisdiction_code) || isWithinJurisdiction(row.jurisdiction_code, actor.jurisdictionCode))) {
      throw new DomainException('CHECK_DRAW_NOT_FOUND', `抽查 ${id} 不存在 Draw ${id} not found`);
    }
    return row;
  }
}
