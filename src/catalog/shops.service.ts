import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { badRequest, conflict, notFound, unprocessable } from '../common/errors';
import { AuthUser } from '../identity/roles';
import { isValidSlug, slugCandidates, slugify } from './catalog.rules';
import { ShopView, UpsertShopDto } from './catalog.dto';
import { Shop } from './shop.entity';

/** Owns shops: one storefront per maker, with its slug, shipping prices and payout state. */
@Injectable()
export class ShopsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly associations: AssociationsService,
  ) {}

  /** Creates the maker's shop, or updates it. A taken slug is 409; a generated one gets a suffix. */
  async upsertOwn(maker: AuthUser, dto: UpsertShopDto): Promise<{ shop: ShopView; created: boolean }> {
    if (dto.slug !== undefined && !isValidSlug(dto.slug)) {
      throw badRequest('validation_failed', 'Invalid request: slug', [
        { field: 'slug', problems: ['slug must be 3–60 lower-case Latin letters, digits and single dashes'] },
      ]);
    }
    const currency = dto.shippingFee?.currency ?? dto.freeShippingOver?.currency;
    if (dto.shippingFee && dto.freeShippingOver && dto.shippingFee.currency !== dto.freeShippingOver.currency) {
      throw unprocessable('mixed_currencies', 'shippingFee and freeShippingOver must be in the same currency');
    }

    const { shop, created } = await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(Shop, { where: { ownerId: maker.id }, lock: { mode: 'pessimistic_write' } });
      const shop = existing ?? manager.create(Shop, { ownerId: maker.id });
      if (existing && currency && currency !== existing.currency) {
        // Amounts kept from before would silently change meaning with the currency.
        const keepsFee = !dto.shippingFee && existing.shippingFeeAmount > 0;
        const keepsThreshold = dto.freeShippingOver === undefined && existing.freeShippingOverAmount !== null;
        if (keepsFee || keepsThreshold) {
          throw unprocessable('mixed_currencies', `Shipping prices are in ${existing.currency}; restate all of them to change currency`);
        }
      }
      shop.name = dto.name.trim();
      shop.region = dto.region;
      shop.city = dto.city.trim();
      if (dto.bio !== undefined) shop.bio = dto.bio;
      if (currency) shop.currency = currency;
      if (dto.shippingFee) shop.shippingFeeAmount = dto.shippingFee.amount;
      if (dto.freeShippingOver !== undefined) shop.freeShippingOverAmount = dto.freeShippingOver?.amount ?? null;
      if (dto.slug !== undefined && dto.slug !== shop.slug) {
        if (await this.slugTaken(manager, dto.slug, shop.id)) throw conflict('slug_taken', `The shop address "${dto.slug}" is taken`);
        shop.slug = dto.slug;
      } else if (!shop.slug) {
        shop.slug = await this.freeSlug(manager, slugify(dto.name));
      }
      return { shop: await manager.save(shop), created: !existing };
    });
    return { shop: await this.toView(shop), created };
  }

  async findOwn(makerId: string): Promise<Shop | null> {
    return this.dataSource.getRepository(Shop).findOne({ where: { ownerId: makerId } });
  }

  async requireOwn(maker: AuthUser): Promise<Shop> {
    const shop = await this.findOwn(maker.id);
    if (!shop) throw unprocessable('shop_required', 'Create your shop first (PUT /me/shop)');
    return shop;
  }

  async getBySlug(slug: string): Promise<ShopView> {
    const shop = await this.dataSource.getRepository(Shop).findOne({ where: { slug: slug.toLowerCase() } });
    if (!shop) throw notFound('Shop');
    return this.toView(shop);
  }

  async getById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Shop> {
    const shop = await manager.findOne(Shop, { where: { id } });
    if (!shop) throw notFound('Shop');
    return shop;
  }

  async toView(shop: Shop): Promise<ShopView> {
    const association = await this.associations.approvedAssociationOf(shop.ownerId);
    return {
      id: shop.id,
      slug: shop.slug,
      name: shop.name,
      bio: shop.bio,
      region: shop.region,
      city: shop.city,
      status: shop.status,
      shippingFee: { amount: shop.shippingFeeAmount, currency: shop.currency },
      freeShippingOver: shop.freeShippingOverAmount === null ? null : { amount: shop.freeShippingOverAmount, currency: shop.currency },
      association: association && { id: association.id, name: association.name, commissionRateBps: association.commissionRateBps },
      payoutsEnabled: shop.payoutsEnabled,
      createdAt: shop.createdAt,
    };
  }

  private async slugTaken(manager: EntityManager, slug: string, exceptId?: string): Promise<boolean> {
    const found = await manager.findOne(Shop, { where: { slug }, select: { id: true } });
    return !!found && found.id !== exceptId;
  }

  private async freeSlug(manager: EntityManager, base: string): Promise<string> {
    for (const candidate of slugCandidates(base, 20)) if (!(await this.slugTaken(manager, candidate))) return candidate;
    return `${base}-${Date.now().toString(36)}`;
  }
}
