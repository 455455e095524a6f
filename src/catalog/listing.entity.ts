import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LocalizedText } from '../common/locale';
import { bigintAsNumber, Currency } from '../common/money';
import { ListingStatus } from './listing.state';

/** Content edits of a published listing wait here for review; the live fields stay as approved. */
export interface ListingRevision {
  title?: LocalizedText;
  description?: LocalizedText;
  categoryId?: string;
  materials?: string[];
  madeToOrder?: boolean;
  leadTimeDays?: number | null;
  submittedAt: string;
}

/** What a pending revision would change: its fields without the moment it was submitted. */
export function revisionContent(revision: ListingRevision | null): Omit<ListingRevision, 'submittedAt'> {
  if (!revision) return {};
  const { submittedAt: _submitted, ...content } = revision;
  return content;
}

/**
 * A maker's item. `minPrice` and `inStock` summarise the active variants for the
 * catalogue (kept by ListingsService whenever variants change); `search_vector` is a
 * generated column over the kk/ru/en texts (see the migration), not mapped here.
 */
@Entity('listings')
export class Listing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  shopId: string;

  @Column({ type: 'uuid' })
  categoryId: string;

  @Column({ type: 'text', default: 'draft' })
  status: ListingStatus;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  description: LocalizedText;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  materials: string[];

  @Column({ type: 'boolean', default: false })
  madeToOrder: boolean;

  @Column({ type: 'integer', nullable: true })
  leadTimeDays: number | null;

  @Column({ type: 'char', length: 3 })
  currency: Currency;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  minPrice: number | null;

  @Column({ type: 'boolean', default: false })
  inStock: boolean;

  @Column({ type: 'jsonb', nullable: true })
  pendingRevision: ListingRevision | null;

  @Column({ type: 'text', nullable: true })
  moderationNote: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
