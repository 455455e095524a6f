import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a request sent with an `Idempotency-Key` produced, per user and route (scope):
 * the hash of its body, the resource it created and, once finished, the exact response.
 */
@Entity('idempotency_records')
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  scope: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'uuid', nullable: true })
  resourceId: string | null;

  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  /** While a request is finishing this key (null: nobody is). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  leasedUntil: Date | null;
}
