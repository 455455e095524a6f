import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { badRequest, conflict, notFound, uniqueViolation, unprocessable } from '../common/errors';
import { AuthUser } from '../identity/roles';
import { isValidSlug, slugCandidates, slugify } from './catalog.rules';
import { ShopView, UpsertShopDto } from './catalog.dto';
import { Shop, ShopStatus } from './shop.entity';

/** Owns shops: one storefront per maker, with its slug, shipping prices and payout state. */
@Injectable()
export class ShopsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly associations: AssociationsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /**
   * Creates the maker's shop, or updates it. A taken slug is 409; a generated one gets a suffix.
   * A simultaneous PUT (the same maker's, or another shop taking the generated slug) makes
   * the insert fail on a unique key: the change is then retried on what is there now.
   */
  async upsertOwn(maker: AuthUser, dto: UpsertShopDto): Promise<{ shop: ShopView; created: boolean }> {
    checkShopInput(dto);
    for (let attempt = 1; ; attempt++) {
      try {
        const { shop, created } = await this.dataSource.transaction((manager) => this.applyUpsert(manager, maker, dto));
        return { shop: await this.toView(shop), created };
      } catch (error) {
        const constraint = uniqueViolation(error);
        if (constraint === 'shops_slug_key' && dto.slug !== undefined) {
          throw conflict('slug_taken', `The shop address "${dto.slug}" is taken`);
        }
        if ((constraint === 'shops_owner_id_key' || constraint === 'shops_slug_key') && attempt < MAX_UPSERT_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async applyUpsert(manager: EntityManager, maker: AuthUser, dto: UpsertShopDto): Promise<{ shop: Shop; created: boolean }> {
    const currency = dto.shippingFee?.currency ?? dto.freeShippingOver?.currency;
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
    if (dto.bio !== undefined) shop.bio = dto.bio ?? {}; // null clears it
    if (currency) shop.currency = currency;
    else if (!existing) shop.currency = this.config.get('DEFAULT_CURRENCY', { infer: true });
    if (dto.shippingFee) shop.shippingFeeAmount = dto.shippingFee.amount;
    if (dto.freeShippingOver !== undefined) shop.freeShippingOverAmount = dto.freeShippingOver?.amount ?? null;
    if (dto.slug !== undefined && dto.slug !== shop.slug) {
      if (await this.slugTaken(manager, dto.slug, shop.id)) throw conflict('slug_taken', `The shop address "${dto.slug}" is taken`);
      shop.slug = dto.slug;
    } else if (!shop.slug) {
      shop.slug = await this.freeSlug(manager, slugify(dto.name));
    }
    return { shop: await manager.save(shop), created: !existing };
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

  /**
   * Moves a shop to `status` in the caller's transaction (moderation suspends and lifts);
   * false when it already was there. One UPDATE, which locks the row and reads the status
   * again under the lock: two at once change it once.
   */
  async setStatus(manager: EntityManager, shopId: string, status: ShopStatus): Promise<boolean> {
    const [changed]: [{ id: string }[], number] = await manager.query(
      `UPDATE shops SET status = $2, updated_at = now() WHERE id = $1 AND status <> $2 RETURNING id`,
      [shopId, status],
    );
    return changed.length > 0;
  }

  async getById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Shop> {
    const shop = await manager.findOne(Shop, { where: { id } });
    if (!shop) throw notFound('Shop');
    return shop;
  }

  /** id, slug and name of shops, for lists that show where something was bought. */
  async summaries(ids: string[]): Promise<Map<string, { id: string; slug: string; name: string }>> {
    if (!ids.length) return new Map();
    const shops = await this.dataSource.getRepository(Shop).find({ select: { id: true, slug: true, name: true }, where: { id: In(ids) } });
    return new Map(shops.map((s) => [s.id, { id: s.id, slug: s.slug, name: s.name }]));
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

// Each lost race means another shop took the slug: n simultaneous shops of one name need at most n attempts.
const MAX_UPSERT_ATTEMPTS = 5;

/** What the DTO's decorators cannot say: slug rules, a name of blanks, null for a price, one currency. */
function checkShopInput(dto: UpsertShopDto): void {
  const problems: { field: string; problems: string[] }[] = [];
  if (dto.slug !== undefined && (typeof dto.slug !== 'string' || !isValidSlug(dto.slug))) {
    problems.push({ field: 'slug', problems: ['slug must be 3–60 lower-case Latin letters, digits and single dashes'] });
  }
  if (dto.name.trim().length < 2) problems.push({ field: 'name', problems: ['name must have at least 2 characters besides spaces'] });
  if (!dto.city.trim()) problems.push({ field: 'city', problems: ['city must not be blank'] });
  if (dto.shippingFee === null) problems.push({ field: 'shippingFee', problems: ['shippingFee must be money; send an amount of 0 for free shipping'] });
  if (problems.length) throw badRequest('validation_failed', `Invalid request: ${problems.map((p) => p.field).join(', ')}`, problems);
  if (dto.shippingFee && dto.freeShippingOver && dto.shippingFee.currency !== dto.freeShippingOver.currency) {
    throw unprocessable('mixed_currencies', 'shippingFee and freeShippingOver must be in the same currency');
  }
}
