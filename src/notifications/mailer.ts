import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { Environment } from '../config/environment';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries: the Message-ID is `<key@sender's domain>`, so that a receiving system can spot a resend. */
  key: string;
  /** The .eml file's name when there is no SMTP server. */
  fileName: string;
  /** Files to attach (read from disk when the mail is sent). */
  attachments?: { fileName: string; path: string }[];
}

/**
 * Sends e-mail: through `SMTP_URL` (a pooled connection) when it is set, otherwise by
 * writing each message as an `.eml` file under `MAIL_DIR`, so that the demo shows them
 * (open one in any mail client). Either way `send` resolves only once the message is
 * handed over, and rejects when it was not.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter;
  /** Set when mails are written to files. */
  private readonly dir: string | null;
  private readonly domain: string;

  constructor(config: ConfigService<Environment, true>) {
    const url = config.get('SMTP_URL', { infer: true });
    const defaults = { from: config.get('MAIL_FROM', { infer: true }) };
    this.domain = /@([^>\s]+)/.exec(defaults.from)?.[1] ?? 'sheber.local';
    if (url) {
      this.dir = null;
      this.transport = createTransport(
        { url, pool: true, maxConnections: 5, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
        defaults,
      );
    } else {
      this.dir = resolve(config.get('MAIL_DIR', { infer: true }));
      this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, defaults);
      this.logger.log(`No SMTP_URL: e-mails are written to ${this.dir}`);
    }
  }

  async send(mail: Mail): Promise<void> {
    const info = await this.transport.sendMail({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<${mail.key}@${this.domain}>`,
      attachments: mail.attachments?.map((a) => ({ filename: a.fileName, path: a.path })),
    });
    if (!this.dir) return;
    // Written under a temporary name and renamed, so that a reader never sees half a file.
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, mail.fileName);
    await writeFile(`${path}.part`, info.message as Buffer);
    await rename(`${path}.part`, path);
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
