import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber, Currency } from '../common/money';
import { OrderStatus } from './order.state';

export type DeliveryType = 'shipping' | 'pickup';

export interface ShippingAddress {
  country: string;
  region?: string;
  city: string;
  street: string;
  apartment?: string;
  postalCode: string;
  phone: string;
  recipientName?: string;
}

/** A buyer's checkout: one currency, one delivery choice, split into seller orders. */
@Entity('orders')
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human-friendly, e.g. SH-001042; seller orders append -1, -2… */
  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'uuid' })
  buyerId: string;

  @Column({ type: 'text' })
  status: OrderStatus;

  @Column({ type: 'char', length: 3 })
  currency: Currency;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  subtotalAmount: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  shippingAmount: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  totalAmount: number;

  @Column({ type: 'text' })
  deliveryType: DeliveryType;

  @Column({ type: 'jsonb', nullable: true })
  shippingAddress: ShippingAddress | null;

  @Column({ type: 'uuid', nullable: true })
  pickupHubId: string | null;

  /** Unpaid after this moment, the order is expired and its stock released. */
  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  paidAt: Date | null;

  /** When it was cancelled or expired, and why. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  closeReason: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
