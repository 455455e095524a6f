import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtService } from '@nestjs/jwt';
import { OpenAPIObject } from '@nestjs/swagger';
import { Queue } from 'bullmq';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { AccessTokenClaims } from '../identity/auth.service';
import { hasRole } from '../identity/roles';
import { UsersService } from '../identity/users.service';
import { bullOptions, QUEUES } from './queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** The cookie a browser shows the dashboard with (set by POST /api/v1/admin/queues/session). */
export const QUEUE_DASHBOARD_COOKIE = 'sheber_queues';

/**
 * bull-board at /admin/queues (outside /api/v1, like /health): every queue with its
 * waiting, delayed, active, completed and failed jobs; failed ones can be retried from
 * there. Admins only: a bearer access token, or the cookie that
 * `POST /api/v1/admin/queues/session` sets for a browser; otherwise 401, and 403 for a
 * signed-in non-admin. Answers the routes it added, for the OpenAPI document.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<{ method: string; url: string }[]> {
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  const jwt = app.get(JwtService);
  const users = app.get(UsersService);
  const { connection, prefix } = bullOptions(config);

  // The queues are opened on the first admin's visit, not at start: an API that never shows
  // the dashboard holds no connections for it (and none that BullMQ could fail to close while
  // Redis is down: closing a queue still connecting emits an error nobody can listen to).
  const board = new FastifyAdapter();
  const { replaceQueues } = createBullBoard({ queues: [], serverAdapter: board, options: { uiConfig: { boardTitle: 'Sheber queues' } } });
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  let queues: Queue[] | null = null;
  const openQueues = () => {
    if (queues) return;
    queues = Object.values(QUEUES).map((name) => new Queue(name, { connection: { ...connection, enableOfflineQueue: false }, prefix }));
    for (const queue of queues) queue.on('error', () => undefined); // Redis away: the dashboard's requests fail, the API goes on
    replaceQueues(queues.map((q) => new BullMQAdapter(q)));
  };

  const routes: { method: string; url: string }[] = [];
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
    });
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const token = bearer(request) ?? cookie(request, QUEUE_DASHBOARD_COOKIE);
      const claims = token ? await jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] }).catch(() => null) : null;
      const user = claims?.typ === 'access' ? await users.findAuthUser(claims.sub).catch(() => null) : null;
      if (!user) return reply.code(401).send({ statusCode: 401, error: 'unauthorized', message: 'A valid access token is required' });
      if (!hasRole(user, 'admin')) return reply.code(403).send({ statusCode: 403, error: 'forbidden', message: 'Only admins may see the queues' });
      openQueues();
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
  fastify.addHook('onClose', async () => {
    await Promise.all((queues ?? []).map((q) => q.close().catch(() => undefined)));
  });
  return routes;
}

/** Adds the dashboard's routes to the OpenAPI document, so that every served route is documented. */
export function documentQueueDashboard(document: OpenAPIObject, routes: { method: string; url: string }[]): void {
  for (const { method, url } of routes) {
    const path = url.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\*$/, '{file}').replace(/\/$/, '') || '/';
    const parameters = [...path.matchAll(/\{([A-Za-z]+)\}/g)].map(([, name]) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' as const } }));
    document.paths[path] ??= {};
    (document.paths[path] as Record<string, unknown>)[method.toLowerCase()] = {
      tags: ['queue dashboard'],
      summary: path === QUEUE_DASHBOARD_PATH ? 'The bull-board queue dashboard (HTML)' : "bull-board's own route (its UI's API and files)",
      security: [{ bearer: [] }, { cookie: [] }],
      parameters,
      responses: { '200': { description: 'OK' }, '401': { description: 'Not signed in' }, '403': { description: 'Not an admin' } },
    };
  }
  document.components ??= {};
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    cookie: { type: 'apiKey', in: 'cookie', name: QUEUE_DASHBOARD_COOKIE, description: 'Set by POST /api/v1/admin/queues/session (the dashboard only)' },
  };
}

function bearer(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

function cookie(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=') || null;
  }
  return null;
}
