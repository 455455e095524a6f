import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A provider event we have handled: its id is inserted in the handling transaction, so a replay is a no-op. */
@Entity('webhook_events')
export class WebhookEvent {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  provider: string;

  @Column({ type: 'text' })
  type: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  receivedAt: Date;
}
