import { ConfigurationError } from './config/environment';

/**
 * Runs an entry point. A configuration error is one clear line and exit code 1,
 * not a stack trace; anything else that fails at start is logged in full.
 */
export function runEntryPoint(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
    } else {
      console.error(`${name} failed to start:`, error);
    }
    process.exit(1);
  });
}

const SHUTDOWN_GRACE_MS = 30_000;

/**
 * Graceful stop on SIGTERM/SIGINT: stop taking work, let running requests and jobs
 * finish (app.close() runs every shutdown hook), then exit 0. A second signal, or
 * a shutdown that takes longer than 30 s, exits at once.
 */
export function closeOnSignals(app: { close(): Promise<void> }, log: (message: string) => void): void {
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    log(`${signal}: shutting down`);
    setTimeout(() => {
      log('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
