import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { DomainException } from './domain-exception';
import { validatedInstance } from './validation';

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
