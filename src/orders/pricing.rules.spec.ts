import { percentOf, sellerOrderAmounts, shippingFor } from './pricing.rules';

describe('percentOf', () => {
  it('rounds half up in minor units', () => {
    expect(percentOf(1005, 1000)).toBe(101); // 100.5 → 101
    expect(percentOf(1004, 1000)).toBe(100); // 100.4 → 100
    expect(percentOf(15, 3333)).toBe(5); // 4.9995 → 5
    expect(percentOf(0, 1000)).toBe(0);
    expect(percentOf(12_345, 0)).toBe(0);
    expect(percentOf(12_345, 10_000)).toBe(12_345);
  });

  it('stays exact beyond the range of a double product', () => {
    expect(percentOf(900_719_925_474_099, 9_999)).toBe(900_629_853_481_552);
  });

  it('refuses fractions and negative amounts', () => {
    expect(() => percentOf(10.5, 100)).toThrow(RangeError);
    expect(() => percentOf(-1, 100)).toThrow(RangeError);
    expect(() => percentOf(100, 10_001)).toThrow(RangeError);
  });
});

describe('shippingFor', () => {
  const settings = { feeAmount: 150_000, freeOverAmount: 5_000_000 };
  it('charges the flat fee below the threshold', () => expect(shippingFor(4_999_999, 'shipping', settings)).toBe(150_000));
  it('is free from the threshold on', () => expect(shippingFor(5_000_000, 'shipping', settings)).toBe(0));
  it('is never free without a threshold', () =>
    expect(shippingFor(99_000_000, 'shipping', { feeAmount: 1, freeOverAmount: null })).toBe(1));
  it('is free for pickup', () => expect(shippingFor(100, 'pickup', settings)).toBe(0));
});

describe('sellerOrderAmounts', () => {
  it('takes commission and fee on the goods and leaves shipping to the maker', () => {
    const amounts = sellerOrderAmounts({
      lines: [
        { unitPrice: 1_250_000, quantity: 2 },
        { unitPrice: 333_333, quantity: 1 },
      ],
      shipping: 150_000,
      commissionRateBps: 1000,
      platformFeeBps: 250,
    });
    expect(amounts).toEqual({
      subtotal: 2_833_333,
      shipping: 150_000,
      total: 2_983_333,
      commission: 283_333, // 283 333.3
      platformFee: 70_833, // 70 833.325
      makerNet: 2_983_333 - 283_333 - 70_833,
    });
    expect(amounts.makerNet + amounts.commission + amounts.platformFee).toBe(amounts.total);
  });
});
