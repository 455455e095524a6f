import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { HasTextIn, LocalizedText, LongTextDto, ShortTextDto } from '../common/locale';
import { CURRENCY_CODES, Currency, Money, MoneyDto, moneyDto } from '../common/money';
import { PageQueryDto } from '../common/pagination';
import { REGION_CODES } from '../common/regions';
import { OmittableNotNull } from '../common/validation';
import { SKU_PATTERN } from './catalog.rules';
import { LISTING_STATUSES, ListingStatus } from './listing.state';

export const MAX_VARIANTS = 50;
export const MAX_STOCK = 1_000_000;

/** Variant options: up to 10 string → string pairs, e.g. { "size": "2×3 м" }. */
function IsOptionMap() {
  return function (target: object, propertyName: string) {
    registerDecorator({
      name: 'isOptionMap',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must map up to 10 names (≤ 40 chars) to values (≤ 100 chars)` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 10 &&
          Object.entries(value).every(
            ([k, v]) => k.length >= 1 && k.length <= 40 && typeof v === 'string' && v.length >= 1 && v.length <= 100,
          ),
      },
    });
  };
}

// ---------- shops

export class UpsertShopDto {
  @ApiProperty({ example: 'Қазына шеберханасы' }) @IsString() @MinLength(2) @MaxLength(100) name: string;

  @ApiPropertyOptional({ example: 'qazyna', description: 'made from the name when omitted' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  slug?: string;

  @ApiPropertyOptional({ type: LongTextDto }) @IsOptional() @ValidateNested() @Type(() => LongTextDto) bio?: LongTextDto;

  @ApiProperty({ enum: REGION_CODES, example: 'turkestan' }) @IsIn(REGION_CODES) region: string;

  @ApiProperty({ example: 'Туркестан' }) @IsString() @MinLength(1) @MaxLength(100) city: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'flat shipping price per seller order' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  shippingFee?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, nullable: true, description: 'free shipping from this seller-order subtotal; null: never' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  freeShippingOver?: MoneyDto | null;
}

export class ShopAssociationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: ShortTextDto }) name: LocalizedText;
  @ApiProperty() commissionRateBps: number;
}

export class ShopView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: LongTextDto }) bio: LocalizedText;
  @ApiProperty() region: string;
  @ApiProperty() city: string;
  @ApiProperty({ enum: ['active', 'suspended'] }) status: string;
  @ApiProperty({ type: MoneyDto }) shippingFee: Money;
  @ApiProperty({ type: MoneyDto, nullable: true }) freeShippingOver: Money | null;
  @ApiProperty({ type: ShopAssociationView, nullable: true }) association: ShopAssociationView | null;
  @ApiProperty() payoutsEnabled: boolean;
  @ApiProperty() createdAt: Date;
}

// ---------- listings

/** A variant's price: like any money, but never zero (the database refuses it too: price_amount > 0). */
export class PriceDto extends moneyDto(1) {}

export class VariantInputDto {
  @ApiProperty({ example: 'SYRMAK-2X3-RED', description: 'unique per shop, case-insensitive' })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(SKU_PATTERN, { message: 'sku must be 1–64 Latin letters, digits, or . _ / - and start with a letter or digit' })
  sku: string;

  @ApiPropertyOptional({ example: { size: '2×3 м', colour: 'қызыл' } })
  @IsOptional()
  @IsOptionMap()
  options?: Record<string, string>;

  @ApiProperty({ type: PriceDto }) @IsDefined() @ValidateNested() @Type(() => PriceDto) price: PriceDto;

  @ApiProperty({ minimum: 0, maximum: MAX_STOCK }) @IsInt() @Min(0) @Max(MAX_STOCK) stock: number;
}

export class VariantPatchDto {
  @ApiProperty({ description: 'an existing SKU of the listing updates it; a new one adds a variant' })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(SKU_PATTERN, { message: 'sku must be 1–64 Latin letters, digits, or . _ / - and start with a letter or digit' })
  sku: string;

  @ApiPropertyOptional() @IsOptional() @IsOptionMap() options?: Record<string, string>;
  @ApiPropertyOptional({ type: PriceDto }) @IsOptional() @ValidateNested() @Type(() => PriceDto) price?: PriceDto;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_STOCK }) @IsOptional() @IsInt() @Min(0) @Max(MAX_STOCK) stock?: number;
}

export class CreateListingDto {
  @ApiProperty({ type: ShortTextDto, description: 'at least kk or ru' })
  @IsDefined()
  @ValidateNested()
  @HasTextIn('kk', 'ru')
  @Type(() => ShortTextDto)
  title: ShortTextDto;

  @ApiPropertyOptional({ type: LongTextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LongTextDto)
  description?: LongTextDto;

  @ApiProperty({ format: 'uuid' }) @IsUUID() categoryId: string;

  @ApiPropertyOptional({ example: ['жүн', 'шерсть'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  materials?: string[];

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() madeToOrder?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'required when madeToOrder' })
  @ValidateIf((o: CreateListingDto) => o.madeToOrder === true || o.leadTimeDays !== undefined)
  @IsInt()
  @Min(1)
  @Max(365)
  leadTimeDays?: number;

  @ApiProperty({ type: VariantInputDto, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VARIANTS)
  @ValidateNested({ each: true })
  @Type(() => VariantInputDto)
  variants: VariantInputDto[];
}

export class UpdateListingDto {
  @ApiPropertyOptional({ type: ShortTextDto })
  @OmittableNotNull()
  @ValidateNested()
  @HasTextIn('kk', 'ru')
  @Type(() => ShortTextDto)
  title?: ShortTextDto;

  @ApiPropertyOptional({ type: LongTextDto }) @OmittableNotNull() @ValidateNested() @Type(() => LongTextDto) description?: LongTextDto;
  @ApiPropertyOptional({ format: 'uuid' }) @OmittableNotNull() @IsUUID() categoryId?: string;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  materials?: string[];

  @ApiPropertyOptional() @OmittableNotNull() @IsBoolean() madeToOrder?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  leadTimeDays?: number;

  @ApiPropertyOptional({ type: VariantPatchDto, isArray: true, description: 'price, stock and new variants apply at once' })
  @OmittableNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VARIANTS)
  @ValidateNested({ each: true })
  @Type(() => VariantPatchDto)
  variants?: VariantPatchDto[];
}

export const SORTS = ['relevance', 'newest', 'price_asc', 'price_desc'] as const;
export type Sort = (typeof SORTS)[number];

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class SearchListingsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'words of the kk, ru or en title or description' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'category id or slug; includes its sub-categories' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  category?: string;

  @ApiPropertyOptional({ enum: REGION_CODES, description: "the shop's region" })
  @IsOptional()
  @IsIn(REGION_CODES)
  region?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "the maker's association" })
  @IsOptional()
  @IsUUID()
  association?: string;

  @ApiPropertyOptional({ description: 'shop id or slug' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  shop?: string;

  @ApiPropertyOptional({ description: 'minor units' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minPrice?: number;

  @ApiPropertyOptional({ description: 'minor units' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  maxPrice?: number;

  @ApiPropertyOptional({ enum: CURRENCY_CODES, description: 'only listings priced in this currency' })
  @IsOptional()
  @IsIn(CURRENCY_CODES)
  currency?: Currency;

  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() inStock?: boolean;

  @ApiPropertyOptional({ enum: SORTS, description: 'default: relevance with q, newest without' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: Sort;
}

export class MyListingsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: LISTING_STATUSES }) @IsOptional() @IsIn(LISTING_STATUSES) status?: ListingStatus;
}

export class ImageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '/media/listings/…/….webp' }) url: string;
  @ApiProperty() thumbnailUrl: string;
  @ApiProperty() width: number;
  @ApiProperty() height: number;
  @ApiProperty() contentType: string;
}

export class ListingShopView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() region: string;
  @ApiProperty() city: string;
}

export class ListingCardView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: ShortTextDto }) title: LocalizedText;
  @ApiProperty({ description: 'title in the Accept-Language language (with fallback)' }) localizedTitle: string;
  @ApiProperty({ type: MoneyDto, description: 'lowest variant price' }) price: Money;
  @ApiProperty() inStock: boolean;
  @ApiProperty() madeToOrder: boolean;
  @ApiProperty({ nullable: true, type: Number }) leadTimeDays: number | null;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ type: ListingShopView }) shop: ListingShopView;
  @ApiProperty({ type: ImageView, nullable: true }) image: Pick<ImageView, 'url' | 'thumbnailUrl'> | null;
  @ApiProperty() publishedAt: Date;
}

export class VariantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() sku: string;
  @ApiProperty() options: Record<string, string>;
  @ApiProperty({ type: MoneyDto }) price: Money;
  @ApiProperty() stock: number;
}

export class CategoryRefView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty({ type: ShortTextDto }) name: LocalizedText;
}

export class ListingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: LISTING_STATUSES }) status: ListingStatus;
  @ApiProperty({ type: ShortTextDto }) title: LocalizedText;
  @ApiProperty({ type: LongTextDto }) description: LocalizedText;
  @ApiProperty() localizedTitle: string;
  @ApiProperty({ nullable: true, type: String }) localizedDescription: string | null;
  @ApiProperty({ type: CategoryRefView }) category: CategoryRefView;
  @ApiProperty({ type: [String] }) materials: string[];
  @ApiProperty() madeToOrder: boolean;
  @ApiProperty({ nullable: true, type: Number }) leadTimeDays: number | null;
  @ApiProperty({ type: MoneyDto, nullable: true }) price: Money | null;
  @ApiProperty() inStock: boolean;
  @ApiProperty({ type: VariantView, isArray: true }) variants: VariantView[];
  @ApiProperty({ type: ImageView, isArray: true }) images: ImageView[];
  @ApiProperty({ type: ShopView }) shop: ListingShopView & { association: ShopAssociationView | null };
  @ApiPropertyOptional({ description: 'owner and moderators only: content edits waiting for review' })
  pendingRevision?: unknown;
  @ApiPropertyOptional({ description: 'owner and moderators only: the reason of the last rejection' })
  moderationNote?: string | null;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CategoryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty({ type: ShortTextDto }) name: LocalizedText;
  @ApiProperty() localizedName: string;
  @ApiProperty({ type: () => [CategoryView] }) children: CategoryView[];
}
