import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type MetadataStorage, type ValidationError } from 'class-validator';
import type { FieldError } from '@yiti/contracts';
import { DomainException } from './domain-exception';
import { ValidPrecheck } from './valid-precheck';

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

const precheck = ValidPrecheck.for(VALIDATOR_OPTIONS) as ValidPrecheck;

export function validationException(errors: ValidationError[]): DomainException {
  const fields = flattenValidationErrors(errors);
  return new DomainException('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.messages.join('; ')}`).join(' | '), fields);
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
  return precheck.passes(instance, undefined);
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
