import { QueryFailedError } from 'typeorm';

/**
 * Expected failures of the domain: a stable machine code (the `error` field of the
 * response), an HTTP status and a human message. Mapped to HTTP in one place
 * (AllExceptionsFilter); services throw these and never HttpExceptions.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new DomainError(403, 'forbidden', message);
export const conflict = (code: string, message: string, details?: unknown) => new DomainError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new DomainError(422, code, message, details);
export const badRequest = (code: string, message: string, details?: unknown) => new DomainError(400, code, message, details);

/** A refused move of a lifecycle (listing, membership, …): 409 `illegal_transition`. */
export class IllegalTransitionError extends DomainError {
  constructor(entity: string, from: string, action: string) {
    super(409, 'illegal_transition', `Cannot ${action} a ${entity} that is ${from}`, { from, action });
  }
}

/** The unique constraint a failed insert or update ran into (a lost race), if that is why it failed. */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string };
  return error instanceof QueryFailedError && e.code === '23505' ? e.constraint ?? 'unknown' : null;
}
