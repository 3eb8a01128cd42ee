import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, ValidationTypes, type MetadataStorage, type ValidationArguments, type ValidationError } from 'class-validator';
import type { FieldError } from '@yiti/contracts';
import { DomainException } from './domain-exception';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
const kMemoised = Symbol.for('yiti.classValidatorMemo');

/**
 * class-validator looks up a class's rules on every validation of every (nested) object, scanning
 * every registered class for base classes (about 3 % of a service's CPU per request). The rules
 * only change when a decorator registers one, so the answer is remembered per class and options
 * until then; the gateway's ValidationPipe and validatedInstance share the one global storage.
 * Callers only read the arrays and groupings (new arrays are made from them, never changed).
 */
function memoiseRuleLookups(storage: MetadataStorage & { [kMemoised]?: true }): void {
  if (storage[kMemoised]) return;
  storage[kMemoised] = true;
  let byTarget = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    byTarget = new WeakMap();
    grouped = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if ((groups && groups.length > 0) || typeof target !== 'function') return lookUp(target, schema, always, strictGroups, groups);
    const key = `${schema ?? ''}|${always}|${strictGroups}`;
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map()));
    let rules = forTarget.get(key);
    if (!rules) forTarget.set(key, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.groupByPropertyName = (metadata) => {
    let result = grouped.get(metadata);
    if (!result) grouped.set(metadata, (result = group(metadata)));
    return result;
  };
}
memoiseRuleLookups(getMetadataStorage());

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) out.push({ field, messages: Object.values(error.constraints) });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

export function validationException(errors: ValidationError[]): DomainException {
  const fields = flattenValidationErrors(errors);
  return new DomainException('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.messages.join('; ')}`).join(' | '), fields);
}

/** A property's rules, split by kind as class-validator's executor splits them on every call. */
interface PropertyRules {
  name: string;
  defined: ValidationMetadata[];
  conditional: ValidationMetadata[];
  custom: ValidationMetadata[];
  nested: ValidationMetadata[];
  awaitsPromise: boolean;
}

interface ClassRules {
  grouped: Record<string, ValidationMetadata[]>;
  properties: PropertyRules[];
}

const rulesByLookup = new WeakMap<ValidationMetadata[], ClassRules>();

/** Keyed by the (remembered) lookup's array: rules registered later make a new array, so new rules. */
function classRules(storage: MetadataStorage, metadatas: ValidationMetadata[]): ClassRules {
  let rules = rulesByLookup.get(metadatas);
  if (rules) return rules;
  const grouped = storage.groupByPropertyName(metadatas);
  const properties = Object.keys(grouped).map((name) => {
    const all = grouped[name] as ValidationMetadata[];
    const checked = all.filter((m) => m.type !== ValidationTypes.IS_DEFINED && m.type !== ValidationTypes.WHITELIST);
    return {
      name,
      defined: all.filter((m) => m.type === ValidationTypes.IS_DEFINED),
      conditional: checked.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION),
      custom: checked.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION),
      nested: checked.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION),
      awaitsPromise: checked.some((m) => m.type === ValidationTypes.PROMISE_VALIDATION),
    };
  });
  rulesByLookup.set(metadatas, (rules = { grouped, properties }));
  return rules;
}

const isCollection = (value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> => Array.isArray(value) || value instanceof Set || value instanceof Map;

/** Whether every constraint holds; false when one fails or answers asynchronously (class-validator then decides). */
function constraintsHold(storage: MetadataStorage, object: object, value: unknown, metadatas: ValidationMetadata[]): boolean {
  for (const metadata of metadatas) {
    for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
      const args: ValidationArguments = { targetName: object.constructor ? object.constructor.name : (undefined as unknown as string), property: metadata.propertyName, object, value, constraints: metadata.constraints };
      const validator = constraint.instance as { validate(value: unknown, args: ValidationArguments): unknown };
      if (!metadata.each || !isCollection(value)) {
        if (validator.validate(value, args) !== true) return false;
        continue;
      }
      const items = value instanceof Map ? Array.from(value.values()) : Array.isArray(value) ? value : Array.from(value);
      if (!items.map((item) => validator.validate(item, args)).every((valid) => valid === true)) return false;
    }
  }
  return true;
}

function nestedHold(storage: MetadataStorage, value: unknown, metadatas: ValidationMetadata[]): boolean {
  if (value === undefined) return true;
  for (const metadata of metadatas) {
    if (isCollection(value)) {
      let valid = true;
      value.forEach((item: unknown) => {
        valid &&= nestedHold(storage, item, metadatas);
      });
      if (!valid) return false;
    } else if (value instanceof Object) {
      if (!objectPasses(storage, value, typeof metadata.target === 'string' ? metadata.target : metadata.target.name)) return false;
    } else {
      return false;
    }
  }
  return true;
}

function objectPasses(storage: MetadataStorage, object: object, schema: string | undefined): boolean {
  const metadatas = storage.getTargetValidationMetadatas(object.constructor, schema as string, false, false, undefined);
  if (metadatas.length === 0) return false;
  const { grouped, properties } = classRules(storage, metadatas);
  for (const key of Object.keys(object)) {
    if (!grouped[key] || grouped[key].length === 0) return false;
  }
  for (const property of properties) {
    const value: unknown = (object as Record<string, unknown>)[property.name];
    if (value instanceof Promise && property.awaitsPromise) return false;
    if (!property.conditional.every((m) => (m.constraints[0] as (object: object, value: unknown) => boolean)(object, value))) continue;
    if (!constraintsHold(storage, object, value, property.defined) || !constraintsHold(storage, object, value, property.custom) || !nestedHold(storage, value, property.nested)) return false;
  }
  return true;
}

/**
 * Whether class-validator would find nothing wrong with `instance` under VALIDATOR_OPTIONS: the same
 * rules, looked up and applied as its executor applies them (conditions, whitelist, unknown values,
 * `each`, nested objects and collections), without the error objects, arrays and promises it builds
 * for every property of every request (about a tenth of a service's CPU per command). It only ever
 * answers "valid" where class-validator would: on a failing or asynchronous constraint it answers
 * false and class-validator runs, so every error is reported exactly as before.
 */
export function passesValidation(instance: object): boolean {
  return objectPasses(getMetadataStorage(), instance, undefined);
}

/** Turns untrusted data into an instance of `cls`, or throws VALIDATION_FAILED listing every field. */
export async function validatedInstance<T extends object>(cls: new () => T, data: unknown): Promise<T> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DomainException('VALIDATION_FAILED', 'request body must be a JSON object');
  }
  const instance = plainToInstance(cls, data);
  if (passesValidation(instance)) return instance;
  const errors = await validate(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw validationException(errors);
  return instance;
}
