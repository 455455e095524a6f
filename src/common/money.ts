import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ValueTransformer } from 'typeorm';

/** ISO 4217 codes we accept, with their minor-unit exponent (KZT has tiyn: 2 decimals). */
export const CURRENCIES = { KZT: 2, RUB: 2, USD: 2, EUR: 2 } as const;
export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as Currency[];

/** Money travels as integer minor units plus a currency, never as a float. */
export interface Money {
  amount: number;
  currency: Currency;
}

export const money = (amount: number, currency: Currency): Money => ({ amount, currency });

/** A money DTO whose amount is at least `minimum` (prices are never 0; fees may be). */
export function moneyDto(minimum: number) {
  class MoneyInput implements Money {
    @ApiProperty({ example: 1250000, minimum, description: `integer minor units (tiyn for KZT), at least ${minimum}` })
    @IsInt()
    @Min(minimum)
    @Max(Number.MAX_SAFE_INTEGER)
    amount: number;

    @ApiProperty({ enum: CURRENCY_CODES, example: 'KZT' })
    @IsIn(CURRENCY_CODES, { message: `currency must be one of ${CURRENCY_CODES.join(', ')}` })
    currency: Currency;
  }
  return MoneyInput;
}

export class MoneyDto extends moneyDto(0) {}

/**
 * `bigint` columns come back from pg as strings; money and counters are well below
 * 2^53, so they are read as numbers. Refuses to silently lose precision.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value?: string | null) => {
    if (value === null || value === undefined) return value;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`bigint ${value} exceeds the safe integer range`);
    return n;
  },
};
