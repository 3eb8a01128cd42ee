import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { RegisterApplicationRequest } from '@yiti/contracts';
import { DomainException, validationException } from '@yiti/platform';
import { parseJsonBody } from './hostile-input';
import { GatewayValidationPipe, markParsedJson } from './validation-pipe';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true, exceptionFactory: validationException };
const BODY: ArgumentMetadata = { type: 'body', metatype: RegisterApplicationRequest, data: undefined };

/** A valid resident ID number (GB 11643 check character). */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

const intake = (overrides: Record<string, unknown> = {}) => ({
  townCode: '320585102',
  itemId: '0b6b7e0e-5a8d-4a55-9a51-1f7c1c2f9d11',
  applicant: { kind: 'person', name: '张三', idNumber: residentId('32058519900101123'), phone: '13912345678' },
  materials: [{ name: '申请书', copies: 1, original: true }],
  acceptNow: true,
  ...overrides,
});

/** The pipe's answer: the instance as JSON, or the refusal's code and fields. */
async function outcome(pipe: ValidationPipe, value: unknown, metadata = BODY) {
  try {
    const result: unknown = await pipe.transform(value, metadata);
    return { constructor: (result as object | null)?.constructor?.name, value: JSON.parse(JSON.stringify(result ?? null)) as unknown };
  } catch (error) {
    if (!(error instanceof DomainException)) throw error;
    return { code: error.code, fields: error.errors };
  }
}

const bodies: [string, string][] = [
  ['a valid intake', JSON.stringify(intake())],
  ['a bad check character and an unknown field', JSON.stringify(intake({ applicant: { ...intake().applicant, idNumber: '320585199001011230' }, extra: 1 }))],
  ['a material that is not an object', JSON.stringify(intake({ materials: ['申请书'] }))],
  ['materials not an array', JSON.stringify(intake({ materials: { name: 'x' } }))],
  ['an applicant that is null', JSON.stringify(intake({ applicant: null }))],
  ['an empty body', '{}'],
  ['an array body', '[{"townCode":"320585102"}]'],
];

describe('GatewayValidationPipe', () => {
  const library = new ValidationPipe(OPTIONS);
  const gateway = new GatewayValidationPipe(OPTIONS);

  it.each(bodies)('answers a parsed JSON body (%s) exactly as Nest\'s ValidationPipe', async (_name, text) => {
    const expected = await outcome(library, parseJsonBody(text));
    expect(await outcome(gateway, markParsedJson(parseJsonBody(text)))).toEqual(expected);
    expect(await outcome(gateway, parseJsonBody(text))).toEqual(expected);
  });

  it('skips the gap, prototype-key and binary walks for a parsed JSON body only', async () => {
    const walks = ['closeArrayGaps', 'stripProtoKeys', 'findNestedBinaryValues'] as const;
    const spies = walks.map((walk) => jest.spyOn(ValidationPipe.prototype as unknown as Record<string, () => unknown>, walk));
    try {
      await gateway.transform(markParsedJson(parseJsonBody(JSON.stringify(intake()))), BODY);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      await gateway.transform(parseJsonBody(JSON.stringify(intake())), BODY);
      for (const spy of spies) expect(spy).toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('still walks any other value: a sparse array, a binary value and a prototype key as the library does', async () => {
    const sparse = () => {
      const materials: unknown[] = [];
      materials[3] = { name: '申请书' };
      return intake({ materials });
    };
    const binary = () => intake({ applicant: Buffer.from('x') });
    const polluted = () => {
      const value = intake();
      Object.defineProperty(value.applicant, 'constructor', { value: { prototype: { isAdmin: true } }, enumerable: true, configurable: true });
      return value;
    };
    for (const make of [sparse, binary, polluted]) expect(await outcome(gateway, make())).toEqual(await outcome(library, make()));
    expect(await outcome(gateway, binary())).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('leaves query parameters as the library does', async () => {
    expect(await gateway.transform('3', { type: 'query', metatype: Number, data: 'page' })).toBe(3);
  });
});
