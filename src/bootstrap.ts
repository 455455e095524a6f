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
