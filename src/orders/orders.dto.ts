import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsPhoneNumber,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { HubView } from '../associations/associations.dto';
import { LocalizedText, ShortTextDto } from '../common/locale';
import { Money, MoneyDto } from '../common/money';
import { PageQueryDto } from '../common/pagination';
import { Trimmed } from '../common/validation';
import { DeliveryType } from './order.entity';
import { ORDER_STATUSES, OrderStatus } from './order.state';
import { CARRIERS, Carrier, SELLER_ORDER_STATUSES, SellerOrderStatus } from './seller-order.state';

export const MAX_ORDER_ITEMS = 50;
export const MAX_LINE_QUANTITY = 1000;

// ---------- checkout

export class OrderItemDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() variantId: string;

  @ApiProperty({ minimum: 1, maximum: MAX_LINE_QUANTITY, example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity: number;
}

export class ShippingAddressDto {
  @ApiProperty({ example: 'KZ', description: 'ISO 3166-1 alpha-2' }) @IsISO31661Alpha2() country: string;
  @ApiPropertyOptional({ example: 'turkestan' }) @IsOptional() @Trimmed() @IsString() @MaxLength(100) region?: string;
  @ApiProperty({ example: 'Шымкент' }) @Trimmed() @IsString() @MinLength(1) @MaxLength(100) city: string;
  @ApiProperty({ example: 'Тәуке хан даңғылы, 12' }) @Trimmed() @IsString() @MinLength(3) @MaxLength(200) street: string;
  @ApiPropertyOptional({ example: '45' }) @IsOptional() @Trimmed() @IsString() @MaxLength(30) apartment?: string;

  @ApiProperty({ example: '160000', description: 'six digits in Kazakhstan' })
  @Trimmed()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]$/, { message: 'postalCode must be 3–10 letters, digits, spaces or dashes' })
  postalCode: string;

  @ApiProperty({ example: '+77012345678', description: 'international format' })
  @Trimmed()
  @IsPhoneNumber(undefined, { message: 'phone must be a phone number in international format, e.g. +7 701 234 56 78' })
  phone: string;

  @ApiPropertyOptional({ example: 'Айгерим Төлегенова' }) @IsOptional() @Trimmed() @IsString() @MinLength(1) @MaxLength(100) recipientName?: string;
}

export class DeliveryDto {
  @ApiProperty({ enum: ['shipping', 'pickup'] }) @IsIn(['shipping', 'pickup']) type: DeliveryType;

  @ApiPropertyOptional({ type: ShippingAddressDto, description: 'required for shipping' })
  @ValidateIf((d: DeliveryDto) => d.type === 'shipping' || d.address !== undefined)
  @IsDefined({ message: 'address is required for shipping' })
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  address?: ShippingAddressDto;

  @ApiPropertyOptional({ format: 'uuid', description: "required for pickup: a hub of the makers' association" })
  @ValidateIf((d: DeliveryDto) => d.type === 'pickup' || d.hubId !== undefined)
  @IsUUID(undefined, { message: 'hubId must be the id of a hub' })
  hubId?: string;
}

export class CreateOrderDto {
  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: MAX_ORDER_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items: OrderItemDto[];

  @ApiProperty({ type: DeliveryDto }) @IsDefined() @ValidateNested() @Type(() => DeliveryDto) delivery: DeliveryDto;
}

// ---------- fulfilment

export class ShipDto {
  @ApiProperty({ enum: CARRIERS }) @IsIn(CARRIERS) carrier: Carrier;

  @ApiProperty({ example: 'RR123456789KZ' })
  @Trimmed()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]{2,48}[A-Za-z0-9]$/, { message: 'trackingNumber must be 4–50 letters, digits, spaces or dashes' })
  trackingNumber: string;
}

export class RestockLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() lineId: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(MAX_LINE_QUANTITY) quantity: number;
}

export class RefundDto {
  @ApiPropertyOptional({ type: MoneyDto, description: 'omit to refund everything that is left' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount?: MoneyDto;

  @ApiProperty({ example: 'Бұйым жолда сынып қалды', description: 'kept with the refund and told to the buyer' })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({ description: 'put every unit not yet restocked back on sale' })
  @IsOptional()
  @IsBoolean()
  restock?: boolean;

  @ApiPropertyOptional({ type: [RestockLineDto], description: 'or only these units' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ORDER_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => RestockLineDto)
  restockLines?: RestockLineDto[];
}

export class CancelOrderDto {
  @ApiPropertyOptional({ example: 'Changed my mind' }) @IsOptional() @Trimmed() @IsString() @MaxLength(500) reason?: string;
}

export class MyOrdersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES }) @IsOptional() @IsIn(ORDER_STATUSES) status?: OrderStatus;
}

export class MySalesQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: SELLER_ORDER_STATUSES }) @IsOptional() @IsIn(SELLER_ORDER_STATUSES) status?: SellerOrderStatus;
}

// ---------- views

export class OrderLineView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) listingId: string;
  @ApiProperty({ format: 'uuid' }) variantId: string;
  @ApiProperty() sku: string;
  @ApiProperty({ type: ShortTextDto, description: 'as it was at checkout' }) title: LocalizedText;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) options: Record<string, string>;
  @ApiProperty({ type: MoneyDto }) unitPrice: Money;
  @ApiProperty() quantity: number;
  @ApiProperty({ type: MoneyDto }) total: Money;
  @ApiProperty() restockedQuantity: number;
}

export class RefundView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status: string;
  @ApiProperty({ type: MoneyDto }) amount: Money;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['buyer', 'maker', 'admin', 'system'] }) initiator: string;
  @ApiProperty() createdAt: Date;
}

export class SellerOrderShopView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class DeliveryView {
  @ApiProperty({ enum: ['shipping', 'pickup'] }) type: DeliveryType;
  @ApiPropertyOptional({ type: ShippingAddressDto }) address?: ShippingAddressDto;
  @ApiPropertyOptional({ type: HubView, description: 'the pickup hub, with its address and opening hours' }) hub?: HubView;
}

export class SellerOrderView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: SELLER_ORDER_STATUSES }) status: SellerOrderStatus;
  @ApiProperty({ type: SellerOrderShopView }) shop: SellerOrderShopView;
  @ApiProperty({ type: [OrderLineView] }) lines: OrderLineView[];
  @ApiProperty({ type: MoneyDto }) subtotal: Money;
  @ApiProperty({ type: MoneyDto }) shipping: Money;
  @ApiProperty({ type: MoneyDto }) total: Money;
  @ApiProperty({ type: MoneyDto, description: 'refunded so far, pending refunds included' }) refunded: Money;
  @ApiProperty({ type: MoneyDto }) refundable: Money;
  @ApiProperty({ format: 'uuid', nullable: true }) associationId: string | null;
  @ApiProperty() commissionRateBps: number;
  @ApiProperty() platformFeeBps: number;
  @ApiProperty({ type: MoneyDto }) commission: Money;
  @ApiProperty({ type: MoneyDto }) platformFee: Money;
  @ApiProperty({ type: MoneyDto, description: 'total − commission − platform fee, before refunds' }) makerNet: Money;
  @ApiProperty({ type: DeliveryView }) delivery: DeliveryView;
  @ApiProperty({ enum: CARRIERS, nullable: true }) carrier: Carrier | null;
  @ApiProperty({ nullable: true }) trackingNumber: string | null;
  @ApiProperty({ nullable: true }) paidAt: Date | null;
  @ApiProperty({ nullable: true, description: 'ship or mark ready for pickup by then, or the order is cancelled and refunded' })
  shipBy: Date | null;
  @ApiProperty({ nullable: true }) shippedAt: Date | null;
  @ApiProperty({ nullable: true }) readyAt: Date | null;
  @ApiProperty({ nullable: true }) deliveredAt: Date | null;
  @ApiProperty({ nullable: true }) completedAt: Date | null;
  @ApiProperty({ nullable: true }) cancelledAt: Date | null;
  @ApiProperty({ nullable: true }) cancelReason: string | null;
  @ApiProperty({ type: [RefundView] }) refunds: RefundView[];
  @ApiPropertyOptional({ description: "the buyer's name (for the maker)" }) buyerName?: string;
  @ApiProperty() createdAt: Date;
}

export class PaymentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['stripe', 'manual'] }) provider: string;
  @ApiProperty({ enum: ['pending', 'failed', 'succeeded', 'canceled'] }) status: string;
  @ApiProperty({ type: MoneyDto }) amount: Money;
  @ApiProperty({ type: MoneyDto }) refunded: Money;
  @ApiPropertyOptional({ description: 'Stripe: confirm the PaymentIntent with it on the client' }) clientSecret?: string;
  @ApiPropertyOptional({ nullable: true }) failureMessage?: string | null;
}

export class OrderView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SH-001042' }) number: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ type: MoneyDto }) subtotal: Money;
  @ApiProperty({ type: MoneyDto }) shipping: Money;
  @ApiProperty({ type: MoneyDto }) total: Money;
  @ApiProperty({ type: DeliveryView }) delivery: DeliveryView;
  @ApiProperty({ type: [SellerOrderView] }) sellerOrders: SellerOrderView[];
  @ApiProperty({ type: PaymentView }) payment: PaymentView;
  @ApiProperty({ description: 'unpaid by then, the order expires and its items go back on sale' }) expiresAt: Date;
  @ApiProperty({ nullable: true }) paidAt: Date | null;
  @ApiProperty({ nullable: true }) closedAt: Date | null;
  @ApiProperty({ nullable: true }) closeReason: string | null;
  @ApiProperty() createdAt: Date;
}
