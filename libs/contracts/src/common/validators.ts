import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

/** 'YYYY-MM-DD' with a month and a day that can exist; see isCalendarDate for the real-date check. */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A real calendar date 'YYYY-MM-DD': 2026-02-28 is one, 2026-02-30 and 2026-13-01 are not. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Every date field of every request: a real calendar date, or 400 VALIDATION_FAILED naming the field. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a real calendar date YYYY-MM-DD`, options),
      },
    },
    options,
  );
}

export const REASON_MIN_CONTENT = 2;

/** Whether a reason says something: at least two characters besides white space, at most `maxLength` in all. */
export function isReason(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength && value.replace(/\s/gu, '').length >= REASON_MIN_CONTENT;
}

/** Every reason a person must give (refusals, withdrawals, revocations...): white space alone is no reason. */
export function IsReason(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isReason',
      constraints: [maxLength],
      validator: {
        validate: (value) => isReason(value, maxLength),
        defaultMessage: buildMessage((each) => `${each}$property must state a reason: at least ${REASON_MIN_CONTENT} characters besides spaces, at most ${maxLength} in all`, options),
      },
    },
    options,
  );
}
