import { EntityManager } from 'typeorm';

/**
 * Stock of listing variants, as other modules change it inside their own transactions
 * (checkout reserves, expiry and refunds release). Every change goes through the
 * conditional UPDATEs here, so concurrent buyers can never take stock below zero.
 */

/**
 * Takes `quantity` units of a variant if, and only if, that many are there and the
 * variant is still on sale. Answers the stock left, or null when there was not enough.
 * The row lock the UPDATE takes serialises buyers of the same variant.
 */
export async function reserveStock(manager: EntityManager, variantId: string, quantity: number): Promise<number | null> {
  const [rows] = (await manager.query(
    `UPDATE listing_variants SET stock = stock - $2, updated_at = now()
      WHERE id = $1 AND active AND stock >= $2
      RETURNING stock`,
    [variantId, quantity],
  )) as [{ stock: number }[], number];
  return rows.length ? rows[0].stock : null;
}

/** Units currently available (after a refused reservation, to tell the buyer). */
export async function availableStock(manager: EntityManager, variantId: string): Promise<number> {
  const rows: { stock: number; active: boolean }[] = await manager.query(
    `SELECT stock, active FROM listing_variants WHERE id = $1`,
    [variantId],
  );
  return rows.length && rows[0].active ? rows[0].stock : 0;
}

/** Puts units back (an order expired, was cancelled or refunded with restock); answers the stock now. */
export async function releaseStock(manager: EntityManager, variantId: string, quantity: number): Promise<number> {
  const [rows] = (await manager.query(
    `UPDATE listing_variants SET stock = stock + $2, updated_at = now() WHERE id = $1 RETURNING stock, listing_id`,
    [variantId, quantity],
  )) as [{ stock: number }[], number];
  return rows[0]?.stock ?? 0;
}

/**
 * Recomputes the listing's catalogue summary (lowest active price, whether anything is
 * in stock) after its variants changed. Callers touching several listings pass their
 * ids sorted, so that concurrent transactions lock listings in one order.
 */
export async function refreshListingSummary(manager: EntityManager, listingId: string): Promise<void> {
  await manager.query(
    `UPDATE listings l SET
       min_price = (SELECT min(v.price_amount) FROM listing_variants v WHERE v.listing_id = l.id AND v.active),
       in_stock = EXISTS (SELECT 1 FROM listing_variants v WHERE v.listing_id = l.id AND v.active AND v.stock > 0),
       updated_at = now()
     WHERE l.id = $1`,
    [listingId],
  );
}

/** A variant as checkout needs it: price, listing and shop state, shipping settings. */
export interface SaleableVariant {
  variantId: string;
  listingId: string;
  sku: string;
  options: Record<string, string>;
  priceAmount: number;
  currency: string;
  variantActive: boolean;
  listingStatus: string;
  title: Record<string, string>;
  shopId: string;
  shopName: string;
  shopSlug: string;
  ownerId: string;
  shopStatus: string;
  shopCurrency: string;
  shippingFeeAmount: number;
  freeShippingOverAmount: number | null;
}

export async function variantsForSale(manager: EntityManager, variantIds: string[]): Promise<SaleableVariant[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT v.id, v.listing_id, v.sku, v.options, v.price_amount::float8 AS price_amount, v.currency, v.active,
            l.status AS listing_status, l.title,
            s.id AS shop_id, s.name AS shop_name, s.slug AS shop_slug, s.owner_id, s.status AS shop_status, s.currency AS shop_currency,
            s.shipping_fee_amount::float8 AS shipping_fee_amount, s.free_shipping_over_amount::float8 AS free_shipping_over_amount
       FROM listing_variants v
       JOIN listings l ON l.id = v.listing_id
       JOIN shops s ON s.id = v.shop_id
      WHERE v.id = ANY($1::uuid[])`,
    [variantIds],
  );
  return rows.map((r) => ({
    variantId: r.id as string,
    listingId: r.listing_id as string,
    sku: r.sku as string,
    options: r.options as Record<string, string>,
    priceAmount: r.price_amount as number,
    currency: r.currency as string,
    variantActive: r.active as boolean,
    listingStatus: r.listing_status as string,
    title: r.title as Record<string, string>,
    shopId: r.shop_id as string,
    shopName: r.shop_name as string,
    shopSlug: r.shop_slug as string,
    ownerId: r.owner_id as string,
    shopStatus: r.shop_status as string,
    shopCurrency: r.shop_currency as string,
    shippingFeeAmount: r.shipping_fee_amount as number,
    freeShippingOverAmount: r.free_shipping_over_amount as number | null,
  }));
}
