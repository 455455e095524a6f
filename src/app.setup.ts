import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { RequestMethod, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { MEDIA_PREFIX } from './catalog/image-storage';
import { requestId } from './common/logging';
import { createValidationPipe } from './common/validation';
import { Environment } from './config/environment';
import { documentQueueDashboard, mountQueueDashboard } from './worker/queue-dashboard';

export const API_PREFIX = 'api/v1';

/**
 * Builds the HTTP application exactly as production runs it; the tests use this too,
 * so that they exercise the same limits, headers, validation and error shape.
 */
export async function createApp(module: Type<unknown>, env: Environment): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    requestIdHeader: false,
    genReqId: requestId,
    return503OnClosing: true,
    // A request the HTTP parser cannot read (e.g. raw non-ASCII in the URL) still gets the error shape.
    clientErrorHandler: (_error, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify({ statusCode: 400, error: 'malformed_request', message: 'The HTTP request is malformed (percent-encode the URL)' });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  // JSON in, JSON out: a text/plain body is 415, not a string handed to validation.
  adapter.getInstance().removeContentTypeParser('text/plain');
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true, rawBody: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());

  const origins = env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  app.enableCors({ origin: origins.length ? origins : false, credentials: true, exposedHeaders: ['x-request-id', 'retry-after'] });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:', 'validator.swagger.io'],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
      },
    },
  });
  await app.register(fastifyMultipart, { limits: { fileSize: env.UPLOAD_MAX_BYTES, files: 1, fields: 5, parts: 6 } });

  const storage = resolve(env.STORAGE_DIR);
  mkdirSync(storage, { recursive: true });
  await app.register(fastifyStatic, { root: storage, prefix: MEDIA_PREFIX, decorateReply: false, index: false, dotfiles: 'deny' });

  const dashboardRoutes = await mountQueueDashboard(app);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sheber API')
      .setDescription(
        'Marketplace for craftspeople and their craft associations. Errors: `{statusCode, error, message, details?}`. ' +
          'Lists: `{items, nextCursor}`. Money: `{amount (integer minor units), currency}`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  documentQueueDashboard(document, dashboardRoutes);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
  return app;
}
