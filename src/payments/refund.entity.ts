import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber, Currency } from '../common/money';

export type RefundStatus = 'pending' | 'succeeded' | 'failed';
export type RefundInitiator = 'buyer' | 'maker' | 'admin' | 'system';

/**
 * Money returned to the buyer from one seller order. Written `pending` before the
 * provider is asked (its id is the provider's idempotency key), so that a crash or
 * timeout in between is retried, never repeated.
 */
@Entity('refunds')
export class Refund {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  paymentId: string;

  @Column({ type: 'uuid' })
  sellerOrderId: string;

  @Column({ type: 'text' })
  status: RefundStatus;

  @Column({ type: 'char', length: 3 })
  currency: Currency;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount: number;

  /** Free text from whoever refunded, kept with the refund (Stripe gets it in metadata). */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text' })
  initiator: RefundInitiator;

  @Column({ type: 'uuid', nullable: true })
  initiatedBy: string | null;

  @Column({ type: 'text', nullable: true, unique: true })
  providerRef: string | null;

  @Column({ type: 'text', nullable: true })
  failureMessage: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  succeededAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
