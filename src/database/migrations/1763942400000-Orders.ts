import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Checkout, payments and fulfilment: orders split into seller orders, their lines,
 * payments and refunds, the Stripe webhook log, idempotency records of POST /orders,
 * and the transactional outbox every state change writes to.
 *
 * The CHECKs are the database's last word on the rules the services keep: amounts are
 * integer minor units and never negative, a seller order is never refunded beyond its
 * total, a line is never restocked beyond its quantity.
 */
export class Orders1763942400000 implements MigrationInterface {
  name = 'Orders1763942400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE order_number_seq START 1001`);

    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL CONSTRAINT orders_number_key UNIQUE,
        buyer_id uuid NOT NULL REFERENCES users(id),
        status text NOT NULL CHECK (status IN ('pending_payment', 'paid', 'cancelled', 'expired')),
        currency char(3) NOT NULL,
        subtotal_amount bigint NOT NULL CHECK (subtotal_amount > 0),
        shipping_amount bigint NOT NULL CHECK (shipping_amount >= 0),
        total_amount bigint NOT NULL CHECK (total_amount = subtotal_amount + shipping_amount),
        delivery_type text NOT NULL CHECK (delivery_type IN ('shipping', 'pickup')),
        shipping_address jsonb,
        pickup_hub_id uuid REFERENCES hubs(id),
        expires_at timestamptz(3) NOT NULL,
        paid_at timestamptz(3),
        closed_at timestamptz(3),
        close_reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((delivery_type = 'shipping') = (shipping_address IS NOT NULL)),
        CHECK ((delivery_type = 'pickup') = (pickup_hub_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX orders_buyer_created_idx ON orders (buyer_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX orders_unpaid_expiry_idx ON orders (expires_at) WHERE status = 'pending_payment'`);

    await q.query(`
      CREATE TABLE seller_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders(id),
        number text NOT NULL CONSTRAINT seller_orders_number_key UNIQUE,
        shop_id uuid NOT NULL REFERENCES shops(id),
        maker_id uuid NOT NULL REFERENCES users(id),
        status text NOT NULL CHECK (status IN
          ('pending_payment', 'paid', 'shipped', 'ready_for_pickup', 'delivered', 'completed', 'cancelled')),
        currency char(3) NOT NULL,
        subtotal_amount bigint NOT NULL CHECK (subtotal_amount > 0),
        shipping_amount bigint NOT NULL CHECK (shipping_amount >= 0),
        total_amount bigint NOT NULL CHECK (total_amount = subtotal_amount + shipping_amount),
        refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount BETWEEN 0 AND total_amount),
        association_id uuid REFERENCES associations(id),
        commission_rate_bps integer NOT NULL CHECK (commission_rate_bps BETWEEN 0 AND 10000),
        platform_fee_bps integer NOT NULL CHECK (platform_fee_bps BETWEEN 0 AND 10000),
        commission_amount bigint NOT NULL CHECK (commission_amount >= 0),
        platform_fee_amount bigint NOT NULL CHECK (platform_fee_amount >= 0),
        delivery_type text NOT NULL CHECK (delivery_type IN ('shipping', 'pickup')),
        carrier text CHECK (carrier IN ('kazpost', 'cdek', 'courier', 'other')),
        tracking_number text,
        paid_at timestamptz(3),
        ship_by timestamptz(3),
        shipped_at timestamptz(3),
        ready_at timestamptz(3),
        delivered_at timestamptz(3),
        completed_at timestamptz(3),
        cancelled_at timestamptz(3),
        cancel_reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX seller_orders_order_idx ON seller_orders (order_id)`);
    await q.query(`CREATE INDEX seller_orders_shop_created_idx ON seller_orders (shop_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX seller_orders_ship_by_idx ON seller_orders (ship_by) WHERE status = 'paid'`);
    await q.query(`CREATE INDEX seller_orders_delivered_idx ON seller_orders (delivered_at) WHERE status = 'delivered'`);

    await q.query(`
      CREATE TABLE order_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seller_order_id uuid NOT NULL REFERENCES seller_orders(id),
        listing_id uuid NOT NULL REFERENCES listings(id),
        variant_id uuid NOT NULL REFERENCES listing_variants(id),
        sku text NOT NULL,
        title jsonb NOT NULL,
        options jsonb NOT NULL DEFAULT '{}',
        unit_price_amount bigint NOT NULL CHECK (unit_price_amount > 0),
        quantity integer NOT NULL CHECK (quantity > 0),
        line_total_amount bigint NOT NULL CHECK (line_total_amount = unit_price_amount * quantity),
        restocked_quantity integer NOT NULL DEFAULT 0 CHECK (restocked_quantity BETWEEN 0 AND quantity),
        position integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX order_lines_seller_order_idx ON order_lines (seller_order_id, position)`);

    await q.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL CONSTRAINT payments_order_id_key UNIQUE REFERENCES orders(id),
        provider text NOT NULL CHECK (provider IN ('stripe', 'manual')),
        status text NOT NULL CHECK (status IN ('pending', 'failed', 'succeeded', 'canceled')),
        currency char(3) NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount BETWEEN 0 AND amount),
        provider_ref text CONSTRAINT payments_provider_ref_key UNIQUE,
        charge_ref text,
        client_secret text,
        failure_message text,
        confirmed_by uuid REFERENCES users(id),
        succeeded_at timestamptz(3),
        canceled_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE refunds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payment_id uuid NOT NULL REFERENCES payments(id),
        seller_order_id uuid NOT NULL REFERENCES seller_orders(id),
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        currency char(3) NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        reason text NOT NULL,
        initiator text NOT NULL CHECK (initiator IN ('buyer', 'maker', 'admin', 'system')),
        initiated_by uuid REFERENCES users(id),
        provider_ref text CONSTRAINT refunds_provider_ref_key UNIQUE,
        failure_message text,
        attempts integer NOT NULL DEFAULT 0,
        succeeded_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refunds_seller_order_idx ON refunds (seller_order_id, created_at)`);
    await q.query(`CREATE INDEX refunds_pending_idx ON refunds (updated_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE webhook_events (
        id text PRIMARY KEY,
        provider text NOT NULL,
        type text NOT NULL,
        received_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE idempotency_records (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key text NOT NULL,
        scope text NOT NULL,
        request_hash text NOT NULL,
        resource_id uuid,
        response_status integer,
        response_body text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        completed_at timestamptz(3),
        PRIMARY KEY (user_id, scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at)`);

    await q.query(`
      CREATE TABLE outbox_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type text NOT NULL,
        aggregate_type text NOT NULL,
        aggregate_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        dispatched_at timestamptz(3)
      )`);
    await q.query(`CREATE INDEX outbox_events_undispatched_idx ON outbox_events (id) WHERE dispatched_at IS NULL`);
    await q.query(`CREATE INDEX outbox_events_aggregate_idx ON outbox_events (aggregate_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox_events', 'idempotency_records', 'webhook_events', 'refunds', 'payments', 'order_lines', 'seller_orders', 'orders']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP SEQUENCE order_number_seq`);
  }
}
