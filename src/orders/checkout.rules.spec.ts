import { listingsOverQuantityCap, mayPlaceAnotherUnpaidOrder } from './checkout.rules';

describe('listingsOverQuantityCap', () => {
  it('allows a cart up to the cap', () => {
    expect(listingsOverQuantityCap([{ listingId: 'a', quantity: 10 }], 10)).toEqual([]);
    expect(listingsOverQuantityCap([{ listingId: 'a', quantity: 4 }, { listingId: 'b', quantity: 10 }], 10)).toEqual([]);
  });

  it('names a listing asked for beyond the cap', () => {
    expect(listingsOverQuantityCap([{ listingId: 'a', quantity: 11 }], 10)).toEqual([{ listingId: 'a', requested: 11, max: 10 }]);
  });

  it('counts every variant of one listing together', () => {
    const lines = [
      { listingId: 'a', quantity: 6 },
      { listingId: 'b', quantity: 1 },
      { listingId: 'a', quantity: 5 },
    ];
    expect(listingsOverQuantityCap(lines, 10)).toEqual([{ listingId: 'a', requested: 11, max: 10 }]);
  });

  it('names each listing over the cap once, in cart order', () => {
    const lines = [
      { listingId: 'b', quantity: 3 },
      { listingId: 'a', quantity: 2 },
      { listingId: 'b', quantity: 1 },
      { listingId: 'a', quantity: 2 },
    ];
    expect(listingsOverQuantityCap(lines, 3).map((o) => o.listingId)).toEqual(['b', 'a']);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => listingsOverQuantityCap([], 0)).toThrow(RangeError);
    expect(() => listingsOverQuantityCap([], 1.5)).toThrow(RangeError);
  });
});

describe('mayPlaceAnotherUnpaidOrder', () => {
  it('allows orders below the cap and refuses at it', () => {
    expect(mayPlaceAnotherUnpaidOrder(0, 5)).toBe(true);
    expect(mayPlaceAnotherUnpaidOrder(4, 5)).toBe(true);
    expect(mayPlaceAnotherUnpaidOrder(5, 5)).toBe(false);
    expect(mayPlaceAnotherUnpaidOrder(7, 5)).toBe(false);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => mayPlaceAnotherUnpaidOrder(0, 0)).toThrow(RangeError);
  });
});
