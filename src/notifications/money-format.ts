import type { Locale } from '../common/locale';
import { CURRENCIES, Currency, Money } from '../common/money';

/**
 * Money for people to read, in their language, with the currency sign (Intl, `narrowSymbol`):
 *
 *   kk, ru  `12 500 ₸`, `12 500,50 ₸`, `-0,01 ₸`   grouping and the space before the sign are U+00A0 (no-break space)
 *   en      `₸12,500`, `₸12,500.50`, `-₸0.01`
 *
 * Minor units are shown only when they are not zero, and then all of them (`,50`, never `,5`).
 * The amount is split into major and minor parts with integer arithmetic and handed to Intl as an
 * exact decimal string (ECMA-402 NumberFormat v3, Node ≥ 20), so no float ever rounds it.
 */
export function formatMoney(money: Money, locale: Locale): string {
  const { amount, currency } = money;
  const exponent: number | undefined = CURRENCIES[currency];
  if (exponent === undefined) throw new RangeError(`unknown currency ${String(currency)}`);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money amount must be an integer of minor units, got ${amount}`);

  const scale = 10 ** exponent;
  const abs = Math.abs(amount);
  const minor = abs % scale;
  const major = (abs - minor) / scale; // exact: abs - minor is a multiple of scale
  const decimal = `${amount < 0 ? '-' : ''}${major}${minor === 0 ? '' : `.${String(minor).padStart(exponent, '0')}`}`;
  return formatter(locale, currency, minor === 0 ? 0 : exponent)(decimal);
}

const formatters = new Map<string, (decimal: string) => string>();

function formatter(locale: Locale, currency: Currency, fractionDigits: number): (decimal: string) => string {
  const key = `${locale}:${currency}:${fractionDigits}`;
  let format = formatters.get(key);
  if (!format) {
    const nf = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    // lib ES2022 types `format` as taking number | bigint; the runtime formats a decimal string exactly.
    format = nf.format.bind(nf) as unknown as (decimal: string) => string;
    formatters.set(key, format);
  }
  return format;
}
