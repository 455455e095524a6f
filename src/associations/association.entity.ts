import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LocalizedText } from '../common/locale';

@Entity('associations')
export class Association {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  description: LocalizedText;

  /** A code of common/regions.ts. */
  @Column({ type: 'text' })
  region: string;

  @Column({ type: 'text' })
  city: string;

  /** Commission on members' sales in basis points (1000 = 10 %). */
  @Column({ type: 'integer' })
  commissionRateBps: number;

  @Column({ type: 'text', nullable: true })
  stripeAccountId: string | null;

  @Column({ type: 'boolean', default: false })
  payoutsEnabled: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
