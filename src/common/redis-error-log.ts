import { Logger } from '@nestjs/common';

/** Logs a Redis error once per minute at most, with the number of the ones it kept quiet. */
export class RedisErrorLog {
  private lastLoggedAt = 0;
  private quiet = 0;

  constructor(private readonly logger: Logger) {}

  report(error: Error): void {
    const now = Date.now();
    if (now - this.lastLoggedAt < 60_000) {
      this.quiet += 1;
      return;
    }
    const more = this.quiet ? ` (and ${this.quiet} more since the last one)` : '';
    this.logger.warn(`Redis: ${error.message}${more}`);
    this.lastLoggedAt = now;
    this.quiet = 0;
  }
}
