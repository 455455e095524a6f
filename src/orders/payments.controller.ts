import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiOperation } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Environment } from '../config/environment';
import { CurrentUser, Public, Roles } from '../identity/auth.decorators';
import { AuthUser } from '../identity/roles';
import { verifyStripeEvent } from '../payments/stripe/stripe-webhooks';
import { OrderView } from './orders.dto';
import { OrdersQuery } from './orders.query';
import { PaymentOutcomesService } from './payment-outcomes.service';

/**
 * Payment routes. They live with orders because what a payment's outcome changes is the
 * order: the payments folder holds the provider port and adapters.
 */
@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly outcomes: PaymentOutcomesService,
    private readonly query: OrdersQuery,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @ApiBearerAuth()
  @Roles('association_admin', 'admin')
  @Post(':id/mark-paid')
  @HttpCode(200)
  @ApiOperation({ summary: 'Manual provider: confirm a bank transfer or cash payment' })
  @ApiOkResponse({ type: OrderView })
  async markPaid(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderView> {
    const orderId = await this.outcomes.markPaid(user, id);
    return this.query.orderView(orderId);
  }

  @Public()
  @Post('stripe/webhook')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stripe webhook endpoint (signed with STRIPE_WEBHOOK_SECRET)' })
  @ApiOkResponse({ schema: { type: 'object', properties: { received: { type: 'boolean' }, duplicate: { type: 'boolean' } } } })
  async stripeWebhook(@Req() request: RawBodyRequest<FastifyRequest>): Promise<{ received: true; duplicate: boolean }> {
    const event = verifyStripeEvent(request.rawBody, request.headers['stripe-signature'], this.config.get('STRIPE_WEBHOOK_SECRET', { infer: true }));
    const outcome = await this.outcomes.handleStripeEvent(event);
    return { received: true, duplicate: outcome === 'duplicate' };
  }
}
