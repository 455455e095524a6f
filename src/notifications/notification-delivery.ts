import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliverJobData } from '../worker/queues';
import { Mailer } from './mailer';
import { NotificationData, renderNotification } from './templates';

const INSERT_DELIVERY = `
  INSERT INTO notifications (outbox_id, user_id, channel, kind, locale, subject, body_text, body_html)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT ON CONSTRAINT notifications_delivery_key DO NOTHING RETURNING id`;

/**
 * Delivers notifications (in the worker): each (event, recipient, channel) once, the
 * `notifications` row being the record of it.
 */
@Injectable()
export class NotificationDelivery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {}

  /**
   * Renders and delivers one notification; false if this (event, recipient, channel)
   * was delivered before (a retried or duplicated job). Throws when the channel failed,
   * leaving nothing recorded, so that the job is retried.
   */
  async deliver(job: DeliverJobData): Promise<boolean> {
    const message = renderNotification(job.locale, job.data as unknown as NotificationData);
    const params = [job.outboxId, job.userId, job.channel, job.data.kind, message.locale, message.subject, message.text, message.html];
    if (job.channel === 'in_app') return (await this.dataSource.query(INSERT_DELIVERY, params)).length > 0;

    // E-mail: the row is inserted first and committed only once the mail server took the
    // message. A duplicate job running at the same moment waits on the row's unique key
    // and then finds it delivered; a failed send rolls the row back for the retry. Only a
    // crash between the server's "OK" and the commit can send a mail twice (then with the
    // same Message-ID).
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(INSERT_DELIVERY, params);
      if (!inserted.length) return false;
      const [user]: { email: string }[] = await manager.query(`SELECT email FROM users WHERE id = $1`, [job.userId]);
      if (!user) return false; // the account is gone (the row goes with it)
      await this.mailer.send({
        to: user.email,
        subject: message.subject,
        text: message.text,
        html: message.html,
        key: `${job.outboxId}.${job.userId}`,
        fileName: `${job.outboxId.padStart(8, '0')}-${job.data.kind}-${job.userId}.eml`,
        attachments: attachmentOf(job.data),
      });
      return true;
    });
  }
}

/** A notification's file to attach to its e-mail, if it has one (a monthly report's CSV). */
function attachmentOf(data: DeliverJobData['data']): { fileName: string; path: string }[] {
  const attachment = (data as { attachment?: { fileName: string; path: string } | null }).attachment;
  return attachment ? [attachment] : [];
}
