import { registerDecorator, type ValidationOptions } from 'class-validator';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643-1999 check character of a resident identity number's first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(first17[i]), 0);
  return ID_CHECK[sum % 11] as string;
}

/** GB 11643-1999 resident identity number: 18 characters, a real birth date and the check digit. */
export function isResidentIdNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{17}[\dX]$/.test(value)) return false;
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth || Number(value.slice(6, 10)) < 1900) return false;
  return residentIdCheckCharacter(value) === value[17];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 unified social credit code: 18 characters of its 31-letter alphabet and the check character. */
export function isUnifiedSocialCreditCode(value: unknown): boolean {
  if (typeof value !== 'string' || value.length !== 18) return false;
  const codes = [...value].map((c) => USCC_CHARS.indexOf(c));
  if (codes.some((c) => c < 0)) return false;
  const sum = USCC_WEIGHTS.reduce((acc, weight, i) => acc + weight * (codes[i] as number), 0);
  return (31 - (sum % 31)) % 31 === codes[17];
}

function predicateDecorator(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({ name, target: target.constructor, propertyName, options: { message, ...options }, validator: { validate: test } });
}

export const IsResidentIdNumber = predicateDecorator('isResidentIdNumber', isResidentIdNumber, '$property must be an 18-character resident ID number with a valid check digit (GB 11643)');
export const IsUnifiedSocialCreditCode = predicateDecorator('isUnifiedSocialCreditCode', isUnifiedSocialCreditCode, '$property must be an 18-character unified social credit code with a valid check character (GB 32100)');
