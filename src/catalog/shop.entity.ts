import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LocalizedText } from '../common/locale';
import { bigintAsNumber, Currency } from '../common/money';

export type ShopStatus = 'active' | 'suspended';

/** A maker's storefront: one per maker. */
@Entity('shops')
export class Shop {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', unique: true })
  ownerId: string;

  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  bio: LocalizedText;

  @Column({ type: 'text' })
  region: string;

  @Column({ type: 'text' })
  city: string;

  @Column({ type: 'text', default: 'active' })
  status: ShopStatus;

  /** Currency of the shop's shipping prices. */
  @Column({ type: 'char', length: 3, default: 'KZT' })
  currency: Currency;

  /** Flat shipping price per seller order, minor units. */
  @Column({ type: 'bigint', default: 0, transformer: bigintAsNumber })
  shippingFeeAmount: number;

  /** Seller-order subtotal from which shipping is free; null: never free. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  freeShippingOverAmount: number | null;

  @Column({ type: 'text', nullable: true })
  stripeAccountId: string | null;

  @Column({ type: 'boolean', default: false })
  payoutsEnabled: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
