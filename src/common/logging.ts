import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { Environment } from '../config/environment';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The request id: an incoming `X-Request-Id` when it looks sane, otherwise a new UUID. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * JSON logs (pino), one line per request with its request id (Fastify assigns it with
 * `requestId`; createApp echoes it in the response). Credentials never reach the log.
 */
export function loggerParams(config: ConfigService<Environment, true>): Params {
  const level = config.get('LOG_LEVEL', { infer: true });
  // Request lines are logged at info; above that, skip the per-request logging work entirely.
  const logsRequests = ['info', 'debug', 'trace'].includes(level);
  return {
    pinoHttp: {
      level,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["stripe-signature"]', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: logsRequests ? { ignore: (req) => req.url === '/health' } : false,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
