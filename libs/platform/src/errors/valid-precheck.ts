import { ValidationTypes, getMetadataStorage, type MetadataStorage, type ValidationArguments, type ValidatorOptions } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type ConstraintMetadata = ReturnType<MetadataStorage['getTargetValidatorConstraints']>[number];

/** One property's rules, sorted as class-validator's executor applies them. */
interface PropertyRules {
  name: string;
  /** @IsOptional, @ValidateIf: the property's rules apply only when all of them hold. */
  conditions: ((object: object, value: unknown) => boolean)[];
  /** @IsDefined and every custom rule (all built-in checks are custom rules), with their constraint classes' instances. */
  checks: { metadata: ValidationMetadata; validators: ConstraintMetadata['instance'][] }[];
  nested: ValidationMetadata[];
}

/** A class's rules, or null when it has a rule the pre-check does not model (promise validation, an asynchronous rule). */
type ClassRules = { properties: PropertyRules[]; declared: Set<string> } | null;

const MODELLED_TYPES: ReadonlySet<string> = new Set([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.WHITELIST,
]);

const isArrayLike = (value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> => Array.isArray(value) || value instanceof Set || value instanceof Map;

/**
 * class-validator's executor walked for a valid value only, with each class's rules sorted once
 * (the library filters each property's rules by kind several times for each object it validates,
 * and builds an error record per property even when nothing fails). It calls the same rules with the same
 * arguments and answers true only when class-validator would find no error: every rule holds, no
 * property is undeclared (whitelist with forbidNonWhitelisted), no object lacks rules
 * (forbidUnknownValues), every nested value is an object or an array of them. On false, when a rule
 * throws, or for a class with an asynchronous rule, class-validator runs as before and reports what failed.
 */
export class ValidPrecheck {
  private readonly storage = getMetadataStorage();
  private readonly compiled = new WeakMap<ValidationMetadata[], ClassRules>();

  /** The options it models: whitelisting that refuses, unknown values refused, no groups, nothing skipped. */
  static for(options: ValidatorOptions): ValidPrecheck | null {
    const modelled =
      options.whitelist === true &&
      options.forbidNonWhitelisted === true &&
      options.forbidUnknownValues !== false &&
      !options.skipMissingProperties &&
      !options.skipNullProperties &&
      !options.skipUndefinedProperties &&
      !options.always &&
      !options.strictGroups &&
      !(options.groups && options.groups.length > 0);
    return modelled ? new ValidPrecheck() : null;
  }

  /** True only when class-validator would answer no errors for this object (validated under `schema`). */
  passes(object: object, schema: string | undefined): boolean {
    try {
      return this.objectPasses(object, schema);
    } catch {
      return false;
    }
  }

  private objectPasses(object: object, schema: string | undefined): boolean {
    const rules = this.rulesOf(object.constructor, schema);
    if (!rules) return false;
    for (const key of Object.keys(object)) if (!rules.declared.has(key)) return false;
    const values = object as Record<string, unknown>;
    properties: for (const property of rules.properties) {
      const value = values[property.name];
      for (const condition of property.conditions) if (!condition(object, value)) continue properties;
      for (const { metadata, validators } of property.checks) {
        const args: ValidationArguments = { targetName: object.constructor.name, property: metadata.propertyName, object, value, constraints: metadata.constraints };
        const each = metadata.each && isArrayLike(value);
        for (const validator of validators) {
          if (!each) {
            if (validator.validate(value, args) !== true) return false;
          } else {
            for (const element of value.values()) if (validator.validate(element, args) !== true) return false;
          }
        }
      }
      if (!this.nestedPass(value, property.nested)) return false;
    }
    return true;
  }

  /** class-validator's nestedValidations: each element of an array, set or map in turn; an object by its own class's rules. */
  private nestedPass(value: unknown, nested: ValidationMetadata[]): boolean {
    if (value === undefined) return true;
    for (const metadata of nested) {
      if (isArrayLike(value)) {
        for (const element of value.values()) if (!this.nestedPass(element, nested)) return false;
      } else if (value instanceof Object) {
        if (!this.objectPasses(value, typeof metadata.target === 'string' ? metadata.target : metadata.target.name)) return false;
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * A class's rules, compiled once per rule list: the platform remembers each class's list until a
   * decorator registers another rule (libs/platform errors/validation.ts), so a new list means new
   * rules, compiled again.
   */
  private rulesOf(type: unknown, schema: string | undefined): ClassRules {
    if (typeof type !== 'function') return null;
    const metadatas = this.storage.getTargetValidationMetadatas(type, schema ?? '', false, false, undefined);
    let rules = this.compiled.get(metadatas);
    if (rules === undefined) this.compiled.set(metadatas, (rules = this.compile(metadatas)));
    return rules;
  }

  private compile(metadatas: ValidationMetadata[]): ClassRules {
    // forbidUnknownValues: an object of a class without rules is refused.
    if (metadatas.length === 0 || metadatas.some((m) => !MODELLED_TYPES.has(m.type))) return null;
    const properties = new Map<string, PropertyRules>();
    for (const metadata of metadatas) {
      let property = properties.get(metadata.propertyName);
      if (!property) properties.set(metadata.propertyName, (property = { name: metadata.propertyName, conditions: [], checks: [], nested: [] }));
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) property.conditions.push(metadata.constraints[0] as PropertyRules['conditions'][number]);
      else if (metadata.type === ValidationTypes.NESTED_VALIDATION) property.nested.push(metadata);
      else if (metadata.type !== ValidationTypes.WHITELIST) {
        const constraints = this.storage.getTargetValidatorConstraints(metadata.constraintCls);
        // An asynchronous rule: class-validator alone decides.
        if (constraints.some((constraint) => constraint.async)) return null;
        // The library's container gives each constraint class one instance; read once here, not per value.
        property.checks.push({ metadata, validators: constraints.map((constraint) => constraint.instance) });
      }
    }
    // class-validator checks @IsDefined before the other rules; for a verdict of valid the order does not matter.
    return { properties: [...properties.values()], declared: new Set(properties.keys()) };
  }
}
