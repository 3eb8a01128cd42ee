import { ArrayMaxSize, IsArray, IsDefined, IsInt, IsOptional, IsString, Length, Min, ValidateIf, ValidateNested, validate } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { RegisterApplicationRequest, residentIdCheckCharacter } from '@yiti/contracts';
import { DomainException } from './domain-exception';
import { passesValidation, validatedInstance, VALIDATOR_OPTIONS } from './validation';

class Base {
  @IsString()
  name!: string;
}

class Child extends Base {
  @IsInt()
  @Min(1)
  count!: number;
}

class Holder {
  @ValidateNested()
  @Type(() => Child)
  child!: Child;
}

async function failure(cls: new () => object, data: unknown): Promise<DomainException> {
  try {
    await validatedInstance(cls, data);
  } catch (error) {
    return error as DomainException;
  }
  throw new Error('expected a validation failure');
}

describe('validatedInstance with remembered rule lookups', () => {
  it('applies own, inherited and nested rules on every call, and still rejects unknown properties', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(validatedInstance(Child, { name: 'a', count: 2 })).resolves.toBeInstanceOf(Child);
      expect((await failure(Child, { name: 1, count: 0 })).errors?.map((e) => e.field).sort()).toEqual(['count', 'name']);
      expect((await failure(Child, { name: 'a', count: 2, extra: true })).errors?.map((e) => e.field)).toEqual(['extra']);
      expect((await failure(Holder, { child: { name: 'a', count: 0 } })).errors?.map((e) => e.field)).toEqual(['child.count']);
    }
  });

  it('sees rules registered after a lookup was remembered', async () => {
    class Late {
      @IsString()
      a!: string;
    }
    await expect(validatedInstance(Late, { a: 'x' })).resolves.toBeInstanceOf(Late);
    class LateChild extends Late {
      @IsInt()
      b!: number;
    }
    expect((await failure(LateChild, { a: 'x', b: 'y' })).errors?.map((e) => e.field)).toEqual(['b']);
    await expect(validatedInstance(Late, { a: 'x' })).resolves.toBeInstanceOf(Late);
  });
});

class Tagged {
  @IsOptional()
  @IsString({ each: true })
  @Length(1, 3, { each: true })
  tags?: string[] | Set<string>;

  @IsDefined()
  @ValidateIf((o: Tagged) => o.tags !== undefined)
  @IsInt()
  count!: number | null;
}

class Outer {
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => Child)
  children!: Child[];

  @IsOptional()
  @ValidateNested()
  @Type(() => Tagged)
  tagged?: Tagged | null;

  @IsOptional()
  @ValidateNested()
  loose?: unknown;
}

const idNumber = (first17: string) => first17 + residentIdCheckCharacter(first17);
const intake = (changes: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}) => ({
  townCode: '320585102',
  itemId: '7d3c1a52-5e0f-4f5b-9a52-1b2c3d4e5f60',
  applicant: { kind: 'person', name: '张三丰', idNumber: idNumber('32058519900101123'), phone: '13912345678', ...applicant },
  materials: [{ name: '申请书', copies: 1, original: true }, { name: '身份证明' }],
  acceptNow: true,
  ...changes,
});

describe('passesValidation, the fast answer for valid requests', () => {
  const cases: [string, new () => object, unknown][] = [
    ['a valid child', Child, { name: 'a', count: 2 }],
    ['an inherited rule broken', Child, { name: 3, count: 2 }],
    ['an unknown property', Child, { name: 'a', count: 2, extra: 1 }],
    ['each: a valid array', Tagged, { tags: ['a', 'bc'], count: 1 }],
    ['each: one item too long', Tagged, { tags: ['a', 'bcde'], count: 1 }],
    ['each: a valid Set', Tagged, { tags: new Set(['a']), count: 1 }],
    ['a condition skipping the property', Tagged, { count: 'x' }],
    ['a condition holding and the rule broken', Tagged, { tags: [], count: 'x' }],
    ['IsDefined with the property missing', Tagged, {}],
    ['IsDefined with null and the condition off', Tagged, { count: null }],
    ['nested items all valid', Outer, { children: [{ name: 'a', count: 1 }, { name: 'b', count: 2 }] }],
    ['one nested item broken', Outer, { children: [{ name: 'a', count: 1 }, { name: 'b', count: 0 }] }],
    ['a nested item that is not an object', Outer, { children: [{ name: 'a', count: 1 }, 7] }],
    // eslint-disable-next-line no-sparse-arrays -- a hole, which class-validator skips
    ['a hole in the nested items', Outer, { children: [{ name: 'a', count: 1 }, , { name: 'b', count: 1 }] }],
    ['an unknown property in a nested item', Outer, { children: [{ name: 'a', count: 1, x: 1 }] }],
    ['too many nested items', Outer, { children: [1, 2, 3, 4].map((count) => ({ name: 'a', count })) }],
    ['an optional nested object, null', Outer, { children: [], tagged: null }],
    ['an optional nested object, valid', Outer, { children: [], tagged: { count: 3 } }],
    ['an optional nested object, broken', Outer, { children: [], tagged: { tags: ['abcd'], count: 3 } }],
    ['a nested plain object without rules', Outer, { children: [], loose: { a: 1 } }],
    ['a nested value that is not an object', Outer, { children: [], loose: 'text' }],
    ['an intake', RegisterApplicationRequest, intake()],
    ['an intake with every optional field', RegisterApplicationRequest, intake({ note: '备注', receivedOn: '2026-01-05', lateEntryReason: '停电' }, { contactName: '李四', address: '浏河镇' })],
    ['an intake with a wrong check character', RegisterApplicationRequest, intake({}, { idNumber: `32058519900101123${residentIdCheckCharacter('32058519900101123') === '0' ? '1' : '0'}` })],
    ['an intake with a material without name', RegisterApplicationRequest, intake({ materials: [{ copies: 1 }] })],
    ['an intake with an unknown applicant field', RegisterApplicationRequest, intake({}, { email: 'a@b.c' })],
    ['an intake with a bad town code', RegisterApplicationRequest, intake({ townCode: '3205851' })],
    ['an intake with acceptNow as text', RegisterApplicationRequest, intake({ acceptNow: 'yes' })],
    ['an intake without applicant', RegisterApplicationRequest, intake({ applicant: undefined })],
  ];

  it.each(cases)('agrees with class-validator: %s', async (_name, cls, data) => {
    const instance = plainToInstance(cls, data as object);
    const valid = (await validate(instance, VALIDATOR_OPTIONS)).length === 0;
    expect(passesValidation(instance)).toBe(valid);
  });

  it('accepts the valid cases and refuses the others (the table above covers both)', async () => {
    const outcomes = await Promise.all(cases.map(async ([, cls, data]) => (await validate(plainToInstance(cls, data as object), VALIDATOR_OPTIONS)).length === 0));
    expect(outcomes.filter(Boolean).length).toBeGreaterThanOrEqual(10);
    expect(outcomes.filter((valid) => !valid).length).toBeGreaterThanOrEqual(10);
  });

  it('still reports every field of an invalid request through class-validator', async () => {
    const error = await failure(RegisterApplicationRequest, intake({ townCode: 'x', materials: [{ copies: 0 }] }, { phone: '1' }));
    expect(error.errors?.map((e) => e.field).sort()).toEqual(['applicant.phone', 'materials.0.copies', 'materials.0.name', 'townCode']);
  });
});
