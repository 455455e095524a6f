import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { errorCodes, FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './errors';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/** Fastify's own errors (body parsing, limits) carry a statusCode and an FST_ code. */
interface FastifyLikeError {
  statusCode: number;
  code?: string;
  message: string;
}
const FASTIFY_MESSAGES: Record<string, [string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'Request body is too large'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['malformed_json', 'Request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['malformed_json', 'Request body is empty but declared as JSON'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Unsupported Content-Type'],
  FST_REQ_FILE_TOO_LARGE: ['file_too_large', 'Uploaded file is too large'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['unsupported_media_type', 'Expected a multipart/form-data request'],
  FST_FILES_LIMIT: ['too_many_files', 'Too many files in one request'],
  FST_PARTS_LIMIT: ['too_many_parts', 'Too many parts in one request'],
};

// Nest hands Fastify's body-parsing errors on as HttpExceptions carrying only the message.
const FASTIFY_BY_MESSAGE = new Map<string, [string, string]>([
  [new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY().message, FASTIFY_MESSAGES.FST_ERR_CTP_INVALID_JSON_BODY],
  [new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY().message, FASTIFY_MESSAGES.FST_ERR_CTP_EMPTY_JSON_BODY],
]);

function isFastifyError(e: unknown): e is FastifyLikeError {
  return typeof e === 'object' && e !== null && typeof (e as FastifyLikeError).statusCode === 'number';
}

/**
 * The single place where failures become HTTP responses, in the documented shape
 * `{statusCode, error, message, details?}`. Unexpected errors are logged with their
 * stack and answered as a bare 500: no stack traces or SQL ever reach a client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (host.getType() !== 'http') return;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return compact({ statusCode: exception.status, error: exception.code, message: exception.message, details: exception.details });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null) {
        const r = response as Partial<ErrorBody>;
        return compact({
          statusCode: status,
          error: typeof r.error === 'string' && /^[a-z_]+$/.test(r.error) ? r.error : codeFor(status),
          message: typeof r.message === 'string' ? r.message : exception.message,
          details: r.details,
        });
      }
      const known = FASTIFY_BY_MESSAGE.get(String(response));
      if (known) return { statusCode: status, error: known[0], message: known[1] };
      return { statusCode: status, error: codeFor(status), message: String(response) };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception as QueryFailedError & { code?: string }).code;
      // Services check their invariants first; these are the database's last word on a race.
      if (code === '23505') return { statusCode: 409, error: 'conflict', message: 'A record with these values already exists' };
      if (code === '23514') return { statusCode: 422, error: 'constraint_violated', message: 'The change breaks a rule of the data' };
      if (code === '23503') return { statusCode: 422, error: 'reference_missing', message: 'A referenced record does not exist' };
      if (code === '40001' || code === '40P01') {
        return { statusCode: 409, error: 'concurrent_update', message: 'A concurrent change got there first; retry' };
      }
    }
    if (isFastifyError(exception) && exception.statusCode >= 400 && exception.statusCode < 500) {
      const known = exception.code ? FASTIFY_MESSAGES[exception.code] : undefined;
      return {
        statusCode: exception.statusCode,
        error: known?.[0] ?? codeFor(exception.statusCode),
        message: known?.[1] ?? 'The request could not be processed',
      };
    }
    if (isConnectionFailure(exception)) {
      return { statusCode: 503, error: 'service_unavailable', message: 'A backing service is unavailable; retry shortly' };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'internal_error', message: 'Internal server error' };
  }
}

function codeFor(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}

function compact(body: ErrorBody): ErrorBody {
  if (body.details === undefined) delete body.details;
  return body;
}

function isConnectionFailure(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001'].includes(code ?? '') ||
    (e instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(e.message));
}
