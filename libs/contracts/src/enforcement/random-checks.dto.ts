import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { PageQuery } from '../common/pagination';
import { IsUnifiedSocialCreditCode } from '../common/identifiers';
import { IsCalendarDate, IsReason } from '../common/validators';

/**
 * 双随机一公开 (random selection of the inspected and of the inspectors, results made public):
 * 一单 the spot-check item list, 两库 the pools of inspected entities and of inspectors, 一细则 the
 * draw's published rules (the derivation below).
 */
export const CHECK_ITEM_KINDS = ['general', 'key'] as const;
export type CheckItemKind = (typeof CHECK_ITEM_KINDS)[number];
export const CHECK_ITEM_KIND_LABELS: Record<CheckItemKind, string> = { general: '一般检查事项', key: '重点检查事项' };

export const CHECK_RESULTS = ['no_problem', 'problem_found'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];
export const CHECK_RESULT_LABELS: Record<CheckResult, string> = { no_problem: '未发现问题', problem_found: '发现问题' };

/** At least two inspectors check each entity (执法人员不得少于两人). */
export const MIN_INSPECTORS_PER_ENTITY = 2;
/** The most rows one import takes; a bigger pool is imported in parts. */
export const MAX_ENTITY_IMPORT_ROWS = 5000;
/** The most entities one draw picks. */
export const MAX_DRAW_PICKS = 2000;
/** The most per-row errors an import answers with (the count of rejected rows is always exact). */
export const MAX_IMPORT_ERRORS = 100;

/** 抽查事项清单 An item of the county's spot-check list. */
export class CreateCheckItemRequest {
  @ApiProperty({ description: '县级区划代码 County code', example: '320585' })
  @Matches(/^\d{6}$/)
  countyCode: string;

  @ApiProperty({ description: '抽查事项编码 Spot-check item code', example: 'SC-SCJG-001' })
  @IsString()
  @Length(1, 40)
  @Matches(/^[A-Za-z0-9_-]+$/)
  code: string;

  @ApiProperty({ description: '抽查事项名称 Spot-check item name', example: '食品经营许可事项检查' })
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiProperty({ description: '事项类别:general 一般检查事项 / key 重点检查事项 Item kind', enum: CHECK_ITEM_KINDS })
  @IsIn(CHECK_ITEM_KINDS)
  kind: CheckItemKind;

  @ApiProperty({ description: '对应的权力事项ID(检查人员须具备其执法资格) Catalog item whose certification inspectors must hold' })
  @IsUUID()
  itemId: string;

  @ApiProperty({ description: '检查依据 Legal basis of the check' })
  @IsReason(500)
  basis: string;
}

export class CheckItemView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '县级区划代码 County code' })
  countyCode: string;

  @ApiProperty({ description: '抽查事项编码 Code' })
  code: string;

  @ApiProperty({ description: '抽查事项名称 Name' })
  name: string;

  @ApiProperty({ description: '事项类别 Kind', enum: CHECK_ITEM_KINDS })
  kind: CheckItemKind;

  @ApiProperty({ description: '对应的权力事项ID Catalog item id' })
  itemId: string;

  @ApiProperty({ description: '对应的权力事项编码 Catalog item code' })
  itemCode: string;

  @ApiProperty({ description: '检查依据 Basis' })
  basis: string;
}

export class ListCheckItemsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '事项类别 Kind', enum: CHECK_ITEM_KINDS })
  @IsOptional()
  @IsIn(CHECK_ITEM_KINDS)
  kind?: CheckItemKind;
}

/**
 * 检查对象名录库: one import of inspected entities (organisations, by unified social credit code),
 * given as CSV text (header townCode,creditCode,name,address) or as JSON rows. Rows are checked one
 * by one: a bad row is reported by its line and skipped; good rows are added or updated.
 */
export class ImportCheckEntitiesRequest {
  @ApiPropertyOptional({ description: 'CSV 文本,首行为表头 townCode,creditCode,name,address CSV text with a header line', maxLength: 2_000_000 })
  @ValidateIf((o: ImportCheckEntitiesRequest) => o.rows === undefined)
  @IsString()
  @MaxLength(2_000_000)
  csv?: string;

  @ApiPropertyOptional({ description: 'JSON 行 {townCode, creditCode, name, address} Rows as JSON', type: 'array', items: { type: 'object' }, maxItems: MAX_ENTITY_IMPORT_ROWS })
  @ValidateIf((o: ImportCheckEntitiesRequest) => o.csv === undefined)
  @IsArray()
  @ArrayMaxSize(MAX_ENTITY_IMPORT_ROWS)
  rows?: unknown[];
}

export class ImportRowErrorView {
  @ApiProperty({ description: '行号(CSV 含表头从1计;JSON 从1计) Line (CSV counting the header as 1; JSON rows from 1)' })
  line: number;

  @ApiProperty({ description: '字段 Field' })
  field: string;

  @ApiProperty({ description: '错误 Message' })
  message: string;
}

export class ImportCheckEntitiesView {
  @ApiProperty({ description: '新增 Added' })
  added: number;

  @ApiProperty({ description: '更新 Updated' })
  updated: number;

  @ApiProperty({ description: '拒绝的行数 Rows rejected' })
  rejected: number;

  @ApiProperty({ description: `逐行错误(最多${MAX_IMPORT_ERRORS}条) Per-row errors, the first ${MAX_IMPORT_ERRORS}`, type: [ImportRowErrorView] })
  errors: ImportRowErrorView[];
}

export class CheckEntityView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '乡镇 Town code' })
  townCode: string;

  @ApiProperty({ description: '统一社会信用代码 Unified social credit code (GB 32100)' })
  creditCode: string;

  @ApiProperty({ description: '名称 Name' })
  name: string;

  @ApiProperty({ description: '地址 Address', nullable: true, type: String })
  address: string | null;
}

export class ListCheckEntitiesQuery extends PageQuery {
  @ApiPropertyOptional({ description: '乡镇 Town code' })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode?: string;
}

/** 执法检查人员名录库: an enforcement officer entered in the inspector pool, with declared conflicts (回避). */
export class EnrolInspectorRequest {
  @ApiProperty({ description: '执法人员用户ID Officer user id' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ description: '申报回避的检查对象(统一社会信用代码) Entities the officer declared a conflict with (recusal)', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUnifiedSocialCreditCode({ each: true })
  conflicts?: string[];

  @ApiPropertyOptional({ description: '退出名录库(调离、停止执法等),不再参与摇号 Withdrawn from the pool: no longer drawn', default: false })
  @IsOptional()
  @IsBoolean()
  withdrawn?: boolean;
}

export class InspectorView {
  @ApiProperty({ description: '执法人员用户ID Officer user id' })
  userId: string;

  @ApiProperty({ description: '姓名 Name' })
  name: string;

  @ApiProperty({ description: '所属区划 Jurisdiction of the officer' })
  jurisdictionCode: string;

  @ApiProperty({ description: '申报回避的检查对象 Declared conflicts', type: [String] })
  conflicts: string[];

  @ApiProperty({ description: '已退出名录库 Withdrawn from the pool' })
  withdrawn: boolean;
}

export class ListInspectorsQuery extends PageQuery {}

/** 抽查计划与摇号 A draw: the plan (items, how many entities, date) and its random picks. */
export class CreateDrawRequest {
  @ApiProperty({ description: '抽查范围(乡镇或县级区划代码) Scope: a town or the county', example: '320585102' })
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode: string;

  @ApiProperty({ description: '抽查计划名称 Plan title', example: '2026年第四季度食品经营双随机抽查' })
  @IsString()
  @Length(2, 200)
  title: string;

  @ApiProperty({ description: '抽查事项ID(来自抽查事项清单) Spot-check items', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  checkItemIds: string[];

  @ApiPropertyOptional({ description: '抽查比例(%),与 count 二选一 Share of the pool to check, in percent (or count)', minimum: 1, maximum: 100 })
  @ValidateIf((o: CreateDrawRequest) => o.count === undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  ratioPercent?: number;

  @ApiPropertyOptional({ description: '抽查户数,与 ratioPercent 二选一 Number of entities to check (or ratioPercent)', minimum: 1, maximum: MAX_DRAW_PICKS })
  @ValidateIf((o: CreateDrawRequest) => o.ratioPercent === undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_DRAW_PICKS)
  count?: number;

  @ApiPropertyOptional({ description: '每户检查人员数(至少2人) Inspectors per entity, at least 2', default: MIN_INSPECTORS_PER_ENTITY, minimum: MIN_INSPECTORS_PER_ENTITY, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_INSPECTORS_PER_ENTITY)
  @Max(5)
  inspectorsPerEntity?: number;

  @ApiProperty({ description: '检查日期(检查人员须在该日具备执法资格) Inspection date; inspectors must be certified on it', example: '2026-12-10' })
  @IsCalendarDate()
  drawDate: string;
}

export class DrawItemView {
  @ApiProperty({ description: '抽查事项编码 Code' })
  code: string;

  @ApiProperty({ description: '抽查事项名称 Name' })
  name: string;

  @ApiProperty({ description: '事项类别 Kind', enum: CHECK_ITEM_KINDS })
  kind: CheckItemKind;
}

export class DrawView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '抽查编号 Draw number', example: '双随机320585-2026-0001' })
  drawNo: string;

  @ApiProperty({ description: '县级区划代码 County code' })
  countyCode: string;

  @ApiProperty({ description: '抽查范围 Scope' })
  jurisdictionCode: string;

  @ApiProperty({ description: '抽查计划名称 Title' })
  title: string;

  @ApiProperty({ description: '抽查事项 Items', type: [DrawItemView] })
  items: DrawItemView[];

  @ApiProperty({ description: '检查日期 Inspection date' })
  drawDate: string;

  @ApiProperty({ description: '公开的随机种子(十六进制) Published seed, hex' })
  seed: string;

  @ApiProperty({ description: '名录库快照的SHA-256(摇号输入,摇号时冻结) SHA-256 of the frozen pool snapshot' })
  snapshotHash: string;

  @ApiProperty({ description: '摇号算法(细则) Derivation, as published', example: 'yiti-draw-v1 HMAC-SHA256' })
  algorithm: string;

  @ApiProperty({ description: '检查对象名录库户数 Entities in the pool' })
  entityPoolSize: number;

  @ApiProperty({ description: '可参与的检查人员数(具备资格) Certified inspectors in the pool' })
  inspectorPoolSize: number;

  @ApiProperty({ description: '抽中户数 Entities picked' })
  picked: number;

  @ApiProperty({ description: '每户检查人员数 Inspectors per entity' })
  inspectorsPerEntity: number;

  @ApiProperty({ description: '已录入结果户数 Results recorded' })
  resultsRecorded: number;

  @ApiProperty({ description: '摇号时间 Drawn at', format: 'date-time' })
  drawnAt: string;
}

export class ListDrawsQuery extends PageQuery {}

export class AssignmentInspectorView {
  @ApiProperty({ description: '执法人员用户ID Officer user id' })
  userId: string;

  @ApiProperty({ description: '姓名 Name' })
  name: string;
}

/** 抽查对象及其检查人员、结果 One picked entity, its inspectors and its result. */
export class AssignmentView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '抽查ID Draw id' })
  drawId: string;

  @ApiProperty({ description: '乡镇 Town code' })
  townCode: string;

  @ApiProperty({ description: '统一社会信用代码 Credit code' })
  creditCode: string;

  @ApiProperty({ description: '检查对象名称 Entity name' })
  entityName: string;

  @ApiProperty({ description: '检查人员 Inspectors', type: [AssignmentInspectorView] })
  inspectors: AssignmentInspectorView[];

  @ApiProperty({ description: '检查结果 Result', enum: CHECK_RESULTS, nullable: true })
  result: CheckResult | null;

  @ApiProperty({ description: '结果说明 Result note', nullable: true, type: String })
  resultNote: string | null;

  @ApiProperty({ description: '转立的线索ID Clue raised', nullable: true, type: String })
  clueId: string | null;

  @ApiProperty({ description: '录入日期 Recorded on', nullable: true, type: String })
  recordedOn: string | null;
}

export class ListAssignmentsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '仅未录入结果的 Only those without a result' })
  @IsOptional()
  @IsIn(['true', 'false'])
  pending?: 'true' | 'false';
}

export class DrawIdParam {
  @ApiProperty({ description: '抽查ID Draw id (UUID)' })
  @IsUUID()
  drawId: string;
}

export class ListAssignmentsCommand extends ListAssignmentsQuery {
  @IsUUID()
  drawId: string;
}

/** 检查结果录入 A result; a problem found may raise a clue (source random_check). */
export class RecordCheckResultRequest {
  @ApiProperty({ description: '检查结果 Result', enum: CHECK_RESULTS })
  @IsIn(CHECK_RESULTS)
  result: CheckResult;

  @ApiProperty({ description: '结果说明(公开) Result note, published' })
  @IsReason(1000)
  note: string;

  @ApiPropertyOptional({ description: '发现问题时转为线索 Raise a clue (problem found only)' })
  @IsOptional()
  @IsBoolean()
  raiseClue?: boolean;

  @ApiPropertyOptional({ description: '涉及的处罚事项ID Penalty item concerned' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: '违法行为日期 Violation date' })
  @IsOptional()
  @IsCalendarDate()
  violationOn?: string;
}

export class RecordCheckResultCommand extends RecordCheckResultRequest {
  @IsUUID()
  id: string;
}

/** The frozen input of a draw, exactly as it is hashed and re-run. */
export class DrawSnapshotView {
  @ApiProperty({ description: '算法 Algorithm' })
  algorithm: string;

  @ApiProperty({ description: '检查日期 Inspection date' })
  drawDate: string;

  @ApiProperty({ description: '抽查事项编码 Item codes', type: [String] })
  items: string[];

  @ApiProperty({ description: '抽中户数 Number to pick' })
  pick: number;

  @ApiProperty({ description: '每户检查人员数 Inspectors per entity' })
  inspectorsPerEntity: number;

  @ApiProperty({ description: '检查对象 {code 信用代码, town 乡镇},按代码排序 Entities by credit code, with their town', type: 'array', items: { type: 'object' } })
  entities: { code: string; town: string }[];

  @ApiProperty({ description: '具备资格的检查人员 {id, scope 可检查的区划代码前缀, recuse 回避对象} Certified inspectors with their scope and recusals', type: 'array', items: { type: 'object' } })
  inspectors: { id: string; scope: string; recuse: string[] }[];
}

/** 复核:从公开的种子与冻结的快照重新摇号 A re-run of the draw from its seed and frozen snapshot. */
export class DrawVerificationView {
  @ApiProperty({ description: '抽查编号 Draw number' })
  drawNo: string;

  @ApiProperty({ description: '随机种子 Seed' })
  seed: string;

  @ApiProperty({ description: '记录的快照哈希 Recorded snapshot hash' })
  snapshotHash: string;

  @ApiProperty({ description: '重新计算的快照哈希 Snapshot hash recomputed' })
  recomputedSnapshotHash: string;

  @ApiProperty({ description: '重新摇号结果与记录一致 The re-run gives the recorded picks' })
  matches: boolean;

  @ApiProperty({ description: '重新摇号抽中的信用代码(按抽中顺序) Credit codes the re-run picks, in order', type: [String] })
  picks: string[];
}

/** 公开的抽查结果 One published result: organisations only, no inspector's personal data. */
export class PublicCheckResultView {
  @ApiProperty({ description: '抽查编号 Draw number' })
  drawNo: string;

  @ApiProperty({ description: '抽查计划名称 Plan title' })
  title: string;

  @ApiProperty({ description: '抽查事项 Items', type: [DrawItemView] })
  items: DrawItemView[];

  @ApiProperty({ description: '检查日期 Inspection date' })
  drawDate: string;

  @ApiProperty({ description: '乡镇 Town code' })
  townCode: string;

  @ApiProperty({ description: '统一社会信用代码 Credit code' })
  creditCode: string;

  @ApiProperty({ description: '检查对象名称 Entity name' })
  entityName: string;

  @ApiProperty({ description: '检查人员数 Number of inspectors' })
  inspectorCount: number;

  @ApiProperty({ description: '检查结果(尚未录入为 null) Result, null until recorded', enum: CHECK_RESULTS, nullable: true })
  result: CheckResult | null;

  @ApiProperty({ description: '检查结果 Result label', nullable: true, type: String })
  resultLabel: string | null;

  @ApiProperty({ description: '结果说明 Note', nullable: true, type: String })
  resultNote: string | null;
}

export class PublicResultsQuery extends PageQuery {
  @ApiProperty({ description: '县级区划代码 County code', example: '320585' })
  @Matches(/^\d{6}$/)
  countyCode: string;

  @ApiPropertyOptional({ description: '仅一次抽查的结果(按抽中顺序) Only one draw\'s results, in pick order' })
  @IsOptional()
  @IsUUID()
  drawId?: string;
}

export class PublicDrawsQuery extends PageQuery {
  @ApiProperty({ description: '县级区划代码 County code', example: '320585' })
  @Matches(/^\d{6}$/)
  countyCode: string;
}

/** A draw as published: no inspector identities. */
export class PublicDrawView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '抽查编号 Draw number' })
  drawNo: string;

  @ApiProperty({ description: '抽查计划名称 Title' })
  title: string;

  @ApiProperty({ description: '抽查范围 Scope' })
  jurisdictionCode: string;

  @ApiProperty({ description: '抽查事项 Items', type: [DrawItemView] })
  items: DrawItemView[];

  @ApiProperty({ description: '检查日期 Inspection date' })
  drawDate: string;

  @ApiProperty({ description: '随机种子 Seed' })
  seed: string;

  @ApiProperty({ description: '快照哈希 Snapshot hash' })
  snapshotHash: string;

  @ApiProperty({ description: '算法 Algorithm' })
  algorithm: string;

  @ApiProperty({ description: '检查对象名录库户数 Entities in the pool' })
  entityPoolSize: number;

  @ApiProperty({ description: '抽中户数 Picked' })
  picked: number;
}

export class PublicDrawParam {
  @IsUUID()
  drawId: string;
}
