import { HOUSEHOLD_FLAG_CODES, READING_KINDS, REPEAT_KEYS, WARNING_RULE_BOUNDS, type HotspotParams, type ReadingThresholdParams, type RepeatParams, type WarningRuleKind, type WarningRuleParams } from '@yiti/contracts';

export interface FieldProblem {
  field: string;
  messages: string[];
}

export type ParamsCheck = { ok: true; params: WarningRuleParams } | { ok: false; problems: FieldProblem[] };

type Bound = { min: number; max: number };

/** Reads the rule's parameters of one kind, refusing unknown keys, wrong types and values out of bounds. */
class ParamReader {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly raw: Record<string, unknown>, allowed: readonly string[]) {
    for (const key of Object.keys(raw)) if (!allowed.includes(key)) this.fail(key, 'is not a parameter of this kind of rule');
  }

  fail(field: string, message: string): void {
    this.problems.push({ field: `params.${field}`, messages: [message] });
  }

  number(field: string, bound: Bound, integer: boolean): number {
    const value = this.raw[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) this.fail(field, `must be ${integer ? 'an integer' : 'a number'} between ${bound.min} and ${bound.max}`);
    else if (value < bound.min || value > bound.max) this.fail(field, `must be between ${bound.min} and ${bound.max}`);
    return value as number;
  }

  oneOf<T extends string>(field: string, values: readonly T[], optional = false): T | undefined {
    const value = this.raw[field];
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || !values.includes(value as T)) this.fail(field, `must be one of ${values.join(', ')}`);
    return value as T;
  }

  code(field: string, optional = false): string | undefined {
    const value = this.raw[field];
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || !/^[a-z0-9_.-]{2,60}$/.test(value)) this.fail(field, 'must be a category code of the county taxonomy');
    return value as string;
  }
}

/**
 * Validates a rule's parameters on save (研判预警规则校验): each kind has its own keys and bounds;
 * `knownCategories` are the county taxonomy's codes a hotspot or repeat rule may name.
 */
export function checkRuleParams(kind: WarningRuleKind, raw: Record<string, unknown>, knownCategories: ReadonlySet<string>): ParamsCheck {
  const b = WARNING_RULE_BOUNDS;
  let params: WarningRuleParams;
  let reader: ParamReader;
  switch (kind) {
    case 'reading_threshold': {
      reader = new ParamReader(raw, ['readingKind', 'householdFlag', 'threshold', 'orderCategory']);
      const value: ReadingThresholdParams = {
        readingKind: reader.oneOf('readingKind', READING_KINDS) as ReadingThresholdParams['readingKind'],
        householdFlag: reader.oneOf('householdFlag', HOUSEHOLD_FLAG_CODES) as ReadingThresholdParams['householdFlag'],
        threshold: reader.number('threshold', b.threshold, false),
      };
      const orderCategory = reader.code('orderCategory', true);
      if (orderCategory !== undefined) value.orderCategory = orderCategory;
      params = value;
      break;
    }
    case 'hotspot': {
      reader = new ParamReader(raw, ['category', 'minOrders', 'radiusMetres', 'days']);
      const value: HotspotParams = {
        category: reader.code('category') as string,
        minOrders: reader.number('minOrders', b.minOrders, true),
        radiusMetres: reader.number('radiusMetres', b.radiusMetres, false),
        days: reader.number('days', b.days, true),
      };
      params = value;
      break;
    }
    case 'repeat': {
      reader = new ParamReader(raw, ['key', 'minOrders', 'days', 'category']);
      const value: RepeatParams = {
        key: reader.oneOf('key', REPEAT_KEYS) as RepeatParams['key'],
        minOrders: reader.number('minOrders', b.minOrders, true),
        days: reader.number('days', b.days, true),
      };
      const category = reader.code('category', true);
      if (category !== undefined) value.category = category;
      params = value;
      break;
    }
  }
  for (const field of ['category', 'orderCategory'] as const) {
    const code = (params as unknown as Record<string, unknown>)[field];
    if (typeof code === 'string' && !reader.problems.some((p) => p.field === `params.${field}`) && !knownCategories.has(code)) reader.fail(field, `${code} is not in the county taxonomy`);
  }
  return reader.problems.length ? { ok: false, problems: reader.problems } : { ok: true, params };
}
