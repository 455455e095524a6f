import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalizedText } from '../common/locale';
import { bigintAsNumber } from '../common/money';

/** A line of a seller order: the variant bought, with its title and price as they were at checkout. */
@Entity('order_lines')
export class OrderLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sellerOrderId: string;

  @Column({ type: 'uuid' })
  listingId: string;

  @Column({ type: 'uuid' })
  variantId: string;

  @Column({ type: 'text' })
  sku: string;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  options: Record<string, string>;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  unitPriceAmount: number;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  lineTotalAmount: number;

  /** Units put back into stock so far (expiry, cancellation, refund with restock): never twice. */
  @Column({ type: 'integer', default: 0 })
  restockedQuantity: number;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
