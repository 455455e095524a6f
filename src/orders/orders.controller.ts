import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApiPage } from '../common/openapi';
import { Page } from '../common/pagination';
import { RateLimit } from '../common/rate-limit';
import { CurrentUser, Roles } from '../identity/auth.decorators';
import { AuthUser } from '../identity/roles';
import { CheckoutService } from './checkout.service';
import { CancelOrderDto, CreateOrderDto, MyOrdersQuery, MySalesQuery, OrderView, RefundDto, SellerOrderView, ShipDto } from './orders.dto';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@Controller()
export class OrdersController {
  constructor(
    private readonly checkout: CheckoutService,
    private readonly orders: OrdersService,
  ) {}

  /** The stored answer is sent as stored: a replay of the same Idempotency-Key gets the same bytes. */
  @Roles('buyer')
  @RateLimit('checkout')
  @Post('orders')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'unique per checkout attempt, e.g. a UUID; a retry sends the same' })
  @ApiCreatedResponse({ type: OrderView })
  @ApiUnprocessableEntityResponse({
    description: 'listing_unavailable, own_listing, mixed_currencies, quantity_limit (ORDER_MAX_QUANTITY_PER_LISTING), too_many_unpaid_orders (MAX_UNPAID_ORDERS_PER_BUYER), …',
  })
  async place(
    @CurrentUser() buyer: AuthUser,
    @Body() dto: CreateOrderDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const response = await this.checkout.placeOrder(buyer, dto, key);
    await reply.status(response.status).header('content-type', 'application/json; charset=utf-8').send(response.body);
  }

  @Get('orders/:id')
  @ApiOkResponse({ type: OrderView })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderView> {
    return this.orders.get(user, id);
  }

  @Get('me/orders')
  @ApiPage(OrderView)
  myOrders(@CurrentUser() user: AuthUser, @Query() query: MyOrdersQuery): Promise<Page<OrderView>> {
    return this.orders.myOrders(user, query);
  }

  @Post('orders/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  cancel(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelOrderDto): Promise<OrderView> {
    return this.orders.cancel(user, id, dto.reason);
  }

  @Roles('maker')
  @Get('me/sales')
  @ApiPage(SellerOrderView)
  mySales(@CurrentUser() user: AuthUser, @Query() query: MySalesQuery): Promise<Page<SellerOrderView>> {
    return this.orders.mySales(user, query);
  }

  @Get('seller-orders/:id')
  @ApiOkResponse({ type: SellerOrderView, description: 'for its maker, its buyer and admins' })
  sellerOrder(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SellerOrderView> {
    return this.orders.getSellerOrder(user, id);
  }

  @Roles('maker')
  @Post('seller-orders/:id/ship')
  @HttpCode(200)
  @ApiOkResponse({ type: SellerOrderView })
  ship(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ShipDto): Promise<SellerOrderView> {
    return this.orders.ship(user, id, dto);
  }

  @Roles('maker')
  @Post('seller-orders/:id/ready-for-pickup')
  @HttpCode(200)
  @ApiOkResponse({ type: SellerOrderView })
  readyForPickup(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SellerOrderView> {
    return this.orders.readyForPickup(user, id);
  }

  @Post('seller-orders/:id/deliver')
  @HttpCode(200)
  @ApiOkResponse({ type: SellerOrderView, description: 'the buyer (or an admin) confirms delivery or pickup' })
  deliver(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SellerOrderView> {
    return this.orders.deliver(user, id);
  }

  @Roles('maker', 'admin')
  @Post('seller-orders/:id/refund')
  @HttpCode(200)
  @ApiOkResponse({ type: SellerOrderView })
  refund(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RefundDto): Promise<SellerOrderView> {
    return this.orders.refund(user, id, dto);
  }
}
