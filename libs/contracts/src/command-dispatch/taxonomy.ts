import { GRID_EVENT_CATEGORIES } from '../grid/grid.dto';
import type { SlaUnit } from './work-order.dto';

/** 诉求类型 The kind of request of a hotline ticket: its default limit follows hotline practice. */
export const REQUEST_TYPES = ['consultation', 'complaint', 'suggestion', 'help', 'report'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const REQUEST_TYPE_LABELS: Record<RequestType, string> = { consultation: '咨询', complaint: '投诉', suggestion: '建议', help: '求助', report: '举报' };

/** A handling limit: an amount of working days or office hours, or the same (working) day. */
export interface SlaLimit {
  unit: SlaUnit;
  amount: number;
}

/**
 * The limits by urgency and request type (热线办理时限), county-configurable: urgent the same day;
 * consultation 3 working days; complaint, suggestion, help and report 13 working days.
 */
export const DEFAULT_SLA_POLICIES: Record<'urgent' | `request.${RequestType}`, SlaLimit> = {
  urgent: { unit: 'same_day', amount: 0 },
  'request.consultation': { unit: 'working_days', amount: 3 },
  'request.complaint': { unit: 'working_days', amount: 13 },
  'request.suggestion': { unit: 'working_days', amount: 13 },
  'request.help': { unit: 'working_days', amount: 13 },
  'request.report': { unit: 'working_days', amount: 13 },
};
export type SlaPolicyKey = keyof typeof DEFAULT_SLA_POLICIES;
export const SLA_POLICY_KEYS = Object.keys(DEFAULT_SLA_POLICIES) as SlaPolicyKey[];

/** Which family a category belongs to. */
export const CATEGORY_KINDS = ['hotline', 'city_management', 'public_security', 'work_safety', 'environment', 'water', 'grid', 'enforcement', 'approval', 'rule_alert'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

/** One entry of a county's taxonomy (分类目录). */
export interface TaxonomyEntry {
  code: string;
  name: string;
  kind: CategoryKind;
  /** The duty lists' event category (职责清单事件类别) the order is routed by; null: the dispatchers route it. */
  dutyCategory: string | null;
  /** The category's own limit (city management: office hours); null: by urgency and request type. */
  sla: SlaLimit | null;
}

const entry = (code: string, name: string, kind: CategoryKind, dutyCategory: string | null, sla: SlaLimit | null = null): TaxonomyEntry => ({ code, name, kind, dutyCategory, sla });
const hours = (amount: number): SlaLimit => ({ unit: 'working_hours', amount });
const days = (amount: number): SlaLimit => ({ unit: 'working_days', amount });

/** City-management handling limits in office hours (GB/T 30428 practice): events faster than components. */
const CITY_MANAGEMENT_HOURS: Record<string, number> = {
  'component.public_facilities': 16,
  'component.roads_traffic': 16,
  'component.city_appearance': 16,
  'component.landscaping': 24,
  'component.housing_land': 40,
  'component.other_facilities': 24,
  'event.city_appearance': 4,
  'event.advertising': 8,
  'event.construction': 16,
  'event.emergency': 2,
  'event.street_order': 4,
};

/**
 * The taxonomy every county starts with: the hotline's subject categories, the city-management
 * component and event classes (the grid's classification: `cm.<kind>.<class>`), the connected
 * departments' categories, and the platform's own. A county admin edits entries and adds its own.
 */
export const DEFAULT_TAXONOMY: readonly TaxonomyEntry[] = [
  entry('12345.city_appearance', '城乡建设/市容环境', 'hotline', '市容环境'),
  entry('12345.street_order', '城乡建设/占道经营', 'hotline', '市容环境/占道经营'),
  entry('12345.environment', '生态环境', 'hotline', '生态环境'),
  entry('12345.traffic', '交通运输', 'hotline', '交通运输'),
  entry('12345.labour', '劳动和社会保障', 'hotline', '劳动保障'),
  entry('12345.market', '市场监管', 'hotline', '市场监管'),
  entry('12345.housing', '住房和物业', 'hotline', '住房物业'),
  entry('12345.education_health', '教育卫生', 'hotline', '教育卫生'),
  entry('12345.other', '其他', 'hotline', null),
  ...Object.entries(GRID_EVENT_CATEGORIES).flatMap(([kind, classes]) =>
    Object.entries(classes).map(([key, label]) =>
      entry(`cm.${kind}.${key}`, `数字城管/${kind === 'component' ? '部件' : '事件'}/${label}`, 'city_management', label, hours(CITY_MANAGEMENT_HOURS[`${kind}.${key}`] ?? 16)),
    ),
  ),
  entry('public_security.order', '社会治安', 'public_security', '社会治安', days(5)),
  entry('work_safety.hazard', '安全生产隐患', 'work_safety', '安全生产', days(5)),
  entry('environment.pollution', '环境污染', 'environment', '生态环境', days(5)),
  entry('water.flood_control', '防汛与水利设施', 'water', '水利', hours(8)),
  entry('enforcement.referral', '执法协查', 'enforcement', '综合执法', days(5)),
  entry('approval.follow_up', '审批后续事项', 'approval', null, days(5)),
  entry('rule_alert.check_visit', '预警核查走访', 'rule_alert', null, days(3)),
];

/** The largest limit a county may set, per unit (a same-day limit has no amount). */
export const SLA_LIMIT_MAX: Record<SlaUnit, number> = { working_days: 60, working_hours: 400, same_day: 0 };

/** Why a limit is not one a county may set; null when it is. */
export function slaLimitProblem(limit: SlaLimit): string | null {
  if (!Number.isInteger(limit.amount) || limit.amount < 0) return 'the amount is a whole number ≥ 0';
  if (limit.amount > SLA_LIMIT_MAX[limit.unit]) return `at most ${SLA_LIMIT_MAX[limit.unit]} for ${limit.unit}`;
  if (limit.unit !== 'same_day' && limit.amount === 0) return `a limit in ${limit.unit} is at least 1`;
  return null;
}
