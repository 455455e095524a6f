import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { Environment } from '../config/environment';
import { badRequest, conflict, forbidden, notFound, uniqueViolation, unprocessable } from '../common/errors';
import { Locale } from '../common/locale';
import { Currency } from '../common/money';
import { decodeTimeAndIdCursor, Page, pageByCreation, toPage } from '../common/pagination';
import { AuthUser, hasRole, inModerationScope } from '../identity/roles';
import { CatalogQuery, ListingDetailRow } from './catalog.query';
import { CreateListingDto, ImageView, ListingView, MyListingsQuery, UpdateListingDto, VariantPatchDto } from './catalog.dto';
import { duplicateSkus } from './catalog.rules';
import { CategoriesService } from './categories.service';
import { FileStorage, imageKeys, processImage } from './image-storage';
import { Listing, ListingRevision, revisionContent } from './listing.entity';
import { ListingImage } from './listing-image.entity';
import { isLive, ListingAction, ListingStatus, transitionListing } from './listing.state';
import { ShopsService } from './shops.service';
import { SubmissionChecks } from './submission-checks';
import { refreshListingSummary } from './stock';
import { ListingVariant } from './variant.entity';

const CONTENT_FIELDS = ['title', 'description', 'categoryId', 'materials', 'madeToOrder', 'leadTimeDays'] as const;

/**
 * Owns listings, their variants and images: the write side of the catalogue and
 * the listing lifecycle. Only this service writes `listings.status`.
 */
@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shops: ShopsService,
    private readonly categories: CategoriesService,
    private readonly associations: AssociationsService,
    private readonly catalog: CatalogQuery,
    private readonly storage: FileStorage,
    private readonly config: ConfigService<Environment, true>,
    private readonly checks: SubmissionChecks,
  ) {}

  async create(maker: AuthUser, dto: CreateListingDto, locale: Locale): Promise<ListingView> {
    const shop = await this.shops.requireOwn(maker);
    await this.requireCategory(dto.categoryId);
    const currency = singleCurrency(dto.variants.map((v) => v.price.currency));
    rejectDuplicateSkus(dto.variants.map((v) => v.sku));

    const id = await this.dataSource.transaction(async (manager) => {
      await this.rejectTakenSkus(manager, shop.id, dto.variants.map((v) => v.sku));
      const listing = await manager.save(
        manager.create(Listing, {
          shopId: shop.id,
          categoryId: dto.categoryId,
          status: 'draft',
          title: dto.title,
          description: dto.description ?? {},
          materials: cleanMaterials(dto.materials),
          madeToOrder: dto.madeToOrder ?? false,
          leadTimeDays: dto.madeToOrder ? dto.leadTimeDays! : null,
          currency,
        }),
      );
      await manager.save(
        dto.variants.map((v, position) =>
          manager.create(ListingVariant, {
            listingId: listing.id,
            shopId: shop.id,
            sku: v.sku,
            options: v.options ?? {},
            priceAmount: v.price.amount,
            currency: v.price.currency,
            stock: v.stock,
            position,
          }),
        ),
      );
      await this.refreshSummary(manager, listing.id);
      return listing.id;
    }).catch(lostSkuRace);
    return this.view(maker, id, locale);
  }

  /**
   * Price, stock and variants apply at once. Content (texts, category, materials,
   * made-to-order) of a published listing waits in `pendingRevision` for review while
   * the approved version stays live; before publication it is edited in place, and a
   * listing under review goes back to draft, to be submitted again.
   */
  async update(maker: AuthUser, id: string, dto: UpdateListingDto, locale: Locale): Promise<ListingView> {
    if (dto.variants) rejectDuplicateSkus(dto.variants.map((v) => v.sku));

    await this.dataSource.transaction(async (manager) => {
      const listing = await this.lockOwned(manager, maker, id);
      if (listing.status === 'archived') throw conflict('listing_archived', 'Restore the listing before editing it');
      if (dto.categoryId) await this.requireCategory(dto.categoryId);

      const content = pickContent(dto);
      if (content.materials) content.materials = cleanMaterials(content.materials);
      if (Object.keys(content).length) {
        if (isLive(listing.status)) {
          const revision: ListingRevision = { ...(listing.pendingRevision ?? {}), ...content, submittedAt: new Date().toISOString() };
          checkMadeToOrder({ ...listing, ...revision });
          listing.pendingRevision = revision;
          listing.submittedAt = new Date();
        } else {
          if (listing.status === 'pending_review') {
            listing.status = transitionListing(listing.status, 'withdraw');
            listing.submittedAt = null;
          }
          Object.assign(listing, content);
          checkMadeToOrder(listing);
          if (!listing.madeToOrder) listing.leadTimeDays = null;
        }
        await manager.save(listing);
      }
      if (dto.variants) await this.applyVariantPatches(manager, listing, dto.variants);
      // A live listing's edit is checked as it would look once approved (prices apply now).
      if (isLive(listing.status)) {
        await this.checks.enforce(manager, { ...listing, ...revisionContent(listing.pendingRevision) }, locale, 'edit');
      }
    }).catch(lostSkuRace);
    return this.view(maker, id, locale);
  }

  /** Marks a variant inactive (orders keep pointing at it); a listing keeps at least one. */
  async removeVariant(maker: AuthUser, id: string, variantId: string, locale: Locale): Promise<ListingView> {
    await this.dataSource.transaction(async (manager) => {
      const listing = await this.lockOwned(manager, maker, id);
      const variants = await manager.find(ListingVariant, { where: { listingId: listing.id, active: true } });
      if (!variants.some((v) => v.id === variantId)) throw notFound('Variant');
      if (variants.length === 1) throw unprocessable('last_variant', 'A listing keeps at least one variant; archive it instead');
      await manager.update(ListingVariant, { id: variantId }, { active: false });
      await this.refreshSummary(manager, listing.id);
    });
    return this.view(maker, id, locale);
  }

  async submit(maker: AuthUser, id: string, locale: Locale): Promise<ListingView> {
    await this.dataSource.transaction(async (manager) => {
      const listing = await this.lockOwned(manager, maker, id);
      listing.status = transitionListing(listing.status, 'submit');
      const shop = await this.shops.getById(listing.shopId, manager);
      if (shop.status === 'suspended') throw unprocessable('shop_suspended', 'Your shop is suspended: it cannot submit listings until the suspension is lifted');
      await this.checks.enforce(manager, listing, locale);
      listing.submittedAt = new Date();
      listing.moderationNote = null;
      await manager.save(listing);
    });
    return this.view(maker, id, locale);
  }

  async changeStatus(maker: AuthUser, id: string, action: Extract<ListingAction, 'archive' | 'restore'>, locale: Locale) {
    await this.dataSource.transaction(async (manager) => {
      const listing = await this.lockOwned(manager, maker, id);
      listing.status = transitionListing(listing.status, action);
      if (action === 'archive') listing.pendingRevision = null;
      await manager.save(listing);
    });
    return this.view(maker, id, locale);
  }

  /**
   * A moderator's decision on a listing under review, or on a published listing's
   * pending revision, in the caller's transaction (moderation records its event there).
   * The caller (moderation) has checked the moderator's scope.
   */
  async moderate(
    manager: EntityManager,
    id: string,
    decision: 'approve' | 'reject',
    reason: string | undefined,
  ): Promise<{ listing: Listing; revision: boolean }> {
    const listing = await manager.findOne(Listing, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!listing) throw notFound('Listing');
    const pending = isLive(listing.status) ? listing.pendingRevision : null;
    if (pending) {
      if (decision === 'approve') {
        Object.assign(listing, revisionContent(pending));
        if (!listing.madeToOrder) listing.leadTimeDays = null;
      }
      listing.pendingRevision = null;
    } else {
      listing.status = transitionListing(listing.status, decision);
      if (decision === 'approve') listing.publishedAt = new Date();
    }
    listing.moderationNote = decision === 'reject' ? reason ?? null : null;
    listing.submittedAt = null;
    await manager.save(listing);
    return { listing, revision: !!pending };
  }

  /**
   * A moderation move after publication, in the caller's transaction: `hide` (enough
   * flags), `unhide` (flags dismissed), `remove` (a moderator took it down, with the
   * note the maker sees). Answers the status before, or null when the move does not
   * apply to the listing as it is now (already hidden, already removed): nothing changes then.
   */
  async applyModeration(
    manager: EntityManager,
    id: string,
    action: Extract<ListingAction, 'hide' | 'unhide' | 'remove'>,
    note: string | null = null,
  ): Promise<ListingStatus | null> {
    const listing = await manager.findOne(Listing, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!listing) throw notFound('Listing');
    const before = listing.status;
    let after: ListingStatus;
    try {
      after = transitionListing(before, action);
    } catch {
      return null;
    }
    listing.status = after;
    if (action === 'remove') {
      listing.moderationNote = note;
      listing.pendingRevision = null;
      listing.submittedAt = null;
    }
    await manager.save(listing);
    return before;
  }

  async addImage(maker: AuthUser, id: string, upload: Buffer): Promise<ImageView> {
    const max = this.config.get('LISTING_MAX_IMAGES', { infer: true });
    // Ownership first: a stranger's upload is refused before any decoding work.
    await this.dataSource.transaction((manager) => this.lockOwned(manager, maker, id, false));
    const image = await processImage(upload);
    const imageId = randomUUID();
    const keys = imageKeys(id, imageId, image.format);
    await this.storage.put(keys.full, image.full);
    await this.storage.put(keys.thumbnail, image.thumbnail);
    try {
      const saved = await this.dataSource.transaction(async (manager) => {
        await this.lockOwned(manager, maker, id);
        const count = await manager.count(ListingImage, { where: { listingId: id } });
        if (count >= max) throw unprocessable('too_many_images', `A listing has at most ${max} images`);
        const last = await manager.findOne(ListingImage, { where: { listingId: id }, order: { position: 'DESC' } });
        return manager.save(
          manager.create(ListingImage, {
            id: imageId,
            listingId: id,
            position: (last?.position ?? -1) + 1,
            contentType: image.contentType,
            width: image.width,
            height: image.height,
            sizeBytes: image.full.length,
            path: keys.full,
            thumbnailPath: keys.thumbnail,
          }),
        );
      });
      return this.imageView(saved);
    } catch (error) {
      // Nothing recorded: remove the files so that nothing is left behind.
      await Promise.all([this.storage.remove(keys.full), this.storage.remove(keys.thumbnail)]);
      throw error;
    }
  }

  async removeImage(maker: AuthUser, id: string, imageId: string): Promise<void> {
    const image = await this.dataSource.transaction(async (manager) => {
      await this.lockOwned(manager, maker, id);
      const found = await manager.findOne(ListingImage, { where: { id: imageId, listingId: id } });
      if (!found) throw notFound('Image');
      await manager.delete(ListingImage, { id: imageId });
      return found;
    });
    await Promise.all([this.storage.remove(image.path), this.storage.remove(image.thumbnailPath)]);
  }

  /** One listing as `viewer` may see it: published for everyone, others for the owner and moderators in scope. */
  async view(viewer: AuthUser | undefined, id: string, locale: Locale): Promise<ListingView> {
    const row = await this.catalog.detail(id);
    if (!row || !this.canSee(viewer, row)) throw notFound('Listing');
    const privileged = !!viewer && (viewer.id === row.owner_id || inModerationScope(viewer, row.association_id));
    return this.catalog.toListingView(row, locale, privileged);
  }

  async mine(maker: AuthUser, query: MyListingsQuery, locale: Locale): Promise<Page<ListingView>> {
    const shop = await this.shops.findOwn(maker.id);
    if (!shop) return { items: [], nextCursor: null };
    const qb = this.dataSource
      .getRepository(Listing)
      .createQueryBuilder('l')
      .select(['l.id', 'l.createdAt'])
      .where('l.shop_id = :shopId', { shopId: shop.id });
    if (query.status) qb.andWhere('l.status = :status', { status: query.status });
    const page = await pageByCreation(qb, query);
    const rows = await this.catalog.details(page.items.map((l) => l.id));
    return { items: rows.map((row) => this.catalog.toListingView(row, locale, true)), nextCursor: page.nextCursor };
  }

  /**
   * Listings waiting for a moderator, oldest first: new submissions and published
   * listings' pending edits, not the moderator's own. `makerIds` limits it to an
   * association's members.
   */
  async reviewQueue(
    moderator: AuthUser,
    makerIds: string[] | null,
    page: { limit: number; cursor?: string },
    locale: Locale,
  ): Promise<Page<{ kind: 'new_listing' | 'revision'; submittedAt: Date | null; listing: ListingView }>> {
    if (makerIds && !makerIds.length) return { items: [], nextCursor: null };
    // A moderator who also makes things never reviews their own: those are left out.
    const params: unknown[] = [page.limit + 1, moderator.id];
    let where = `(l.status = 'pending_review' OR l.pending_revision IS NOT NULL) AND s.owner_id <> $2::uuid`;
    if (makerIds) {
      params.push(makerIds);
      where += ` AND s.owner_id = ANY($${params.length}::uuid[])`;
    }
    if (page.cursor) {
      const [submittedAt, id] = decodeTimeAndIdCursor(page.cursor);
      params.push(submittedAt, id);
      where += ` AND (l.submitted_at, l.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const rows: { id: string; submitted_at: Date }[] = await this.dataSource.query(
      `SELECT l.id, l.submitted_at FROM listings l JOIN shops s ON s.id = l.shop_id
       WHERE ${where} ORDER BY l.submitted_at, l.id LIMIT $1`,
      params,
    );
    const slice = toPage(rows, page.limit, (r) => [r.submitted_at.toISOString(), r.id], (r) => r);
    const details = new Map((await this.catalog.details(slice.items.map((r) => r.id))).map((d) => [d.id, d]));
    return {
      items: slice.items.map((r) => {
        const detail = details.get(r.id)!;
        return {
          kind: isLive(detail.status) ? ('revision' as const) : ('new_listing' as const),
          submittedAt: r.submitted_at,
          listing: this.catalog.toListingView(detail, locale, true),
        };
      }),
      nextCursor: slice.nextCursor,
    };
  }

  /** Keeps the catalogue summary (lowest active price, anything in stock) in step with the variants. */
  refreshSummary(manager: EntityManager, listingId: string): Promise<void> {
    return refreshListingSummary(manager, listingId);
  }

  private canSee(viewer: AuthUser | undefined, row: ListingDetailRow): boolean {
    if (row.status === 'published' && row.shop_status === 'active') return true;
    if (!viewer) return false;
    return viewer.id === row.owner_id || inModerationScope(viewer, row.association_id);
  }

  /**
   * Locks a listing for the owner's change. Someone else gets 404 for a listing they
   * cannot see, 403 for a published one they can. A listing a moderator removed is left
   * as they left it: no change of its text, variants or photos (409 `listing_removed`).
   */
  private async lockOwned(manager: EntityManager, maker: AuthUser, id: string, lock = true): Promise<Listing> {
    const listing = await manager.findOne(Listing, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!listing) throw notFound('Listing');
    const shop = await this.shops.getById(listing.shopId, manager);
    if (shop.ownerId !== maker.id) {
      if (listing.status === 'published' || hasRole(maker, 'admin')) throw forbidden('Only the maker who owns this listing may change it');
      throw notFound('Listing');
    }
    if (listing.status === 'suspended') throw conflict('listing_removed', 'A moderator removed this listing; it cannot be changed');
    return listing;
  }

  private async applyVariantPatches(manager: EntityManager, listing: Listing, patches: VariantPatchDto[]) {
    const existing = await manager.find(ListingVariant, { where: { listingId: listing.id } });
    const bySku = new Map(existing.map((v) => [v.sku, v]));
    const added = patches.filter((p) => !bySku.has(p.sku));
    await this.rejectTakenSkus(manager, listing.shopId, added.map((p) => p.sku));
    let position = existing.reduce((max, v) => Math.max(max, v.position), -1);
    const problems: { field: string; problems: string[] }[] = [];
    patches.forEach((patch, i) => {
      if (patch.price && patch.price.currency !== listing.currency) {
        problems.push({ field: `variants.${i}.price.currency`, problems: [`this listing is priced in ${listing.currency}`] });
      }
      if (!bySku.has(patch.sku) && (!patch.price || patch.stock === undefined)) {
        problems.push({ field: `variants.${i}`, problems: ['a new variant needs price and stock'] });
      }
    });
    if (problems.length) throw unprocessable('invalid_variants', 'Some variants cannot be applied', problems);
    for (const patch of patches) {
      const variant =
        bySku.get(patch.sku) ??
        manager.create(ListingVariant, { listingId: listing.id, shopId: listing.shopId, sku: patch.sku, currency: listing.currency, position: ++position });
      if (patch.price) variant.priceAmount = patch.price.amount;
      if (patch.stock !== undefined) variant.stock = patch.stock;
      if (patch.options) variant.options = patch.options;
      variant.active = true;
      await manager.save(variant);
    }
    await this.refreshSummary(manager, listing.id);
  }

  private async rejectTakenSkus(manager: EntityManager, shopId: string, skus: string[]) {
    if (!skus.length) return;
    const taken = await manager.find(ListingVariant, { select: { sku: true }, where: { shopId, sku: In(skus) } });
    if (taken.length) {
      throw conflict('sku_taken', `SKU already used in your shop: ${taken.map((v) => v.sku).join(', ')}`, { skus: taken.map((v) => v.sku) });
    }
  }

  private async requireCategory(id: string) {
    if (!(await this.categories.find(id))) {
      throw unprocessable('unknown_category', 'No such category', [{ field: 'categoryId', problems: ['unknown category'] }]);
    }
  }

  private imageView(image: ListingImage): ImageView {
    return {
      id: image.id,
      url: this.storage.url(image.path),
      thumbnailUrl: this.storage.url(image.thumbnailPath),
      width: image.width,
      height: image.height,
      contentType: image.contentType,
    };
  }
}

function singleCurrency(currencies: Currency[]): Currency {
  const distinct = [...new Set(currencies)];
  if (distinct.length > 1) throw unprocessable('mixed_currencies', `All variants of a listing share one currency, got ${distinct.join(', ')}`);
  return distinct[0];
}

/**
 * Two requests that add one SKU at the same time both pass rejectTakenSkus; the
 * unique index stops the second. Its answer is the same 409 sku_taken as the check's.
 */function lostSkuRace(error: unknown): never {
  if (uniqueViolation(error) === 'listing_variants_shop_sku_key') {
    throw conflict('sku_taken', 'SKU already used in your shop');
  }
  throw error;
}

function rejectDuplicateSkus(skus: string[]) {
  const dupes = duplicateSkus(skus);
  if (dupes.length) {
    throw badRequest('validation_failed', `Invalid request: variants repeat SKU ${dupes.join(', ')}`, [
      { field: 'variants', problems: [`duplicate SKU: ${dupes.join(', ')}`] },
    ]);
  }
}

function cleanMaterials(materials: string[] | undefined): string[] {
  return [...new Set((materials ?? []).map((m) => m.trim()).filter(Boolean))];
}

function pickContent(dto: UpdateListingDto): Partial<Omit<ListingRevision, 'submittedAt'>> {
  const content: Record<string, unknown> = {};
  for (const field of CONTENT_FIELDS) if (dto[field] !== undefined) content[field] = dto[field];
  return content;
}

function checkMadeToOrder(listing: { madeToOrder?: boolean; leadTimeDays?: number | null }) {
  if (listing.madeToOrder && !listing.leadTimeDays) {
    throw badRequest('validation_failed', 'Invalid request: leadTimeDays', [
      { field: 'leadTimeDays', problems: ['a made-to-order listing needs leadTimeDays'] },
    ]);
  }
}

