import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors';
import { pageByCreation } from '../common/pagination';
import { DeliverJobData } from '../worker/queues';
import { Notification } from './notification.entity';
import { NotificationData, renderNotification } from './templates';

export interface NotificationView {
  id: string;
  kind: string;
  subject: string;
  text: string;
  html: string;
  locale: string;
  read: boolean;
  createdAt: Date;
}

/** Owns delivered notifications: recording them once, and each user's in-app inbox. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Renders and records one in-app notification; false if this (event, recipient, channel) was delivered before. */
  async deliverInApp(job: DeliverJobData): Promise<boolean> {
    const message = renderNotification(job.locale, job.data as unknown as NotificationData);
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO notifications (outbox_id, user_id, channel, kind, locale, subject, body_text, body_html)
       VALUES ($1, $2, 'in_app', $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT notifications_delivery_key DO NOTHING RETURNING id`,
      [job.outboxId, job.userId, job.data.kind, message.locale, message.subject, message.text, message.html],
    );
    return rows.length > 0;
  }

  async inbox(userId: string, query: { limit: number; cursor?: string; unread?: boolean }) {
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where("n.user_id = :userId AND n.channel = 'in_app'", { userId });
    if (query.unread) qb.andWhere('n.read_at IS NULL');
    const [page, unreadCount] = await Promise.all([pageByCreation(qb, query), this.unreadCount(userId)]);
    return { items: page.items.map(view), nextCursor: page.nextCursor, unreadCount };
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND channel = 'in_app' AND read_at IS NULL`,
      [userId],
    );
    return count;
  }

  /** Marks one of the user's notifications read (again is fine); another user's is a 404. */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    const repo = this.dataSource.getRepository(Notification);
    await repo.createQueryBuilder().update().set({ readAt: () => 'coalesce(read_at, now())' }).where("id = :id AND user_id = :userId AND channel = 'in_app'", { id, userId }).execute();
    const row = await repo.findOneBy({ id, userId, channel: 'in_app' });
    if (!row) throw notFound('Notification');
    return view(row);
  }
}

function view(n: Notification): NotificationView {
  return { id: n.id, kind: n.kind, subject: n.subject, text: n.bodyText, html: n.bodyHtml, locale: n.locale, read: n.readAt !== null, createdAt: n.createdAt };
}
