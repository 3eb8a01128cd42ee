import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsString, MaxLength, validate } from 'class-validator';
import { ApplicationFilterQuery, CaseStepRequest, RegisterApplicationRequest } from '@yiti/contracts';
import { DomainException, ValidPrecheck, validationException } from '@yiti/platform';
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

  it('decides a valid body without running class-validator', async () => {
    const library = jest.spyOn(ValidationPipe.prototype as unknown as Record<string, () => unknown>, 'validate');
    try {
      await gateway.transform(markParsedJson(parseJsonBody(JSON.stringify(intake()))), BODY);
      expect(library).not.toHaveBeenCalled();
      await gateway.transform(markParsedJson(parseJsonBody(JSON.stringify(intake({ note: 1 })))), BODY).catch(() => undefined);
      expect(library).toHaveBeenCalledTimes(1);
    } finally {
      library.mockRestore();
    }
  });
});

describe('ValidPrecheck', () => {
  const precheck = ValidPrecheck.for(OPTIONS);
  const values: unknown[] = [undefined, null, '', 'x', '张三', 'x'.repeat(1001), 0, 1, 1.5, 101, -1, true, false, [], ['x'], [{}], {}, { name: '申请书' }];
  /** Every field of the intake (top level, the applicant, the first material, an unknown one) set to each value in turn. */
  const variants = (): [string, Record<string, unknown>][] => {
    const out: [string, Record<string, unknown>][] = [['as is', intake()]];
    const base = intake();
    const material = { name: '申请书', copies: 1, original: true, attachments: ['a'.repeat(64)] };
    for (const value of values) {
      for (const key of [...Object.keys(base), 'note', 'receivedOn', 'lateEntryReason', 'unknown']) out.push([`${key}=${JSON.stringify(value)}`, { ...intake(), [key]: value }]);
      for (const key of [...Object.keys(base.applicant), 'contactName', 'address', 'unknown']) out.push([`applicant.${key}=${JSON.stringify(value)}`, intake({ applicant: { ...base.applicant, [key]: value } })]);
      for (const key of [...Object.keys(material), 'unknown']) out.push([`materials[0].${key}=${JSON.stringify(value)}`, intake({ materials: [{ ...material, [key]: value }] })]);
    }
    out.push(['an organisation with a credit code', intake({ applicant: { ...base.applicant, kind: 'organisation', idNumber: '91320585MA1MXXXX0X' } })]);
    out.push(['a second material with a bad attachment', intake({ materials: [material, { ...material, attachments: ['A'.repeat(64)] }] })]);
    return out;
  };

  it.each(variants())('says valid exactly when class-validator finds no error: intake with %s', async (_name, body) => {
    const entity = plainToInstance(RegisterApplicationRequest, body);
    const errors = await validate(entity, OPTIONS);
    expect(precheck?.passes(entity, undefined)).toBe(errors.length === 0);
  });

  it('agrees on other classes: a case step, a query with converted numbers', async () => {
    for (const [type, body] of [
      [CaseStepRequest, {}],
      [CaseStepRequest, { reasons: '当事人已改正违法行为' }],
      [CaseStepRequest, { reasons: 5, transferTo: '县市场监督管理局' }],
      [ApplicationFilterQuery, { townCode: '320585102', page: 2 }],
      [ApplicationFilterQuery, { townCode: '320585102', page: 'two' }],
    ] as const) {
      const entity = plainToInstance(type as new () => object, body, { enableImplicitConversion: true });
      expect([type.name, body, precheck?.passes(entity, undefined)]).toEqual([type.name, body, (await validate(entity, OPTIONS)).length === 0]);
    }
  });

  it('follows a rule registered after the class was first validated', async () => {
    class Late {
      @IsString()
      name!: string;
    }
    const late = plainToInstance(Late, { name: 'abc' });
    expect(precheck?.passes(late, undefined)).toBe(true);
    MaxLength(2)(Late.prototype, 'name');
    expect(await validate(late, OPTIONS)).toHaveLength(1);
    expect(precheck?.passes(late, undefined)).toBe(false);
  });

  it('is not used for options it does not model', () => {
    expect(ValidPrecheck.for({ ...OPTIONS, forbidNonWhitelisted: false })).toBeNull();
    expect(ValidPrecheck.for({ ...OPTIONS, groups: ['a'] })).toBeNull();
    expect(ValidPrecheck.for({ ...OPTIONS, skipMissingProperties: true })).toBeNull();
  });
});
