import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors';
import { pageByCreation } from '../common/pagination';
import { Notification } from './notification.entity';

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

/** Owns each user's in-app inbox (delivery is notification-delivery.ts, in the worker). */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
