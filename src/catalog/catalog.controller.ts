import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../common/errors';
import { Locale, RequestLocale } from '../common/locale';
import { ApiPage } from '../common/openapi';
import { Page } from '../common/pagination';
import { RateLimit } from '../common/rate-limit';
import { REGIONS } from '../common/regions';
import { CurrentUser, Public, Roles } from '../identity/auth.decorators';
import { AuthUser } from '../identity/roles';
import {
  CategoryView,
  CreateListingDto,
  ImageView,
  ListingCardView,
  ListingView,
  MyListingsQuery,
  SearchListingsQuery,
  ShopView,
  UpdateListingDto,
  UpsertShopDto,
} from './catalog.dto';
import { CatalogQuery } from './catalog.query';
import { CategoriesService } from './categories.service';
import { ListingsService } from './listings.service';
import { ShopsService } from './shops.service';

@ApiTags('catalogue')
@Controller()
export class CatalogController {
  constructor(
    private readonly shops: ShopsService,
    private readonly categories: CategoriesService,
    private readonly listings: ListingsService,
    private readonly catalog: CatalogQuery,
  ) {}

  @ApiBearerAuth()
  @Roles('maker')
  @Put('me/shop')
  @ApiOkResponse({ type: ShopView, description: '201 when created, 200 when updated' })
  async upsertShop(@CurrentUser() user: AuthUser, @Body() dto: UpsertShopDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { shop, created } = await this.shops.upsertOwn(user, dto);
    reply.status(created ? 201 : 200);
    return shop;
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Get('me/shop')
  @ApiOkResponse({ type: ShopView })
  async myShop(@CurrentUser() user: AuthUser): Promise<ShopView> {
    return this.shops.toView(await this.shops.requireOwn(user));
  }

  @Public()
  @Get('shops/:slug')
  @ApiOkResponse({ type: ShopView })
  shop(@Param('slug') slug: string): Promise<ShopView> {
    return this.shops.getBySlug(slug);
  }

  @Public()
  @Get('categories')
  @ApiOkResponse({ type: CategoryView, isArray: true })
  categoryTree(@RequestLocale() locale: Locale): Promise<CategoryView[]> {
    return this.categories.tree(locale);
  }

  @Public()
  @Get('regions')
  @ApiOkResponse({
    description: 'region codes with their names, for the region filter',
    schema: {
      type: 'array',
      items: {
        type: 'object',
        properties: { code: { type: 'string', example: 'turkestan' }, name: { type: 'object', additionalProperties: { type: 'string' } }, localizedName: { type: 'string' } },
      },
    },
  })
  regions(@RequestLocale() locale: Locale) {
    return Object.entries(REGIONS).map(([code, name]) => ({ code, name, localizedName: name[locale] }));
  }

  @Public()
  @Get('listings')
  @RateLimit('search')
  @ApiPage(ListingCardView)
  search(@Query() query: SearchListingsQuery, @RequestLocale() locale: Locale): Promise<Page<ListingCardView>> {
    return this.catalog.search(query, locale);
  }

  @Public()
  @Get('listings/:id')
  @ApiOkResponse({ type: ListingView })
  listing(@CurrentUser() user: AuthUser | undefined, @Param('id', ParseUUIDPipe) id: string, @RequestLocale() locale: Locale) {
    return this.listings.view(user, id, locale);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Get('me/listings')
  @ApiPage(ListingView)
  mine(@CurrentUser() user: AuthUser, @Query() query: MyListingsQuery, @RequestLocale() locale: Locale): Promise<Page<ListingView>> {
    return this.listings.mine(user, query, locale);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Post('listings')
  @ApiCreatedResponse({ type: ListingView })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateListingDto, @RequestLocale() locale: Locale): Promise<ListingView> {
    return this.listings.create(user, dto, locale);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Patch('listings/:id')
  @ApiOkResponse({ type: ListingView })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateListingDto,
    @RequestLocale() locale: Locale,
  ): Promise<ListingView> {
    return this.listings.update(user, id, dto, locale);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Delete('listings/:id/variants/:variantId')
  @ApiOkResponse({ type: ListingView })
  removeVariant(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('variantId', ParseUUIDPipe) variantId: string,
    @RequestLocale() locale: Locale,
  ): Promise<ListingView> {
    return this.listings.removeVariant(user, id, variantId, locale);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Post('listings/:id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: ListingView, description: '422 listing_checks_failed with the failed checks in details' })
  submit(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @RequestLocale() locale: Locale) {
    return this.listings.submit(user, id, locale);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Post('listings/:id/archive')
  @HttpCode(200)
  @ApiOkResponse({ type: ListingView })
  archive(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @RequestLocale() locale: Locale) {
    return this.listings.changeStatus(user, id, 'archive', locale);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Post('listings/:id/restore')
  @HttpCode(200)
  @ApiOkResponse({ type: ListingView, description: 'archived → draft' })
  restore(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @RequestLocale() locale: Locale) {
    return this.listings.changeStatus(user, id, 'restore', locale);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Post('listings/:id/images')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: ImageView, description: '415 unsupported_image_type, 413 file_too_large' })
  async addImage(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest): Promise<ImageView> {
    if (!request.isMultipart()) throw badRequest('multipart_required', 'Send the image as multipart/form-data in a field named "file"');
    const file = await request.file();
    if (!file || file.fieldname !== 'file') throw badRequest('file_required', 'Send the image in a field named "file"');
    const buffer = await file.toBuffer();
    return this.listings.addImage(user, id, buffer);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Delete('listings/:id/images/:imageId')
  @HttpCode(204)
  async removeImage(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('imageId', ParseUUIDPipe) imageId: string,
  ): Promise<void> {
    await this.listings.removeImage(user, id, imageId);
  }
}
