import { ValidationPipe, type ArgumentMetadata, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes, type ValidatorOptions } from 'class-validator';
import { AppError } from './app-error';
import type { Clock } from './clock';
import { assertCleanInput } from './input-guard';
import { NULLABLE_CONTEXT, validationClock } from './validators';

/** `errors` maps each field path to what was wrong with it, e.g. `{ "office.city": "isNotEmpty" }`. */
function flatten(errors: ValidationError[], prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const [kind, message] = Object.entries(e.constraints)[0];
      out[path] = kind === 'whitelistValidation' ? 'unknown field' : message;
    }
    if (e.children?.length) flatten(e.children, path, out);
  }
  return out;
}

const nullableCache = new Map<Function, Set<string>>();

/** Properties declared `@Nullable()` on a DTO class (inherited through PartialType too). */
function nullableProperties(target: Function): Set<string> {
  let props = nullableCache.get(target);
  if (!props) {
    props = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(target, '', true, false)
        .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION && (m.context as { nullable?: unknown } | undefined)?.nullable === NULLABLE_CONTEXT.nullable)
        .map((m) => m.propertyName),
    );
    nullableCache.set(target, props);
  }
  return props;
}

/**
 * `@IsOptional()` lets null through as well as a missing field, and a null then reaches a NOT NULL
 * column (a 500) or silently clears a value. Here null is refused unless the field says
 * `@Nullable()`, i.e. null has a meaning there ("clear this"). Errors class-validator already
 * found for a field win; nested DTOs are checked the same way.
 */
function nullErrors(object: object, existing: ValidationError[]): ValidationError[] {
  const allowed = nullableProperties(object.constructor);
  const out = [...existing];
  for (const [key, value] of Object.entries(object)) {
    const found = out.find((e) => e.property === key);
    if (value === null) {
      if (!allowed.has(key) && !found?.constraints) {
        out.push({ property: key, value, target: object, children: [], constraints: { isNotNull: `${key} cannot be null; leave it out to keep the current value` } });
      }
      continue;
    }
    const children: ValidationError[] = [];
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const inner = isDto(item) ? nullErrors(item, []) : [];
        if (inner.length > 0) children.push({ property: String(index), value: item, target: object, children: inner });
      });
    } else if (isDto(value)) {
      children.push(...nullErrors(value, []));
    }
    if (children.length === 0) continue;
    if (found) found.children = mergeErrors(found.children ?? [], children);
    else out.push({ property: key, value, target: object, children });
  }
  return out;
}

/** A nested DTO instance made by class-transformer (not a plain object such as a policy pack). */
const isDto = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.constructor !== Object && !(v instanceof Date);

function mergeErrors(into: ValidationError[], extra: ValidationError[]): ValidationError[] {
  for (const e of extra) {
    const same = into.find((x) => x.property === e.property);
    if (!same) into.push(e);
    else if (!same.constraints) same.children = mergeErrors(same.children ?? [], e.children ?? []);
  }
  return into;
}

/**
 * The one gate every body, query and path parameter passes: input PostgreSQL or the process
 * cannot take (NUL bytes, runaway nesting) is refused before class-transformer walks it, then
 * class-validator and the null rule above decide. Validators that compare with today (IsPastDate)
 * read the app's clock while it runs.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor(
    private readonly clock: Clock,
    options: ValidationPipeOptions,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') assertCleanInput(value, metadata.type === 'param' ? `path parameter ${metadata.data ?? ''}`.trim() : metadata.type);
    // A DTO body is an object; `null`, `[]` or `"x"` would otherwise pass as an empty change.
    if (metadata.type === 'body' && value !== undefined && this.toValidate(metadata) && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new AppError('validation', 'REQUEST.BODY_NOT_OBJECT', 'Send the request body as a JSON object');
    }
    return validationClock.run(this.clock, () => super.transform(value, metadata));
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    return nullErrors(object, await super.validate(object, validatorOptions));
  }
}

export function createValidationPipe(clock: Clock): ValidationPipe {
  return new AppValidationPipe(clock, {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      new AppError('validation', 'REQUEST.VALIDATION', 'Some fields are missing or invalid', flatten(errors)),
  });
}
