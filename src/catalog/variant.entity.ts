import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber, Currency } from '../common/money';

/** A buyable variant of a listing. SKU unique per shop; stock never below zero (CHECK). */
@Entity('listing_variants')
@Index(['shopId', 'sku'], { unique: true })
export class ListingVariant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  listingId: string;

  @Column({ type: 'uuid' })
  shopId: string;

  @Column({ type: 'text' })
  sku: string;

  /** e.g. { "size": "2×3 м", "colour": "қызыл" } */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  options: Record<string, string>;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  priceAmount: number;

  @Column({ type: 'char', length: 3 })
  currency: Currency;

  @Column({ type: 'integer', default: 0 })
  stock: number;

  /** Removed variants stay for the orders that point at them. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
