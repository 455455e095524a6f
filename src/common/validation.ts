import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** An optional field that, when sent, must be valid: unlike IsOptional, `null` is validated (and refused) rather than skipped. */
export const OmittableNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Free text compared after trimming, so that a reason of blanks is no reason. */
export const Trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator's nested errors into `[{field: 'variants.0.price.amount', problems}]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** Where `value` holds a string with a NUL character (PostgreSQL text cannot store one), as field paths. */
export function nulCharacterFields(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || 'value'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulCharacterFields(v, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.entries(value).flatMap(([k, v]) => nulCharacterFields(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/**
 * The global pipe: refuses a NUL character anywhere in the body, query or path (a 400
 * naming the field, instead of the database failing on it), then validates against the DTO.
 */
class SheberValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const fields = nulCharacterFields(value, metadata.type === 'param' && metadata.data ? metadata.data : '');
    if (fields.length) {
      throw new BadRequestException({
        error: 'validation_failed',
        message: `Invalid request: ${fields.join(', ')}`,
        details: fields.map((field) => ({ field, problems: ['must not contain a NUL character'] })),
      });
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields are refused, types converted, and every offending field named. */
export function createValidationPipe(): ValidationPipe {
  return new SheberValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new BadRequestException({
        error: 'validation_failed',
        message: `Invalid request: ${details.map((d) => d.field).join(', ')}`,
        details,
      });
    },
  });
}
