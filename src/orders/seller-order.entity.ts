import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber, Currency } from '../common/money';
import { DeliveryType } from './order.entity';
import { Carrier, SellerOrderStatus } from './seller-order.state';

/**
 * One shop's part of an order: what that maker fulfils and is paid for. The association,
 * its commission rate and the platform fee rate are snapshotted at checkout, so later
 * rate changes never touch orders already placed.
 */
@Entity('seller_orders')
export class SellerOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'uuid' })
  shopId: string;

  @Column({ type: 'uuid' })
  makerId: string;

  @Column({ type: 'text' })
  status: SellerOrderStatus;

  @Column({ type: 'char', length: 3 })
  currency: Currency;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  subtotalAmount: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  shippingAmount: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  totalAmount: number;

  /** Refunds requested so far, pending ones included: what is left is total − refunded. */
  @Column({ type: 'bigint', transformer: bigintAsNumber, default: 0 })
  refundedAmount: number;

  @Column({ type: 'uuid', nullable: true })
  associationId: string | null;

  @Column({ type: 'integer' })
  commissionRateBps: number;

  @Column({ type: 'integer' })
  platformFeeBps: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  commissionAmount: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  platformFeeAmount: number;

  @Column({ type: 'text' })
  deliveryType: DeliveryType;

  @Column({ type: 'text', nullable: true })
  carrier: Carrier | null;

  @Column({ type: 'text', nullable: true })
  trackingNumber: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  paidAt: Date | null;

  /** Paid and not shipped (or ready for pickup) by then: cancelled, refunded and restocked. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  shipBy: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  shippedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readyAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  /** The payout that passes its maker's net on (payouts.service.ts); null until claimed, or again after a failed one. */
  @Column({ type: 'uuid', nullable: true })
  makerPayoutId: string | null;

  /** The same for its association's commission. */
  @Column({ type: 'uuid', nullable: true })
  associationPayoutId: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
