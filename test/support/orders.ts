import { randomUUID } from 'node:crypto';
import { TestApp } from './app';
import { Actor, categoryId, listingBody, makerWithShop, platformModerator, publishedListing, register, uniqueSuffix } from './api';

/** A valid Kazakh shipping address. */
export const KZ_ADDRESS = {
  country: 'KZ',
  city: 'Шымкент',
  street: 'Тәуке хан даңғылы, 12',
  postalCode: '160000',
  phone: '+77012345678',
  recipientName: 'Айгерим Төлегенова',
};

export const shippingTo = (address: Record<string, unknown> = KZ_ADDRESS) => ({ type: 'shipping', address });

export interface ForSale {
  maker: Actor;
  shop: { id: string; slug: string };
  listingId: string;
  variantId: string;
  sku: string;
}

let sharedModerator: Actor | undefined;

/**
 * A maker with a shop and one published listing whose single variant has this price,
 * stock and currency. `shop` sets the shop (e.g. shippingFee, freeShippingOver).
 */
export async function variantForSale(
  t: TestApp,
  options: { price?: number; stock?: number; currency?: string; shop?: Record<string, unknown>; maker?: ForSale } = {},
): Promise<ForSale> {
  sharedModerator ??= await platformModerator(t);
  const owner = options.maker ?? (await makerWithShop(t, options.shop ?? {}));
  const sku = `SKU-${uniqueSuffix()}`.toUpperCase();
  const body = listingBody({ categoryId: await categoryId(t, 'syrmak') }, [
    { sku, price: { amount: options.price ?? 4_500_000, currency: options.currency ?? 'KZT' }, stock: options.stock ?? 5 },
  ]);
  const listing = await publishedListing(t, owner.maker, sharedModerator, body);
  const detail = await t.http().get(`/api/v1/listings/${listing.id}`);
  const variant = (detail.body.variants as { id: string; sku: string }[])[0];
  return { maker: owner.maker, shop: owner.shop, listingId: listing.id, variantId: variant.id, sku: variant.sku };
}

export const buyer = (t: TestApp) => register(t, ['buyer']);

/** POST /orders with a fresh Idempotency-Key unless one is given. */
export function postOrder(t: TestApp, who: Actor, body: unknown, key: string | null = randomUUID()) {
  const req = t.http().post('/api/v1/orders').set(who.auth);
  if (key !== null) req.set('Idempotency-Key', key);
  return req.send(body as object);
}

export async function placeOrder(t: TestApp, who: Actor, items: { variantId: string; quantity: number }[], delivery: unknown = shippingTo()) {
  const res = await postOrder(t, who, { items, delivery });
  if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as OrderBody;
}

export async function variantStock(t: TestApp, variantId: string): Promise<number> {
  const [row] = await t.db.query(`SELECT stock FROM listing_variants WHERE id = $1`, [variantId]);
  return row.stock;
}

export async function outboxTypes(t: TestApp, aggregateIds: string[]): Promise<string[]> {
  const rows: { type: string }[] = await t.db.query(`SELECT type FROM outbox_events WHERE aggregate_id = ANY($1::uuid[]) ORDER BY id`, [aggregateIds]);
  return rows.map((r) => r.type);
}

export interface MoneyBody {
  amount: number;
  currency: string;
}

export interface OrderBody {
  id: string;
  number: string;
  status: string;
  subtotal: MoneyBody;
  shipping: MoneyBody;
  total: MoneyBody;
  expiresAt: string;
  sellerOrders: {
    id: string;
    number: string;
    status: string;
    shop: { id: string };
    total: MoneyBody;
    shipping: MoneyBody;
    subtotal: MoneyBody;
    refunded: MoneyBody;
    refundable: MoneyBody;
    commission: MoneyBody;
    platformFee: MoneyBody;
    commissionRateBps: number;
    platformFeeBps: number;
    associationId: string | null;
    lines: { id: string; variantId: string; quantity: number; unitPrice: MoneyBody; total: MoneyBody; title: Record<string, string>; restockedQuantity: number }[];
  }[];
  payment: { id: string; provider: string; status: string; clientSecret?: string; amount: MoneyBody };
}
