import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber, Currency } from '../common/money';

export type PayoutStatus = 'pending' | 'paid' | 'failed';
export type BeneficiaryType = 'shop' | 'association';

/**
 * Money passed on to a shop's maker (their net) or to an association (its commission).
 * With Stripe one Transfer per payout (idempotency key = the payout's id), funded by the
 * charge of one order; with the manual provider, a sum an admin settles by hand.
 */
@Entity('payouts')
export class Payout {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  beneficiaryType: BeneficiaryType;

  @Column({ type: 'uuid' })
  beneficiaryId: string;

  @Column({ type: 'text' })
  provider: 'stripe' | 'manual';

  @Column({ type: 'text' })
  status: PayoutStatus;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: Currency;

  @Column({ type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ type: 'text', nullable: true })
  sourceCharge: string | null;

  @Column({ type: 'text', nullable: true })
  destination: string | null;

  @Column({ type: 'text', nullable: true })
  transferRef: string | null;

  @Column({ type: 'text', nullable: true })
  failureMessage: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  paidAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  markedPaidBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
