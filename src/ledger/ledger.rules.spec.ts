import fc from 'fast-check';
import { percentOf, sellerOrderAmounts, SellerOrderAmounts } from '../orders/pricing.rules';
import {
  AccountRef,
  accountCode,
  cashOutPostings,
  imbalance,
  paymentPostings,
  PostingDraft,
  RefundSplit,
  refundPostings,
  refundSplit,
  reversalOf,
  Reversed,
  SellerOrderSplit,
} from './ledger.rules';

// ---------------------------------------------------------------------------------------
// Helpers: a seller order's split as checkout computes it, and a tiny in-memory ledger.
// ---------------------------------------------------------------------------------------

interface SellerOrderInput {
  sellerOrderId: string;
  shopId: string;
  associationId: string | null;
  lines: { unitPrice: number; quantity: number }[];
  shipping: number;
  /** Ignored (0) without an association: only the platform fee applies. */
  commissionRateBps: number;
  platformFeeBps: number;
}

function checkout(input: SellerOrderInput): { split: SellerOrderSplit; amounts: SellerOrderAmounts } {
  const amounts = sellerOrderAmounts({
    lines: input.lines,
    shipping: input.shipping,
    commissionRateBps: input.associationId ? input.commissionRateBps : 0,
    platformFeeBps: input.platformFeeBps,
  });
  const split: SellerOrderSplit = {
    sellerOrderId: input.sellerOrderId,
    shopId: input.shopId,
    associationId: input.associationId,
    currency: 'KZT',
    total: amounts.total,
    commission: amounts.commission,
    platformFee: amounts.platformFee,
  };
  return { split, amounts };
}

type Balances = Map<string, number>;

function balancesOf(postings: PostingDraft[]): Balances {
  const balances: Balances = new Map();
  for (const p of postings) {
    const code = accountCode(p.account);
    balances.set(code, (balances.get(code) ?? 0) + p.amount);
  }
  return balances;
}

function balance(balances: Balances, code: string): number {
  return balances.get(code) ?? 0;
}

/** A credit balance as a positive amount (`0 - x`, unlike `-x`, never yields −0, which jest tells from 0). */
function credit(amount: number): number {
  return 0 - amount;
}

/** Sum of the balances of every account whose code starts with `prefix`. */
function balanceOfKind(balances: Balances, prefix: string): number {
  let sum = 0;
  for (const [code, amount] of balances) if (code === prefix || code.startsWith(`${prefix}:`)) sum += amount;
  return sum;
}

interface SellerOrderOutcome {
  split: SellerOrderSplit;
  refunded: number;
  reversed: Reversed;
  /** Each refund's split, in order, with its amount. */
  steps: (RefundSplit & { amount: number })[];
}

/**
 * Runs an order through the ledger: the payment entry, then per seller order each refund's
 * entry (opened: parties give back their shares) followed by paying the buyer out of cash.
 */
function simulate(sellerOrders: { split: SellerOrderSplit; refunds: number[] }[]): { journal: PostingDraft[][]; outcomes: SellerOrderOutcome[] } {
  const journal: PostingDraft[][] = [paymentPostings(sellerOrders.map((so) => so.split))];
  const outcomes = sellerOrders.map(({ split, refunds }) => {
    const reversed: Reversed = { commission: 0, platformFee: 0 };
    const steps: SellerOrderOutcome['steps'] = [];
    let refunded = 0;
    for (const amount of refunds) {
      refunded += amount;
      const step = refundSplit(split, refunded, { ...reversed }, amount);
      journal.push(refundPostings(split, step, amount));
      journal.push(cashOutPostings({ kind: 'refunds' }, amount, split.currency, split.sellerOrderId));
      reversed.commission += step.commission;
      reversed.platformFee += step.platformFee;
      steps.push({ ...step, amount });
    }
    return { split, refunded, reversed, steps };
  });
  return { journal, outcomes };
}

// ---------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------

const ASSOCIATIONS = ['assoc-almaty', 'assoc-shymkent'] as const;

const sellerOrderInputArb = (index: number): fc.Arbitrary<SellerOrderInput> =>
  fc.record({
    sellerOrderId: fc.constant(`so-${index}`),
    // One seller order per shop in an order, so a shop's payable is that seller order's.
    shopId: fc.constant(`shop-${index}`),
    associationId: fc.constantFrom<string | null>(null, ...ASSOCIATIONS),
    lines: fc.array(fc.record({ unitPrice: fc.integer({ min: 1, max: 100_000_000 }), quantity: fc.integer({ min: 1, max: 20 }) }), {
      minLength: 1,
      maxLength: 5,
    }),
    shipping: fc.integer({ min: 0, max: 1_000_000 }),
    commissionRateBps: fc.integer({ min: 0, max: 3000 }),
    platformFeeBps: fc.integer({ min: 0, max: 2000 }),
  });

/** `sum` cut into 1–6 positive parts, in order. */
function partitionArb(sum: number): fc.Arbitrary<number[]> {
  if (sum === 1) return fc.constant([1]);
  return fc.uniqueArray(fc.integer({ min: 1, max: sum - 1 }), { maxLength: Math.min(5, sum - 1) }).map((cuts) => {
    const points = [0, ...[...cuts].sort((a, b) => a - b), sum];
    return points.slice(1).map((point, i) => point - points[i]);
  });
}

/** A random refunded amount in 1..total (the whole total often), as a sequence of partial refunds. */
function refundsArb(total: number): fc.Arbitrary<number[]> {
  return fc.oneof(fc.constant(total), fc.integer({ min: 1, max: total })).chain(partitionArb);
}

interface GeneratedSellerOrder {
  input: SellerOrderInput;
  split: SellerOrderSplit;
  amounts: SellerOrderAmounts;
  refunds: number[];
}

const sellerOrderWithRefundsArb = (index: number): fc.Arbitrary<GeneratedSellerOrder> =>
  sellerOrderInputArb(index).chain((input) => {
    const { split, amounts } = checkout(input);
    return refundsArb(split.total).map((refunds) => ({ input, split, amounts, refunds }));
  });

const orderArb: fc.Arbitrary<GeneratedSellerOrder[]> = fc
  .integer({ min: 1, max: 4 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => sellerOrderWithRefundsArb(i + 1))));

// ---------------------------------------------------------------------------------------
// Unit tests
// ---------------------------------------------------------------------------------------

describe('accountCode', () => {
  it.each<[AccountRef, string]>([
    [{ kind: 'platform_cash' }, 'platform_cash'],
    [{ kind: 'platform_revenue' }, 'platform_revenue'],
    [{ kind: 'refunds' }, 'refunds'],
    [{ kind: 'maker_payable', ownerId: 'shop-1' }, 'maker_payable:shop-1'],
    [{ kind: 'association_payable', ownerId: 'assoc-almaty' }, 'association_payable:assoc-almaty'],
  ])('%j → %s', (account, code) => expect(accountCode(account)).toBe(code));
});

describe('imbalance', () => {
  it.each<[string, { amount: number; currency: string }[], [string, number][]]>([
    ['nothing', [], []],
    ['a balanced entry', [{ amount: 100, currency: 'KZT' }, { amount: -60, currency: 'KZT' }, { amount: -40, currency: 'KZT' }], []],
    [
      'one currency off, another balanced',
      [{ amount: 10, currency: 'KZT' }, { amount: -7, currency: 'KZT' }, { amount: 5, currency: 'USD' }, { amount: -5, currency: 'USD' }],
      [['KZT', 3]],
    ],
    [
      'two currencies off, by a credit and a debit',
      [{ amount: -10, currency: 'KZT' }, { amount: 4, currency: 'USD' }, { amount: 1, currency: 'KZT' }],
      [['KZT', -9], ['USD', 4]],
    ],
    ['amounts cancelling across currencies still count', [{ amount: 5, currency: 'KZT' }, { amount: -5, currency: 'USD' }], [['KZT', 5], ['USD', -5]]],
  ])('%s', (_, postings, expected) => expect(imbalance(postings)).toEqual(new Map(expected)));
});

describe('paymentPostings', () => {
  // Seller order 1 (Almaty felt shop, association rate 7.5 %, platform fee 5 %):
  //   goods 2 × 625 000 = 1 250 000 tiyn (12 500 ₸), shipping 150 000 → total 1 400 000
  //   commission 1 250 000 × 7.5 % = 93 750; fee 1 250 000 × 5 % = 62 500 (shipping untaxed)
  //   maker net 1 400 000 − 93 750 − 62 500 = 1 243 750
  // Seller order 2 (Shymkent ceramics, association rate 10 %, platform fee 5 %):
  //   goods 3 × 333 333 = 999 999 tiyn, no shipping → total 999 999
  //   commission 99 999.9 → 100 000; fee 49 999.95 → 50 000 (half up)
  //   maker net 999 999 − 100 000 − 50 000 = 849 999
  // The buyer pays 1 400 000 + 999 999 = 2 399 999.
  const felt = checkout({
    sellerOrderId: 'so-1',
    shopId: 'shop-felt',
    associationId: 'assoc-almaty',
    lines: [{ unitPrice: 625_000, quantity: 2 }],
    shipping: 150_000,
    commissionRateBps: 750,
    platformFeeBps: 500,
  });
  const ceramics = checkout({
    sellerOrderId: 'so-2',
    shopId: 'shop-ceramics',
    associationId: 'assoc-shymkent',
    lines: [{ unitPrice: 333_333, quantity: 3 }],
    shipping: 0,
    commissionRateBps: 1000,
    platformFeeBps: 500,
  });

  it('computes the hand-worked splits at checkout', () => {
    expect(felt.amounts).toEqual({ subtotal: 1_250_000, shipping: 150_000, total: 1_400_000, commission: 93_750, platformFee: 62_500, makerNet: 1_243_750 });
    expect(ceramics.amounts).toEqual({ subtotal: 999_999, shipping: 0, total: 999_999, commission: 100_000, platformFee: 50_000, makerNet: 849_999 });
  });

  it('credits each maker, association and the platform for a two-seller order', () => {
    const postings = paymentPostings([felt.split, ceramics.split]);
    const at = (account: AccountRef, amount: number, sellerOrderId: string): PostingDraft => ({ account, amount, currency: 'KZT', sellerOrderId });
    expect(postings).toEqual([
      at({ kind: 'platform_cash' }, 1_400_000, 'so-1'),
      at({ kind: 'maker_payable', ownerId: 'shop-felt' }, -1_243_750, 'so-1'),
      at({ kind: 'platform_revenue' }, -62_500, 'so-1'),
      at({ kind: 'association_payable', ownerId: 'assoc-almaty' }, -93_750, 'so-1'),
      at({ kind: 'platform_cash' }, 999_999, 'so-2'),
      at({ kind: 'maker_payable', ownerId: 'shop-ceramics' }, -849_999, 'so-2'),
      at({ kind: 'platform_revenue' }, -50_000, 'so-2'),
      at({ kind: 'association_payable', ownerId: 'assoc-shymkent' }, -100_000, 'so-2'),
    ]);
    expect(imbalance(postings).size).toBe(0);
    expect(balancesOf(postings)).toEqual(
      new Map([
        ['platform_cash', 2_399_999],
        ['maker_payable:shop-felt', -1_243_750],
        ['platform_revenue', -112_500],
        ['association_payable:assoc-almaty', -93_750],
        ['maker_payable:shop-ceramics', -849_999],
        ['association_payable:assoc-shymkent', -100_000],
      ]),
    );
  });

  it('posts no association share for a maker without an association', () => {
    // goods 200 000, shipping 50 000; fee 5 % = 10 000; net 250 000 − 10 000 = 240 000
    const { split } = checkout({
      sellerOrderId: 'so-3',
      shopId: 'shop-wood',
      associationId: null,
      lines: [{ unitPrice: 100_000, quantity: 2 }],
      shipping: 50_000,
      commissionRateBps: 1500, // ignored: no association
      platformFeeBps: 500,
    });
    expect(paymentPostings([split]).map((p) => [accountCode(p.account), p.amount])).toEqual([
      ['platform_cash', 250_000],
      ['maker_payable:shop-wood', -240_000],
      ['platform_revenue', -10_000],
    ]);
  });

  it('refuses a commission with no association to owe it to', () => {
    const split: SellerOrderSplit = { sellerOrderId: 'so-x', shopId: 'shop-x', associationId: null, currency: 'KZT', total: 1000, commission: 10, platformFee: 0 };
    expect(() => paymentPostings([split])).toThrow(/so-x has a commission but no association/);
  });

  it.each<[string, Omit<SellerOrderSplit, 'sellerOrderId' | 'shopId' | 'currency'>, [string, number][]]>([
    ['no commission and no fee', { associationId: 'assoc-almaty', total: 5000, commission: 0, platformFee: 0 }, [['platform_cash', 5000], ['maker_payable:shop-z', -5000]]],
    [
      'no fee',
      { associationId: 'assoc-almaty', total: 5000, commission: 500, platformFee: 0 },
      [['platform_cash', 5000], ['maker_payable:shop-z', -4500], ['association_payable:assoc-almaty', -500]],
    ],
    [
      'nothing left for the maker',
      { associationId: 'assoc-almaty', total: 1000, commission: 500, platformFee: 500 },
      [['platform_cash', 1000], ['platform_revenue', -500], ['association_payable:assoc-almaty', -500]],
    ],
    ['a free seller order', { associationId: null, total: 0, commission: 0, platformFee: 0 }, []],
  ])('omits zero postings: %s', (_, amounts, expected) => {
    const postings = paymentPostings([{ ...amounts, sellerOrderId: 'so-z', shopId: 'shop-z', currency: 'KZT' }]);
    expect(postings.map((p) => [accountCode(p.account), p.amount])).toEqual(expected);
    expect(imbalance(postings).size).toBe(0);
  });
});

describe('refundSplit', () => {
  const none: Reversed = { commission: 0, platformFee: 0 };

  it.each<[string, { total: number; commission: number; platformFee: number }, number, Reversed, number, RefundSplit]>([
    // commission 101 × ½ = 50.5 → 51; fee 51 × ½ = 25.5 → 26
    ['first half of an odd commission rounds half up', { total: 2000, commission: 101, platformFee: 51 }, 1000, none, 1000, { commission: 51, platformFee: 26, net: 923 }],
    // and the second half takes exactly what is left: 101 − 51 = 50, 51 − 26 = 25
    ['second half takes the rest', { total: 2000, commission: 101, platformFee: 51 }, 2000, { commission: 51, platformFee: 26 }, 1000, { commission: 50, platformFee: 25, net: 925 }],
    // 93 750 × ½ = 46 875; 62 500 × ½ = 31 250
    ['half of the felt order', { total: 1_400_000, commission: 93_750, platformFee: 62_500 }, 700_000, none, 700_000, { commission: 46_875, platformFee: 31_250, net: 621_875 }],
    ['a full refund at once', { total: 1_400_000, commission: 93_750, platformFee: 62_500 }, 1_400_000, none, 1_400_000, { commission: 93_750, platformFee: 62_500, net: 1_243_750 }],
    ['no commission and no fee', { total: 500, commission: 0, platformFee: 0 }, 300, none, 300, { commission: 0, platformFee: 0, net: 300 }],
    // 1 × 1/3 = 0.33 → 0: a small refund may take nothing from the commission
    ['a tiny share rounds to nothing', { total: 3, commission: 1, platformFee: 1 }, 1, none, 1, { commission: 0, platformFee: 0, net: 1 }],
  ])('%s', (_, so, refundedAfter, reversed, amount, expected) => {
    expect(refundSplit(so, refundedAfter, reversed, amount)).toEqual(expected);
  });

  it('reverses commission and fee exactly over three partial refunds adding up to the total', () => {
    // total 999 999, commission 100 000, fee 50 000; three refunds of 333 333:
    //   after 333 333: commission 33 333.3 → 33 333, fee 16 666.7 → 16 667
    //   after 666 666: commission 66 666.7 → 66 667 (+33 334), fee 33 333.3 → 33 333 (+16 666)
    //   after 999 999: commission 100 000 (+33 333), fee 50 000 (+16 667)
    const so = { total: 999_999, commission: 100_000, platformFee: 50_000 };
    const reversed: Reversed = { commission: 0, platformFee: 0 };
    const splits: RefundSplit[] = [];
    for (const refundedAfter of [333_333, 666_666, 999_999]) {
      const split = refundSplit(so, refundedAfter, reversed, 333_333);
      reversed.commission += split.commission;
      reversed.platformFee += split.platformFee;
      splits.push(split);
    }
    expect(splits).toEqual([
      { commission: 33_333, platformFee: 16_667, net: 283_333 },
      { commission: 33_334, platformFee: 16_666, net: 283_333 },
      { commission: 33_333, platformFee: 16_667, net: 283_333 },
    ]);
    expect(reversed).toEqual({ commission: 100_000, platformFee: 50_000 });
    expect(splits.reduce((sum, s) => sum + s.net, 0)).toBe(999_999 - 150_000);
  });

  it.each<[string, number, number]>([
    ['a zero amount', 0, 0],
    ['a negative amount', 100, -1],
    ['a fractional amount', 100, 0.5],
    ['an unsafe amount', Number.MAX_SAFE_INTEGER + 1, Number.MAX_SAFE_INTEGER + 1],
    ['refunded so far below this refund', 99, 100],
    ['refunded so far above the total', 1001, 100],
    ['a fractional refunded so far', 100.5, 100],
  ])('rejects %s', (_, refundedAfter, amount) => {
    expect(() => refundSplit({ total: 1000, commission: 100, platformFee: 50 }, refundedAfter, none, amount)).toThrow(RangeError);
  });

  it('never hands a maker money on a refund: a 1-tiyn refund crossing two rounding boundaries takes the commission, the fee waits', () => {
    // total 10, commission 1, fee 1 (10 % + 10 %); 4 tiyn already refunded, now 1 more:
    // both round(1 × 5/10) = round(0.5) = 1, but the refund is only 1 tiyn.
    const split = refundSplit({ total: 10, commission: 1, platformFee: 1 }, 5, none, 1);
    expect(split).toEqual({ commission: 1, platformFee: 0, net: 0 });
    // The next refund (the remaining 5) takes the fee it still owes: exact in the end.
    expect(refundSplit({ total: 10, commission: 1, platformFee: 1 }, 10, { commission: 1, platformFee: 0 }, 5)).toEqual({ commission: 0, platformFee: 1, net: 4 });
  });
});

describe('refundPostings', () => {
  const felt: SellerOrderSplit = {
    sellerOrderId: 'so-1',
    shopId: 'shop-felt',
    associationId: 'assoc-almaty',
    currency: 'KZT',
    total: 1_400_000,
    commission: 93_750,
    platformFee: 62_500,
  };

  it('takes shares back from maker, association and platform and owes the buyer the amount', () => {
    const split = refundSplit(felt, 700_000, { commission: 0, platformFee: 0 }, 700_000);
    const postings = refundPostings(felt, split, 700_000);
    expect(postings.map((p) => [accountCode(p.account), p.amount, p.sellerOrderId])).toEqual([
      ['maker_payable:shop-felt', 621_875, 'so-1'],
      ['platform_revenue', 31_250, 'so-1'],
      ['association_payable:assoc-almaty', 46_875, 'so-1'],
      ['refunds', -700_000, 'so-1'],
    ]);
    expect(imbalance(postings).size).toBe(0);
  });

  it('posts no association share when the split takes no commission', () => {
    const wood: SellerOrderSplit = { ...felt, sellerOrderId: 'so-3', shopId: 'shop-wood', associationId: null, commission: 0 };
    const postings = refundPostings(wood, { commission: 0, platformFee: 100, net: 900 }, 1000);
    expect(postings.map((p) => accountCode(p.account))).toEqual(['maker_payable:shop-wood', 'platform_revenue', 'refunds']);
    expect(imbalance(postings).size).toBe(0);
  });

  it('refuses a commission reversal with no association', () => {
    const wood: SellerOrderSplit = { ...felt, associationId: null };
    expect(() => refundPostings(wood, { commission: 1, platformFee: 0, net: 9 }, 10)).toThrow(/no association/);
  });
});

describe('cashOutPostings', () => {
  it('pays a buyer a refund out of cash', () => {
    const postings = cashOutPostings({ kind: 'refunds' }, 700_000, 'KZT', 'so-1');
    expect(postings).toEqual([
      { account: { kind: 'refunds' }, amount: 700_000, currency: 'KZT', sellerOrderId: 'so-1' },
      { account: { kind: 'platform_cash' }, amount: -700_000, currency: 'KZT', sellerOrderId: 'so-1' },
    ]);
    expect(imbalance(postings).size).toBe(0);
  });

  it('pays a maker a transfer out of cash, with no seller order by default', () => {
    const postings = cashOutPostings({ kind: 'maker_payable', ownerId: 'shop-felt' }, 1_243_750, 'KZT');
    expect(postings.map((p) => [accountCode(p.account), p.amount, p.sellerOrderId])).toEqual([
      ['maker_payable:shop-felt', 1_243_750, null],
      ['platform_cash', -1_243_750, null],
    ]);
    expect(imbalance(postings).size).toBe(0);
  });

  it('writes nothing for a zero amount', () => expect(cashOutPostings({ kind: 'refunds' }, 0, 'KZT')).toEqual([]));
});

describe('reversalOf', () => {
  const payment = paymentPostings([
    { sellerOrderId: 'so-1', shopId: 'shop-felt', associationId: 'assoc-almaty', currency: 'KZT', total: 1_400_000, commission: 93_750, platformFee: 62_500 },
  ]);

  it('negates every posting and keeps account, currency and seller order', () => {
    const reversal = reversalOf(payment);
    expect(reversal).toEqual(payment.map((p) => ({ ...p, amount: -p.amount })));
    expect(imbalance(reversal).size).toBe(0);
    expect(reversalOf(reversal)).toEqual(payment);
  });

  it('brings every account back to zero together with the original', () => {
    const balances = balancesOf([...payment, ...reversalOf(payment)]);
    expect([...balances.values()].every((amount) => amount === 0)).toBe(true);
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(payment);
    reversalOf(payment);
    expect(payment).toEqual(copy);
  });
});

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

describe('ledger properties', () => {
  const numRuns = 500;

  it('balances every entry and keeps maker net + commission + fee = paid − refunded', () => {
    fc.assert(
      fc.property(orderArb, (order) => {
        const { journal, outcomes } = simulate(order);
        expect(journal.filter((entry) => imbalance(entry).size > 0)).toEqual([]);

        const balances = balancesOf(journal.flat());
        const paid = order.reduce((sum, so) => sum + so.split.total, 0);
        const refunded = outcomes.reduce((sum, o) => sum + o.refunded, 0);
        const owedAndEarned = credit(balanceOfKind(balances, 'maker_payable') + balanceOfKind(balances, 'association_payable') + balance(balances, 'platform_revenue'));
        expect(owedAndEarned).toBe(paid - refunded);
        expect(balance(balances, 'platform_cash')).toBe(paid - refunded);
        expect(balance(balances, 'refunds')).toBe(0);

        // Per association and for the platform: what is left of the snapshotted commission and fee.
        for (const associationId of ASSOCIATIONS) {
          const left = outcomes.filter((o) => o.split.associationId === associationId).reduce((sum, o) => sum + o.split.commission - o.reversed.commission, 0);
          expect(credit(balance(balances, `association_payable:${associationId}`))).toBe(left);
        }
        expect(credit(balance(balances, 'platform_revenue'))).toBe(outcomes.reduce((sum, o) => sum + o.split.platformFee - o.reversed.platformFee, 0));

        for (const [i, o] of outcomes.entries()) {
          const { split } = o;
          // Checkout: shipping goes to the maker, commission and fee come from the goods.
          const { amounts } = order[i];
          expect(amounts.makerNet + amounts.commission + amounts.platformFee).toBe(split.total);
          expect(amounts.commission).toBe(split.associationId ? percentOf(amounts.subtotal, order[i].input.commissionRateBps) : 0);
          expect(amounts.platformFee).toBe(percentOf(amounts.subtotal, order[i].input.platformFeeBps));

          const makerLeft = credit(balance(balances, `maker_payable:${split.shopId}`));
          expect(makerLeft + (split.commission - o.reversed.commission) + (split.platformFee - o.reversed.platformFee)).toBe(split.total - o.refunded);

          const badSteps = o.steps.filter((s) => s.commission < 0 || s.platformFee < 0 || s.commission + s.platformFee + s.net !== s.amount);
          expect(badSteps).toEqual([]);
          expect(o.reversed.commission).toBeLessThanOrEqual(split.commission);
          expect(o.reversed.platformFee).toBeLessThanOrEqual(split.platformFee);

          if (o.refunded === split.total) {
            expect(o.reversed).toEqual({ commission: split.commission, platformFee: split.platformFee });
            expect(makerLeft).toBe(0);
          }
        }
      }),
      { numRuns },
    );
  });

  it("never raises a maker's payable above its original net, counting all refunds so far", () => {
    // The cumulative counterpart of the known defect below: the maker's total give-back
    // (refunded − reversed commission − reversed fee) is never negative, so the −1 tiyn is
    // transient and taken back by the next refund.
    fc.assert(
      fc.property(orderArb, (order) => {
        for (const o of simulate(order).outcomes) {
          let givenBack = 0;
          const runningGiveBacks = o.steps.map((step) => (givenBack += step.net));
          expect(runningGiveBacks.filter((g) => g < 0)).toEqual([]);
        }
      }),
      { numRuns },
    );
  });

  // Commission ≤ 30 % and fee ≤ 20 %, so at most 50 % together. The once-failing minimal
  // case is pinned in `examples`: goods 10 tiyn at 10 % + 10 %, refunds 4, 1, 5 (the second
  // refund used to split into commission 1, fee 1, net −1).
  it("never takes a negative share of a single refund from the maker (rates ≤ 50 % together)", () => {
    const input: SellerOrderInput = {
      sellerOrderId: 'so-1',
      shopId: 'shop-1',
      associationId: 'assoc-almaty',
      lines: [{ unitPrice: 10, quantity: 1 }],
      shipping: 0,
      commissionRateBps: 1000,
      platformFeeBps: 1000,
    };
    const counterExample: GeneratedSellerOrder[] = [{ input, ...checkout(input), refunds: [4, 1, 5] }];
    fc.assert(
      fc.property(orderArb, (order) => {
        const negative = simulate(order).outcomes.flatMap((o) => o.steps.filter((step) => step.net < 0));
        expect(negative).toEqual([]);
      }),
      { numRuns, examples: [[counterExample]] },
    );
  });

  it('reverses the same commission and fee whatever the partition of a full refund', () => {
    const arb = sellerOrderInputArb(1).chain((input) => {
      const { split } = checkout(input);
      return fc.tuple(fc.constant(split), partitionArb(split.total), partitionArb(split.total));
    });
    fc.assert(
      fc.property(arb, ([split, first, second]) => {
        const [a] = simulate([{ split, refunds: first }]).outcomes;
        const [b] = simulate([{ split, refunds: second }]).outcomes;
        expect(a.reversed).toEqual(b.reversed);
        expect(a.reversed).toEqual({ commission: split.commission, platformFee: split.platformFee });
        const netOf = (o: SellerOrderOutcome) => o.steps.reduce((sum, s) => sum + s.net, 0);
        expect(netOf(a)).toBe(split.total - split.commission - split.platformFee);
        expect(netOf(b)).toBe(netOf(a));
      }),
      { numRuns },
    );
  });

  it('percentOf rounds half up exactly, as a BigInt reference does', () => {
    const reference = (amount: number, bps: number): number => {
      const product = BigInt(amount) * BigInt(bps);
      const quotient = product / 10_000n;
      return Number(product % 10_000n >= 5_000n ? quotient + 1n : quotient);
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / 10_000) }), fc.integer({ min: 0, max: 10_000 }), (amount, bps) => {
        expect(percentOf(amount, bps)).toBe(reference(amount, bps));
      }),
      { numRuns, examples: [[1, 5000], [3, 5000], [15, 3333], [900_719_925_474, 9_999]] },
    );
  });

  it('takes no commission or fee on shipping', () => {
    fc.assert(
      fc.property(sellerOrderInputArb(1), fc.integer({ min: 0, max: 1_000_000 }), (input, extraShipping) => {
        const base = checkout(input).amounts;
        const more = checkout({ ...input, shipping: input.shipping + extraShipping }).amounts;
        expect(more.commission).toBe(base.commission);
        expect(more.platformFee).toBe(base.platformFee);
        expect(more.makerNet - base.makerNet).toBe(extraShipping);
      }),
      { numRuns },
    );
  });
});
