import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Environment } from '../config/environment';
import { Roles } from '../identity/auth.decorators';
import { QUEUE_DASHBOARD_COOKIE, QUEUE_DASHBOARD_PATH } from './queue-dashboard';

/** Lets an admin's browser open the queue dashboard, which cannot send a bearer header. */
@ApiTags('queue dashboard')
@ApiBearerAuth()
@Controller('admin/queues')
export class QueueDashboardController {
  constructor(private readonly config: ConfigService<Environment, true>) {}

  @Roles('admin')
  @Post('session')
  @HttpCode(204)
  @ApiOperation({
    summary: `Sets a cookie (HttpOnly, SameSite=Strict, path ${QUEUE_DASHBOARD_PATH}) holding this access token, so that a browser can then open ${QUEUE_DASHBOARD_PATH}; it lapses with the token`,
  })
  @ApiNoContentResponse()
  session(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    const token = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const secure = this.config.get('NODE_ENV', { infer: true }) === 'production' ? '; Secure' : '';
    const maxAge = this.config.get('JWT_ACCESS_TTL_SECONDS', { infer: true });
    reply.header('set-cookie', `${QUEUE_DASHBOARD_COOKIE}=${token}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`);
  }
}
