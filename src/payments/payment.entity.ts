import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber, Currency } from '../common/money';
import { PaymentStatus } from './payment.state';

export type ProviderName = 'stripe' | 'manual';

/** The buyer's payment of one order: with Stripe, one PaymentIntent for the order total. */
@Entity('payments')
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', unique: true })
  orderId: string;

  @Column({ type: 'text' })
  provider: ProviderName;

  @Column({ type: 'text' })
  status: PaymentStatus;

  @Column({ type: 'char', length: 3 })
  currency: Currency;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount: number;

  /** Refunds requested so far, pending ones included. */
  @Column({ type: 'bigint', transformer: bigintAsNumber, default: 0 })
  refundedAmount: number;

  /** Stripe: the PaymentIntent id. Null until the provider has been asked (or for manual). */
  @Column({ type: 'text', nullable: true, unique: true })
  providerRef: string | null;

  /** Stripe: the succeeded charge (source_transaction of transfers to makers). */
  @Column({ type: 'text', nullable: true })
  chargeRef: string | null;

  @Column({ type: 'text', nullable: true })
  clientSecret: string | null;

  @Column({ type: 'text', nullable: true })
  failureMessage: string | null;

  /** Manual provider: who confirmed the money arrived. */
  @Column({ type: 'uuid', nullable: true })
  confirmedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  succeededAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  canceledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
