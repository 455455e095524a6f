import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Locale } from '../common/locale';

export type Channel = 'in_app' | 'email';

/** One delivered notification: unique per (outbox event, recipient, channel). */
@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint' })
  outboxId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  locale: Locale;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
