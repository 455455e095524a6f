import {
  Global,
  Module,
  CanActivate,
  ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  applyDecorators,
  UseGuards,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { REDIS } from './redis.module';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Environment } from '../config/environment';

export type RateLimitName = 'login' | 'search' | 'checkout';

const RATE_LIMIT = 'sheber:rate-limit';

const LIMIT_VARIABLE: Record<RateLimitName, keyof Environment> = {
  login: 'LOGIN_THROTTLE_LIMIT',
  search: 'SEARCH_THROTTLE_LIMIT',
  checkout: 'CHECKOUT_THROTTLE_LIMIT',
};

/**
 * Counts each request against every key it belongs to: the client IP always, and the
 * account (login: the e-mail tried; otherwise the signed-in user). Counters live in
 * Redis (ThrottlerStorage), so the limit holds across API replicas. 429 with
 * Retry-After once any key is over its limit within THROTTLE_TTL_SECONDS.
 * While Redis is unreachable the limit is not enforced (logged): buyers keep buying.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger(RateLimitGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly config: ConfigService<Environment, true>,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const name = this.reflector.get<RateLimitName>(RATE_LIMIT, context.getHandler());
    if (!name) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: { id: string } }>();
    const limit = Number(this.config.get(LIMIT_VARIABLE[name], { infer: true }));
    const ttl = this.config.get('THROTTLE_TTL_SECONDS', { infer: true }) * 1000;
    const prefix = `${this.config.get('REDIS_PREFIX', { infer: true })}:rl:${name}`;

    const keys = [`${prefix}:ip:${request.ip}`];
    const email = (request.body as { email?: unknown } | undefined)?.email;
    if (name === 'login' && typeof email === 'string') keys.push(`${prefix}:account:${email.trim().toLowerCase()}`);
    if (request.user) keys.push(`${prefix}:user:${request.user.id}`);

    let records;
    try {
      records = await Promise.all(keys.map((key) => this.storage.increment(key, ttl, limit, ttl, name)));
    } catch (error) {
      this.logger.warn(`rate limit ${name} not enforced, Redis unavailable: ${(error as Error).message}`);
      return true;
    }
    const blocked = records.find((r) => r.isBlocked || r.totalHits > limit);
    if (blocked) {
      const retryAfter = Math.max(1, Math.ceil((blocked.timeToBlockExpire || blocked.timeToExpire) / 1000));
      context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
      throw new HttpException({ error: 'too_many_requests', message: `Too many requests; retry in ${retryAfter} s` }, 429);
    }
    return true;
  }
}

export const RateLimit = (name: RateLimitName) =>
  applyDecorators(SetMetadata(RATE_LIMIT, name), UseGuards(RateLimitGuard), ApiTooManyRequestsResponse({ description: 'rate limited' }));

/** Counters for RateLimitGuard, in Redis (shared by all API replicas). */
@Global()
@Module({
  providers: [{ provide: ThrottlerStorage, inject: [REDIS], useFactory: (redis: Redis) => new ThrottlerStorageRedisService(redis) }, RateLimitGuard],
  exports: [ThrottlerStorage, RateLimitGuard],
})
export class RateLimitModule {}
