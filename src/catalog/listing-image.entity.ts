import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An uploaded photo; files live under STORAGE_DIR at `path` and `thumbnailPath`. */
@Entity('listing_images')
@Index(['listingId', 'position'])
export class ListingImage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  listingId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  @Column({ type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'text' })
  thumbnailPath: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
