import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FieldError } from '@yiti/contracts';
import { DomainException } from './domain-exception';

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

/** Turns untrusted data into an instance of `cls`, or throws VALIDATION_FAILED listing every field. */
export async function validatedInstance<T extends object>(cls: new () => T, data: unknown): Promise<T> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DomainException('VALIDATION_FAILED', 'request body must be a JSON object');
  }
  const instance = plainToInstance(cls, data);
  const errors = await validate(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw validationException(errors);
  return instance;
}
