import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogQuery, ListingDetailRow } from '../catalog/catalog.query';
import { ListingsService } from '../catalog/listings.service';
import { conflict, forbidden, notFound, uniqueViolation, unprocessable } from '../common/errors';
import { Locale, pickText } from '../common/locale';
import { decodeTimeAndIdCursor, Page, toPage } from '../common/pagination';
import { Environment } from '../config/environment';
import { AuthUser, inModerationScope, moderationScopeSql } from '../identity/roles';
import { recordEvent } from '../notifications/outbox';
import { recordAudit } from './audit-log';
import { CreateFlagDto, FlagAction, FlagReason, FlagsQueryDto, FlagStatus, FlagView, ModerationFlagView, ResolveFlagDto } from './moderation.dto';
import { SuspensionsService } from './suspensions.service';

interface FlagRow {
  id: string;
  listing_id: string;
  reporter_id: string;
  reason: FlagReason;
  details: string | null;
  status: FlagStatus;
  resolution: FlagAction | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_at: Date;
}

/**
 * Flags: anyone signed in reports a published listing, once while their flag is open.
 * When `FLAG_HIDE_THRESHOLD` distinct users have an open flag on a listing it leaves the
 * catalogue (`hidden`) until a moderator in scope resolves them. A resolution decides
 * the listing, so it closes every open flag on it at once: dismiss (a hidden listing
 * comes back), remove the listing, or remove it and suspend the shop.
 */
@Injectable()
export class FlagsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogQuery,
    private readonly listings: ListingsService,
    private readonly suspensions: SuspensionsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async create(reporter: AuthUser, listingId: string, dto: CreateFlagDto): Promise<FlagView> {
    const row = await this.catalog.detail(listingId);
    // Only what the reporter can see in the catalogue can be reported.
    if (!row || row.status !== 'published' || row.shop_status !== 'active') throw notFound('Listing');
    if (row.owner_id === reporter.id) throw unprocessable('own_listing', 'You cannot flag your own listing');
    const threshold = this.config.get('FLAG_HIDE_THRESHOLD', { infer: true });

    const flag = await this.dataSource
      .transaction(async (manager) => {
        // The listing's lock orders flags on it, so the count below sees every earlier one.
        await manager.query(`SELECT 1 FROM listings WHERE id = $1 FOR UPDATE`, [listingId]);
        const [created]: FlagRow[] = await manager.query(
          `INSERT INTO flags (listing_id, reporter_id, reason, details) VALUES ($1, $2, $3, $4) RETURNING *`,
          [listingId, reporter.id, dto.reason, dto.details ?? null],
        );
        const openFlags = await this.openFlagCount(manager, listingId);
        await recordEvent(manager, 'flag.created', { type: 'flag', id: created.id }, {
          flagId: created.id,
          listingId,
          makerId: row.owner_id,
          reporterId: reporter.id,
          associationId: row.association_id,
          openFlags,
        });
        if (openFlags >= threshold && (await this.listings.applyModeration(manager, listingId, 'hide'))) {
          await recordAudit(manager, {
            actorId: null,
            action: 'listing.hidden',
            target: { type: 'listing', id: listingId },
            associationId: row.association_id,
            before: { status: 'published' },
            after: { status: 'hidden' },
            details: { openFlags, threshold },
          });
          await recordEvent(manager, 'listing.hidden', { type: 'listing', id: listingId }, { listingId, makerId: row.owner_id, openFlags });
        }
        return created;
      })
      .catch((error: unknown) => {
        if (uniqueViolation(error) === 'flags_one_open_per_reporter') {
          throw conflict('already_flagged', 'You have already flagged this listing; a moderator will look at it');
        }
        throw error;
      });
    return flagView(flag);
  }

  /** Flags on listings in the moderator's scope: open ones oldest first (a queue), resolved ones newest first. */
  async list(moderator: AuthUser, query: FlagsQueryDto, locale: Locale): Promise<Page<ModerationFlagView>> {
    const params: unknown[] = [query.status];
    const where = [`f.status = $1`];
    const scope = moderationScopeSql(moderator, 'm.association_id', params);
    if (scope) where.push(scope);
    if (query.listingId) {
      params.push(query.listingId);
      where.push(`f.listing_id = $${params.length}::uuid`);
    }
    const ascending = query.status === 'open';
    if (query.cursor) {
      const [at, id] = decodeTimeAndIdCursor(query.cursor);
      params.push(at, id);
      where.push(`(f.created_at, f.id) ${ascending ? '>' : '<'} ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const direction = ascending ? 'ASC' : 'DESC';
    const rows = await this.dataSource.query(
      `${FLAG_SELECT} WHERE ${where.join(' AND ')} ORDER BY f.created_at ${direction}, f.id ${direction} LIMIT $${params.length}`,
      params,
    );
    return toPage(rows as (FlagRow & ListingColumns)[], query.limit, (r) => [r.created_at.toISOString(), r.id], (r) => moderationFlagView(r, locale));
  }

  async resolve(moderator: AuthUser, flagId: string, dto: ResolveFlagDto, locale: Locale): Promise<ModerationFlagView> {
    const [flag]: FlagRow[] = await this.dataSource.query(`SELECT * FROM flags WHERE id = $1`, [flagId]);
    const row = flag ? await this.catalog.detail(flag.listing_id) : null;
    if (!flag || !row || !inModerationScope(moderator, row.association_id)) throw notFound('Flag');
    if (row.owner_id === moderator.id) throw forbidden('You cannot decide on flags about your own listing');

    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM listings WHERE id = $1 FOR UPDATE`, [row.id]);
      const [locked]: FlagRow[] = await manager.query(`SELECT * FROM flags WHERE id = $1 FOR UPDATE`, [flagId]);
      if (locked.status !== 'open') throw conflict('flag_resolved', `This flag was already resolved (${locked.resolution})`);
      const [closed]: [{ id: string }[], number] = await manager.query(
        `UPDATE flags SET status = 'resolved', resolution = $2, resolution_note = $3, resolved_by = $4, resolved_at = now()
          WHERE listing_id = $1 AND status = 'open' RETURNING id`,
        [row.id, dto.action, dto.note, moderator.id],
      );
      const flagIds = closed.map((f) => f.id).sort();
      await this.apply(manager, moderator, row, dto, flagId, flagIds);
    });
    const [resolved] = await this.dataSource.query(`${FLAG_SELECT} WHERE f.id = $1`, [flagId]);
    return moderationFlagView(resolved, locale);
  }

  /** What the resolution does to the listing (and shop), with its audit rows and the maker's notifications. */
  private async apply(manager: EntityManager, moderator: AuthUser, row: ListingDetailRow, dto: ResolveFlagDto, flagId: string, flagIds: string[]) {
    const listing = { type: 'listing' as const, id: row.id };
    if (dto.action === 'dismiss') {
      const restored = (await this.listings.applyModeration(manager, row.id, 'unhide')) !== null;
      await recordAudit(manager, {
        actorId: moderator.id,
        action: 'flag.dismissed',
        target: { type: 'flag', id: flagId },
        associationId: row.association_id,
        reason: dto.note,
        ...(restored ? { before: { status: 'hidden' }, after: { status: 'published' } } : {}),
        details: { listingId: row.id, flagIds },
      });
      return;
    }
    const before = await this.listings.applyModeration(manager, row.id, 'remove', dto.note);
    if (before) {
      await recordAudit(manager, {
        actorId: moderator.id,
        action: 'listing.removed',
        target: listing,
        associationId: row.association_id,
        reason: dto.note,
        before: { status: before },
        after: { status: 'suspended' },
        details: { flagIds, resolution: dto.action },
      });
      await recordEvent(manager, 'listing.removed', listing, { listingId: row.id, makerId: row.owner_id, reason: dto.note });
    }
    if (dto.action === 'suspend_shop') {
      await this.suspensions.suspendIn(manager, moderator, { id: row.shop_id, ownerId: row.owner_id, associationId: row.association_id }, dto.note, flagId);
    }
  }

  private async openFlagCount(manager: EntityManager, listingId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await manager.query(
      `SELECT count(DISTINCT reporter_id)::int AS n FROM flags WHERE listing_id = $1 AND status = 'open'`,
      [listingId],
    );
    return n;
  }
}

/** A flag with its listing, shop and the association that moderates it (m.association_id, for scope). */
const FLAG_SELECT = `
  SELECT f.*, l.title AS listing_title, l.status AS listing_status,
         s.id AS shop_id, s.slug AS shop_slug, s.name AS shop_name, s.status AS shop_status, m.association_id,
         (SELECT count(DISTINCT o.reporter_id)::int FROM flags o WHERE o.listing_id = l.id AND o.status = 'open') AS open_flags
    FROM flags f
    JOIN listings l ON l.id = f.listing_id
    JOIN shops s ON s.id = l.shop_id
    LEFT JOIN memberships m ON m.maker_id = s.owner_id AND m.status = 'approved'`;

interface ListingColumns {
  listing_title: Record<string, string>;
  listing_status: ModerationFlagView['listing']['status'];
  shop_id: string;
  shop_slug: string;
  shop_name: string;
  shop_status: string;
  association_id: string | null;
  open_flags: number;
}

function flagView(f: FlagRow): FlagView {
  return {
    id: f.id,
    listingId: f.listing_id,
    reason: f.reason,
    details: f.details,
    status: f.status,
    resolution: f.resolution,
    resolutionNote: f.resolution_note,
    resolvedAt: f.resolved_at,
    createdAt: f.created_at,
  };
}

function moderationFlagView(f: FlagRow & ListingColumns, locale: Locale): ModerationFlagView {
  return {
    ...flagView(f),
    reporterId: f.reporter_id,
    resolvedBy: f.resolved_by,
    listing: {
      id: f.listing_id,
      title: pickText(f.listing_title, locale) ?? '',
      status: f.listing_status,
      openFlags: Number(f.open_flags),
      shop: { id: f.shop_id, slug: f.shop_slug, name: f.shop_name, status: f.shop_status },
      associationId: f.association_id,
    },
  };
}
