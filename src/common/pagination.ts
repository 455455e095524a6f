import { ApiPropertyOptional } from '@nestjs/swagger';
import { SelectQueryBuilder } from 'typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { badRequest } from './errors';
import { isUuid } from './ids';

export const MAX_PAGE_SIZE = 100;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursors are opaque to clients: the keyset values of the last row, base64url JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    // fall through
  }
  throw badRequest('invalid_cursor', 'cursor is not valid for this query');
}

/** A (timestamp, id) keyset cursor, checked: a forged or mangled one is a 400, never a failed query. */
export function decodeTimeAndIdCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2);
  const date = typeof at === 'string' ? new Date(at) : undefined;
  const year = date?.getUTCFullYear() ?? NaN;
  if (!date || !(year >= 1 && year <= 9999) || date.toISOString() !== at || !isUuid(id)) {
    throw badRequest('invalid_cursor', 'cursor is not valid for this query');
  }
  return [at, id];
}

/** Fetch `limit + 1` rows, then call this: it trims and builds the next cursor. */
export function toPage<R, T>(rows: R[], limit: number, keyset: (row: R) => unknown[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return { items: slice.map(map), nextCursor: more ? encodeCursor(keyset(slice[slice.length - 1])) : null };
}

/**
 * One page of a query in creation order, newest first unless `ASC`: orders by
 * (created_at, id), continues after the cursor, fetches `limit + 1` rows and trims.
 * Filters go on `qb` before; the rows come back as the query selects them.
 */
export async function pageByCreation<R extends { createdAt: Date; id: string }>(
  qb: SelectQueryBuilder<R>,
  query: { limit: number; cursor?: string },
  direction: 'ASC' | 'DESC' = 'DESC',
): Promise<Page<R>> {
  const alias = qb.alias;
  qb.orderBy(`${alias}.created_at`, direction).addOrderBy(`${alias}.id`, direction).limit(query.limit + 1);
  if (query.cursor) {
    const [cursorAt, cursorId] = decodeTimeAndIdCursor(query.cursor);
    qb.andWhere(`(${alias}.created_at, ${alias}.id) ${direction === 'DESC' ? '<' : '>'} (:cursorAt, :cursorId)`, { cursorAt, cursorId });
  }
  return toPage(await qb.getMany(), query.limit, (r) => [r.createdAt.toISOString(), r.id], (r) => r);
}
