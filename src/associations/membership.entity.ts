import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MembershipStatus } from './membership.state';

/**
 * A maker's membership of an association. A maker has at most one pending or
 * approved membership at a time (partial unique index, see the migration).
 */
@Entity('memberships')
@Index(['associationId', 'status'])
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  associationId: string;

  @Index()
  @Column({ type: 'uuid' })
  makerId: string;

  @Column({ type: 'text', default: 'pending' })
  status: MembershipStatus;

  /** The maker's note with the request. */
  @Column({ type: 'text', nullable: true })
  message: string | null;

  /** Why it was rejected or revoked. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
