import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  mail: ParsedMail;
}

/**
 * A real SMTP server for the tests (nodemailer's smtp-server) that keeps what it is
 * sent, and can refuse recipients, by address (other mails go through it meanwhile):
 * `failNext(address, n)` answers 451 (try later) n times, `refuse(address)` until
 * `allow(address)`. `delayMs` makes it a slow server.
 */
export class TestSmtp {
  readonly received: ReceivedMail[] = [];
  /** How long the server takes to accept a message (a slow mail server). */
  delayMs = 0;
  private readonly refused = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const to = address.address.toLowerCase();
      if (this.refused.has(to)) return callback(Object.assign(new Error('Mailbox unavailable, try later'), { responseCode: 451 }));
      const failures = this.failures.get(to) ?? 0;
      if (failures > 0) {
        this.failures.set(to, failures - 1);
        return callback(Object.assign(new Error('Server busy, try later'), { responseCode: 451 }));
      }
      callback();
    },
    onData: (stream, session, callback) => {
      simpleParser(stream).then(
        async (mail) => {
          if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
          this.received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  failNext(address: string, times: number): void {
    this.failures.set(address.toLowerCase(), times);
  }

  refuse(address: string): void {
    this.refused.add(address.toLowerCase());
  }

  allow(address: string): void {
    this.refused.delete(address.toLowerCase());
  }

  to(address: string): ParsedMail[] {
    return this.received.filter((r) => r.to.includes(address.toLowerCase())).map((r) => r.mail);
  }
}
