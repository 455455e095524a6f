import { Currency, Money } from '../common/money';
import { formatMoney } from './money-format';

// Intl separates kk/ru groups, and the number from the sign, with a no-break space (U+00A0).
const NBSP = '\u00a0';
const m = (amount: number, currency: Currency = 'KZT'): Money => ({ amount, currency });
const kkRu = (s: string) => s.replace(/ /g, NBSP);

describe('formatMoney', () => {
  it.each([
    ['kk', 1250000, '12 500 ₸'],
    ['ru', 1250000, '12 500 ₸'],
    ['en', 1250000, '₸12,500'],
    ['kk', 1250050, '12 500,50 ₸'],
    ['ru', 1250050, '12 500,50 ₸'],
    ['en', 1250050, '₸12,500.50'],
    ['ru', 1250005, '12 500,05 ₸'],
    ['en', 1250005, '₸12,500.05'],
    ['ru', 0, '0 ₸'],
    ['ru', 1, '0,01 ₸'],
    ['ru', 99, '0,99 ₸'],
    ['en', 100, '₸1'],
    ['ru', 123456789012, '1 234 567 890,12 ₸'],
  ] as const)('%s %d tiyn → %s', (locale, amount, expected) => {
    expect(formatMoney(m(amount), locale)).toBe(locale === 'en' ? expected : kkRu(expected));
  });

  it('shows the minor part only when it is not zero, and then in full', () => {
    expect(formatMoney(m(1250000), 'ru')).not.toContain(',');
    expect(formatMoney(m(1250010), 'ru')).toBe(kkRu('12 500,10 ₸'));
    expect(formatMoney(m(1250010), 'en')).toBe('₸12,500.10');
  });

  it('uses a no-break space for grouping and before the sign in kk and ru', () => {
    const s = formatMoney(m(1250000), 'kk');
    expect(s).toBe(`12${NBSP}500${NBSP}₸`);
    expect(s).not.toContain(' ');
  });

  it('formats the other currencies with their signs', () => {
    expect(formatMoney(m(99900, 'RUB'), 'ru')).toBe(kkRu('999 ₽'));
    expect(formatMoney(m(1999, 'USD'), 'en')).toBe('$19.99');
    expect(formatMoney(m(1999, 'EUR'), 'en')).toBe('€19.99');
    expect(formatMoney(m(1999, 'EUR'), 'kk')).toBe(kkRu('19,99 €'));
    expect(formatMoney(m(150000, 'USD'), 'ru')).toBe(kkRu('1 500 $'));
  });

  it('never rounds through floats, even at the edge of safe integers', () => {
    expect(formatMoney(m(Number.MAX_SAFE_INTEGER), 'en')).toBe('₸90,071,992,547,409.91');
    expect(formatMoney(m(Number.MAX_SAFE_INTEGER - 91), 'ru')).toBe(kkRu('90 071 992 547 409 ₸'));
    // 0.1 + 0.2-style traps: amounts whose float division by 100 is inexact
    expect(formatMoney(m(1015), 'en')).toBe('₸10.15');
    expect(formatMoney(m(100000000000029), 'en')).toBe('₸1,000,000,000,000.29');
  });

  it('formats negative amounts (refund adjustments) with a minus', () => {
    expect(formatMoney(m(-1250050), 'ru')).toBe(kkRu('-12 500,50 ₸'));
    expect(formatMoney(m(-1), 'en')).toBe('-₸0.01');
  });

  it('refuses amounts that are not integer minor units, and unknown currencies', () => {
    expect(() => formatMoney(m(12.5), 'ru')).toThrow(RangeError);
    expect(() => formatMoney(m(Number.NaN), 'ru')).toThrow(RangeError);
    expect(() => formatMoney(m(2 ** 53), 'ru')).toThrow(RangeError);
    expect(() => formatMoney({ amount: 100, currency: 'XYZ' as Currency }, 'ru')).toThrow(RangeError);
  });
});
