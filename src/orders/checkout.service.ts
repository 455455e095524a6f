import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { availableStock, refreshListingSummary, reserveStock, SaleableVariant, variantsForSale } from '../catalog/stock';
import { Environment } from '../config/environment';
import { badRequest, conflict, DomainError, unprocessable } from '../common/errors';
import { IdempotencyService, StoredResponse } from '../common/idempotency';
import { pickText } from '../common/locale';
import { Currency } from '../common/money';
import { AuthUser } from '../identity/roles';
import { recordEvent } from '../notifications/outbox';
import { Payment } from '../payments/payment.entity';
import { PaymentProviderError, PaymentProviders } from '../payments/payment-provider';
import { CreateOrderDto } from './orders.dto';
import { Order } from './order.entity';
import { OrderJobs } from './order-jobs';
import { OrderLine } from './order-line.entity';
import { lockOrderWithParts } from './order-ops';
import { orderViewsOf, OrdersQuery, ViewParts } from './orders.query';
import { PaymentOutcomesService } from './payment-outcomes.service';
import { listingsOverQuantityCap, mayPlaceAnotherUnpaidOrder } from './checkout.rules';
import { lineTotal, sellerOrderAmounts, shippingFor } from './pricing.rules';
import { SellerOrder } from './seller-order.entity';

const MINUTE_MS = 60_000;

// A new seller order has none of these yet.
const NOT_YET = {
  carrier: null,
  trackingNumber: null,
  paidAt: null,
  shipBy: null,
  shippedAt: null,
  readyAt: null,
  deliveredAt: null,
  completedAt: null,
  cancelledAt: null,
  cancelReason: null,
} as const;

interface ShopGroup {
  shopId: string;
  ownerId: string;
  variants: { variant: SaleableVariant; quantity: number }[];
}

/**
 * Checkout: one transaction validates the cart, reserves stock with conditional
 * updates, snapshots prices, titles and rates, and writes the order, its seller orders
 * (one per shop), their lines and the payment. The provider is asked to start the
 * payment after the commit, with a key derived from the payment id, so a retry of the
 * same Idempotency-Key resumes it instead of charging twice.
 */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly associations: AssociationsService,
    private readonly idempotency: IdempotencyService,
    private readonly providers: PaymentProviders,
    private readonly outcomes: PaymentOutcomesService,
    private readonly query: OrdersQuery,
    private readonly jobs: OrderJobs,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  placeOrder(buyer: AuthUser, dto: CreateOrderDto, idempotencyKey: string | undefined): Promise<StoredResponse> {
    let placed: ViewParts | undefined; // what this request wrote, so that its answer needs no second read
    return this.idempotency.run(buyer.id, 'POST /orders', idempotencyKey, dto, {
      create: async (manager, orderId) => {
        placed = await this.createOrder(manager, buyer, dto, orderId);
      },
      finish: (orderId) => this.startPayment(orderId, placed),
    });
  }

  /**
   * Reads first (the cart, rates, the hub), then writes the rows, and reserves stock
   * last: the variant row locks, which serialise the buyers of one item, are held only
   * for the few statements before the commit.
   */
  private async createOrder(manager: EntityManager, buyer: AuthUser, dto: CreateOrderDto, orderId: string): Promise<ViewParts> {
    checkDelivery(dto);
    const quantities = new Map<string, number>();
    for (const item of dto.items) quantities.set(item.variantId, (quantities.get(item.variantId) ?? 0) + item.quantity);

    await this.checkUnpaidOrders(manager, buyer);
    const variants = await variantsForSale(manager, [...quantities.keys()]);
    const currency = this.checkSaleable(buyer, [...quantities.keys()], variants);
    this.checkQuantityCap(variants, quantities);
    const inCartOrder = [...quantities.keys()].map((id) => variants.find((v) => v.variantId === id)!);
    const groups = groupByShop(inCartOrder, quantities);
    const { rates, hub } = await this.rates(manager, groups, dto);

    const now = new Date();
    const platformFeeBps = this.config.get('PLATFORM_FEE_BPS', { infer: true });
    const ttlMinutes = this.config.get(this.providers.current.name === 'manual' ? 'MANUAL_PAYMENT_TTL_MINUTES' : 'ORDER_PAYMENT_TTL_MINUTES', { infer: true });
    const planned = groups.map((group) => {
      const rate = rates.get(group.ownerId);
      const lines = group.variants.map(({ variant, quantity }) => ({ unitPrice: variant.priceAmount, quantity }));
      const goods = lines.reduce((sum, l) => sum + lineTotal(l.unitPrice, l.quantity), 0);
      return {
        group,
        rate,
        amounts: sellerOrderAmounts({
          lines,
          shipping: this.shipping(group, goods, dto, currency),
          commissionRateBps: rate?.commissionRateBps ?? 0,
          platformFeeBps,
        }),
      };
    });
    const subtotal = planned.reduce((sum, p) => sum + p.amounts.subtotal, 0);
    const shipping = planned.reduce((sum, p) => sum + p.amounts.shipping, 0);

    const order = manager.create(Order, {
      id: orderId,
      buyerId: buyer.id,
      status: 'pending_payment',
      currency,
      subtotalAmount: subtotal,
      shippingAmount: shipping,
      totalAmount: subtotal + shipping,
      deliveryType: dto.delivery.type,
      shippingAddress: dto.delivery.type === 'shipping' ? { ...dto.delivery.address! } : null,
      pickupHubId: dto.delivery.type === 'pickup' ? dto.delivery.hubId! : null,
      expiresAt: new Date(now.getTime() + ttlMinutes * MINUTE_MS),
      paidAt: null,
      closedAt: null,
      closeReason: null,
      createdAt: now,
      updatedAt: now,
    });
    const payment = manager.create(Payment, {
      id: randomUUID(),
      orderId,
      provider: this.providers.current.name,
      status: 'pending',
      currency,
      amount: order.totalAmount,
      refundedAmount: 0,
      providerRef: null,
      chargeRef: null,
      clientSecret: null,
      failureMessage: null,
      confirmedBy: null,
      succeededAt: null,
      canceledAt: null,
      createdAt: now,
      updatedAt: now,
    });
    // The order and its payment in one statement; the number comes from a sequence (never reused, may have gaps).
    const [{ number }] = (await manager.query(
      `WITH o AS (
         INSERT INTO orders (id, number, buyer_id, status, currency, subtotal_amount, shipping_amount, total_amount,
                             delivery_type, shipping_address, pickup_hub_id, expires_at, created_at, updated_at)
         SELECT $1, 'SH-' || lpad(n::text, greatest(6, length(n::text)), '0'), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12
           FROM nextval('order_number_seq') AS n
         RETURNING id, number)
       , p AS (
         INSERT INTO payments (id, order_id, provider, status, currency, amount, created_at, updated_at)
         SELECT $13, o.id, $14, $15, $4, $7, $12, $12 FROM o)
       SELECT number FROM o`,
      [
        order.id, order.buyerId, order.status, order.currency, order.subtotalAmount, order.shippingAmount, order.totalAmount,
        order.deliveryType, order.shippingAddress && JSON.stringify(order.shippingAddress), order.pickupHubId, order.expiresAt, now,
        payment.id, payment.provider, payment.status,
      ],
    )) as { number: string }[];
    order.number = number;

    const sellerOrders = planned.map((plan, index) =>
      manager.create(SellerOrder, {
        id: randomUUID(),
        orderId,
        number: `${number}-${index + 1}`,
        shopId: plan.group.shopId,
        makerId: plan.group.ownerId,
        status: 'pending_payment',
        currency,
        subtotalAmount: plan.amounts.subtotal,
        shippingAmount: plan.amounts.shipping,
        totalAmount: plan.amounts.total,
        refundedAmount: 0,
        associationId: plan.rate?.associationId ?? null,
        commissionRateBps: plan.rate?.commissionRateBps ?? 0,
        platformFeeBps,
        commissionAmount: plan.amounts.commission,
        platformFeeAmount: plan.amounts.platformFee,
        deliveryType: dto.delivery.type,
        ...NOT_YET,
        createdAt: now,
        updatedAt: now,
      }),
    );
    let position = 0;
    const lines = planned.flatMap((plan, index) =>
      plan.group.variants.map(({ variant, quantity }) =>
        manager.create(OrderLine, {
          id: randomUUID(),
          sellerOrderId: sellerOrders[index].id,
          listingId: variant.listingId,
          variantId: variant.variantId,
          sku: variant.sku,
          title: variant.title,
          options: variant.options,
          unitPriceAmount: variant.priceAmount,
          quantity,
          lineTotalAmount: lineTotal(variant.priceAmount, quantity),
          restockedQuantity: 0,
          position: position++,
        }),
      ),
    );
    // Each set of rows in one statement, passed as one JSON parameter: cheaper than an ORM multi-row insert.
    await manager.query(
      `INSERT INTO seller_orders (id, order_id, number, shop_id, maker_id, status, currency, subtotal_amount, shipping_amount,
                                  total_amount, association_id, commission_rate_bps, platform_fee_bps, commission_amount,
                                  platform_fee_amount, delivery_type, created_at, updated_at)
       SELECT id, order_id, number, shop_id, maker_id, status, currency, subtotal_amount, shipping_amount, total_amount,
              association_id, commission_rate_bps, platform_fee_bps, commission_amount, platform_fee_amount, delivery_type, $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, order_id uuid, number text, shop_id uuid, maker_id uuid, status text,
              currency char(3), subtotal_amount bigint, shipping_amount bigint, total_amount bigint, association_id uuid,
              commission_rate_bps int, platform_fee_bps int, commission_amount bigint, platform_fee_amount bigint, delivery_type text)`,
      [JSON.stringify(sellerOrders.map((so) => snakeCase(so))), now],
    );
    await manager.query(
      `INSERT INTO order_lines (id, seller_order_id, listing_id, variant_id, sku, title, options, unit_price_amount, quantity,
                                line_total_amount, position)
       SELECT id, seller_order_id, listing_id, variant_id, sku, title, options, unit_price_amount, quantity, line_total_amount, position
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, seller_order_id uuid, listing_id uuid, variant_id uuid, sku text, title jsonb,
              options jsonb, unit_price_amount bigint, quantity int, line_total_amount bigint, position int)`,
      [JSON.stringify(lines.map((l) => snakeCase(l)))],
    );
    await recordEvent(manager, 'order.placed', { type: 'order', id: orderId }, { orderId, buyerId: buyer.id });

    await this.reserve(manager, variants, quantities);
    return {
      orders: [order],
      sellerOrders,
      lines,
      refunds: [],
      payments: [payment],
      shops: new Map(groups.map((g) => [g.shopId, { id: g.shopId, slug: g.variants[0].variant.shopSlug, name: g.variants[0].variant.shopName }])),
      hubs: new Map(hub ? [[hub.id, hub]] : []),
      buyerNames: null,
    };
  }

  /** Takes the stock, in one order of variant ids so that concurrent checkouts never wait on each other in a cycle. */
  private async reserve(manager: EntityManager, variants: SaleableVariant[], quantities: Map<string, number>): Promise<void> {
    const soldOut = new Set<string>();
    for (const variant of [...variants].sort((a, b) => (a.variantId < b.variantId ? -1 : 1))) {
      const requested = quantities.get(variant.variantId)!;
      const left = await reserveStock(manager, variant.variantId, requested);
      if (left === null) {
        const available = await availableStock(manager, variant.variantId);
        throw conflict('insufficient_stock', `Only ${available} of ${variant.sku} left; ${requested} requested`, {
          variantId: variant.variantId,
          sku: variant.sku,
          requested,
          available,
        });
      }
      if (left === 0) soldOut.add(variant.listingId);
    }
    for (const listingId of [...soldOut].sort()) await refreshListingSummary(manager, listingId);
  }

  /**
   * After the commit: the provider starts collecting the total (idempotent per payment),
   * the expiry is scheduled, and the answer is built (from what this request wrote, or,
   * when a retry resumes an unfinished key, from the database). A transient provider
   * failure is a 502 that a retry with the same key resumes; a definitive one closes the
   * order, restocks it, and is the stored answer.
   */
  private async startPayment(orderId: string, placed: ViewParts | undefined): Promise<StoredResponse> {
    const parts = placed ?? (await this.query.parts(orderId));
    const order = parts.orders[0];
    const payment = parts.payments[0];
    if (payment.provider === 'stripe' && !payment.providerRef && order.status === 'pending_payment') {
      try {
        const started = await this.providers.of(payment).start({
          paymentId: payment.id,
          orderId,
          orderNumber: order.number,
          amount: payment.amount,
          currency: payment.currency,
        });
        await this.dataSource.query(
          `UPDATE payments SET provider_ref = $2, client_secret = $3, updated_at = now() WHERE id = $1 AND provider_ref IS NULL`,
          [payment.id, started.ref, started.clientSecret],
        );
        payment.providerRef = started.ref;
        payment.clientSecret = started.clientSecret;
      } catch (error) {
        if (!(error instanceof PaymentProviderError)) throw error;
        if (error.transient) {
          this.logger.warn(`Payment of order ${order.number} could not be started: ${error.reason}`);
          throw new DomainError(502, 'payment_provider_unavailable', 'The payment provider did not answer; retry with the same Idempotency-Key');
        }
        this.logger.error(`Payment of order ${order.number} was refused by the provider: ${error.reason}`);
        await this.dataSource.transaction(async (manager) => {
          const locked = await lockOrderWithParts(manager, orderId);
          if (locked.order.status === 'pending_payment') await this.outcomes.closeUnpaid(manager, locked, 'cancel', 'The payment could not be started');
        });
        const body = { statusCode: 502, error: 'payment_provider_error', message: 'The payment provider refused this payment; the order was cancelled' };
        return { status: 502, body: JSON.stringify(body) };
      }
    }
    this.jobs.scheduleExpiry(order);
    return { status: 201, body: JSON.stringify(orderViewsOf([orderId], parts)[0]) };
  }

  /**
   * At most MAX_UNPAID_ORDERS_PER_BUYER orders awaiting payment per buyer. The buyer's
   * checkouts are serialised by a transaction-scoped advisory lock taken first, so two
   * at once cannot both see room for one more.
   */
  private async checkUnpaidOrders(manager: EntityManager, buyer: AuthUser): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`checkout:buyer:${buyer.id}`]);
    const [{ unpaid }] = (await manager.query(`SELECT count(*)::int AS unpaid FROM orders WHERE buyer_id = $1 AND status = 'pending_payment'`, [
      buyer.id,
    ])) as { unpaid: number }[];
    const max = this.config.get('MAX_UNPAID_ORDERS_PER_BUYER', { infer: true });
    if (!mayPlaceAnotherUnpaidOrder(unpaid, max)) {
      throw unprocessable('too_many_unpaid_orders', `You have ${unpaid} unpaid orders; pay or cancel one before placing another (at most ${max})`, {
        unpaid,
        max,
      });
    }
  }

  /** At most ORDER_MAX_QUANTITY_PER_LISTING units of one listing (all its variants together) in one order. */
  private checkQuantityCap(variants: SaleableVariant[], quantities: Map<string, number>): void {
    const max = this.config.get('ORDER_MAX_QUANTITY_PER_LISTING', { infer: true });
    const over = listingsOverQuantityCap(
      variants.map((v) => ({ listingId: v.listingId, quantity: quantities.get(v.variantId)! })),
      max,
    );
    if (!over.length) return;
    const titles = new Map(variants.map((v) => [v.listingId, v.title]));
    const named = over.map((o) => ({ ...o, title: titles.get(o.listingId)! }));
    const first = named[0];
    const title = pickText(first.title, 'ru') ?? first.listingId;
    throw unprocessable('quantity_limit', `At most ${max} of «${title}» (listing ${first.listingId}) per order; ${first.requested} requested`, named);
  }

  /** Every variant exists, is on sale in an active shop, is not the buyer's own, and all share one currency. */
  private checkSaleable(buyer: AuthUser, requested: string[], variants: SaleableVariant[]): Currency {
    const found = new Map(variants.map((v) => [v.variantId, v]));
    const unavailable = requested.flatMap((variantId) => {
      const v = found.get(variantId);
      const reason = !v
        ? 'not_found'
        : v.listingStatus !== 'published'
          ? 'listing_not_published'
          : v.shopStatus !== 'active'
            ? 'shop_suspended'
            : !v.variantActive
              ? 'variant_removed'
              : null;
      return reason ? [{ variantId, reason }] : [];
    });
    if (unavailable.length) {
      throw unprocessable('listing_unavailable', 'Some items are not on sale', unavailable);
    }
    if (variants.some((v) => v.ownerId === buyer.id)) throw unprocessable('own_listing', 'You cannot buy from your own shop');
    const currencies = [...new Set(variants.map((v) => v.currency))];
    if (currencies.length > 1) {
      throw unprocessable('mixed_currencies', `An order is paid in one currency; this cart has ${currencies.join(', ')}`, { currencies });
    }
    return currencies[0] as Currency;
  }

  /** Each maker's approved association and its commission rate, now (snapshotted on the seller order); the pickup hub. */
  private async rates(manager: EntityManager, groups: ShopGroup[], dto: CreateOrderDto) {
    const rates = await this.associations.approvedCommissionRates(groups.map((g) => g.ownerId), manager);
    if (dto.delivery.type !== 'pickup') return { rates, hub: null };
    const hub = await this.associations.findHub(dto.delivery.hubId!, manager);
    if (!hub) throw unprocessable('pickup_hub_not_found', 'There is no such pickup hub');
    const elsewhere = groups.filter((g) => rates.get(g.ownerId)?.associationId !== hub.associationId);
    if (elsewhere.length) {
      throw unprocessable('pickup_unavailable', `Some makers in this cart are not members of the association of ${hub.name}; choose shipping`, {
        shopIds: elsewhere.map((g) => g.shopId),
      });
    }
    return { rates, hub };
  }

  private shipping(group: ShopGroup, goods: number, dto: CreateOrderDto, currency: Currency): number {
    const shop = group.variants[0].variant;
    const fee = shippingFor(goods, dto.delivery.type, { feeAmount: shop.shippingFeeAmount, freeOverAmount: shop.freeShippingOverAmount });
    if (fee > 0 && shop.shopCurrency !== currency) {
      throw unprocessable('shipping_unavailable', `${shop.shopName} prices shipping in ${shop.shopCurrency}, not ${currency}; choose pickup or ask the maker`);
    }
    return fee;
  }
}

function checkDelivery(dto: CreateOrderDto): void {
  const { delivery } = dto;
  if (delivery.type === 'pickup' && delivery.address !== undefined) {
    throw badRequest('validation_failed', 'Invalid request: delivery.address', [{ field: 'delivery.address', problems: ['address only goes with shipping'] }]);
  }
  if (delivery.type === 'shipping' && delivery.hubId !== undefined) {
    throw badRequest('validation_failed', 'Invalid request: delivery.hubId', [{ field: 'delivery.hubId', problems: ['hubId only goes with pickup'] }]);
  }
  const address = delivery.address;
  if (address?.country === 'KZ' && !/^\d{6}$/.test(address.postalCode)) {
    throw badRequest('validation_failed', 'Invalid request: delivery.address.postalCode', [
      { field: 'delivery.address.postalCode', problems: ['a Kazakhstan postal code has six digits'] },
    ]);
  }
}

/** A row's fields under their column names (SnakeNamingStrategy), for jsonb_to_recordset. */
function snakeCase(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

function groupByShop(variants: SaleableVariant[], quantities: Map<string, number>): ShopGroup[] {
  const groups = new Map<string, ShopGroup>();
  for (const variant of variants) {
    const group = groups.get(variant.shopId) ?? { shopId: variant.shopId, ownerId: variant.ownerId, variants: [] };
    group.variants.push({ variant, quantity: quantities.get(variant.variantId)! });
    groups.set(variant.shopId, group);
  }
  return [...groups.values()];
}
