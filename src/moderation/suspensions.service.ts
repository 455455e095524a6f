import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { ShopsService } from '../catalog/shops.service';
import { conflict, forbidden, notFound } from '../common/errors';
import { decodeTimeAndIdCursor, Page, toPage } from '../common/pagination';
import { administers, AuthUser, hasRole, inModerationScope, moderationScopeSql } from '../identity/roles';
import { recordEvent } from '../notifications/outbox';
import { recordAudit } from './audit-log';
import { SuspensionView } from './moderation.dto';

interface ShopRef {
  id: string;
  ownerId: string;
  /** The association whose moderators act on the shop (its maker's), null for a maker in none. */
  associationId: string | null;
}

interface SuspensionRow {
  id: string;
  shop_id: string;
  reason: string;
  flag_id: string | null;
  suspended_by: string | null;
  suspended_at: Date;
  lifted_by: string | null;
  lifted_at: Date | null;
  lift_note: string | null;
  shop_slug: string;
  shop_name: string;
  shop_status: string;
}

/**
 * Suspending a shop: `shops.status = 'suspended'` takes every listing of it out of the
 * catalogue (the catalogue and checkout read the shop's status; the listings themselves
 * are not touched), checkout refuses its items (422 `listing_unavailable`, reason
 * `shop_suspended`), its seller orders already paid stay fulfillable and refundable,
 * and payout runs skip the shop until the suspension is lifted. Lifting it therefore
 * brings back exactly what the suspension hid: listings removed or hidden for their own
 * reasons keep their own status.
 *
 * Moderators in scope suspend (from a flag, or directly); only an admin, or the
 * association_admin of the shop's association, lifts a suspension.
 */
@Injectable()
export class SuspensionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly associations: AssociationsService,
    private readonly shops: ShopsService,
  ) {}

  async suspend(moderator: AuthUser, shopId: string, reason: string): Promise<SuspensionView> {
    const shop = await this.shopInScope(moderator, shopId);
    if (shop.ownerId === moderator.id) throw forbidden('You cannot suspend your own shop');
    const id = await this.dataSource.transaction(async (manager) => {
      const suspensionId = await this.suspendIn(manager, moderator, shop, reason, null);
      if (!suspensionId) throw conflict('shop_suspended', 'The shop is already suspended');
      return suspensionId;
    });
    return this.view(id);
  }

  /**
   * Suspends in the caller's transaction (a flag's resolution), with its audit row and the
   * maker's notification. Answers the suspension's id, or null if the shop already was suspended.
   */
  async suspendIn(manager: EntityManager, actor: AuthUser, shop: ShopRef, reason: string, flagId: string | null): Promise<string | null> {
    if (!(await this.shops.setStatus(manager, shop.id, 'suspended'))) return null;
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO shop_suspensions (shop_id, reason, flag_id, suspended_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [shop.id, reason, flagId, actor.id],
    );
    await recordAudit(manager, {
      actorId: actor.id,
      action: 'shop.suspended',
      target: { type: 'shop', id: shop.id },
      associationId: shop.associationId,
      reason,
      before: { status: 'active' },
      after: { status: 'suspended' },
      details: { suspensionId: id, flagId },
    });
    await recordEvent(manager, 'shop.suspended', { type: 'shop', id: shop.id }, { shopId: shop.id, makerId: shop.ownerId, reason });
    return id;
  }

  async lift(actor: AuthUser, shopId: string, note: string): Promise<SuspensionView> {
    const shop = await this.shopInScope(actor, shopId);
    const mayLift = hasRole(actor, 'admin') || (shop.associationId !== null && administers(actor, shop.associationId));
    if (!mayLift || shop.ownerId === actor.id) {
      throw forbidden("Only an admin or the association's admin lifts a suspension");
    }
    const id = await this.dataSource.transaction(async (manager) => {
      if (!(await this.shops.setStatus(manager, shop.id, 'active'))) throw conflict('shop_not_suspended', 'The shop is not suspended');
      const [[lifted]]: [{ id: string }[], number] = await manager.query(
        `UPDATE shop_suspensions SET lifted_by = $2, lifted_at = now(), lift_note = $3
          WHERE shop_id = $1 AND lifted_at IS NULL RETURNING id`,
        [shop.id, actor.id, note],
      );
      await recordAudit(manager, {
        actorId: actor.id,
        action: 'shop.suspension_lifted',
        target: { type: 'shop', id: shop.id },
        associationId: shop.associationId,
        reason: note,
        before: { status: 'suspended' },
        after: { status: 'active' },
        details: { suspensionId: lifted.id },
      });
      await recordEvent(manager, 'shop.reinstated', { type: 'shop', id: shop.id }, { shopId: shop.id, makerId: shop.ownerId, note });
      return lifted.id;
    });
    return this.view(id);
  }

  /** Suspensions of shops in scope: those in force (`active`) or all, newest first. */
  async list(moderator: AuthUser, query: { limit: number; cursor?: string; inForce: boolean }): Promise<Page<SuspensionView>> {
    const params: unknown[] = [];
    const where = [query.inForce ? 'x.lifted_at IS NULL' : 'true'];
    const scope = moderationScopeSql(moderator, 'm.association_id', params);
    if (scope) where.push(scope);
    if (query.cursor) {
      const [at, id] = decodeTimeAndIdCursor(query.cursor);
      params.push(at, id);
      where.push(`(x.suspended_at, x.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows: SuspensionRow[] = await this.dataSource.query(
      `${SUSPENSION_SELECT} WHERE ${where.join(' AND ')} ORDER BY x.suspended_at DESC, x.id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, query.limit, (r) => [r.suspended_at.toISOString(), r.id], suspensionView);
  }

  private async view(id: string): Promise<SuspensionView> {
    const [row]: SuspensionRow[] = await this.dataSource.query(`${SUSPENSION_SELECT} WHERE x.id = $1`, [id]);
    return suspensionView(row);
  }

  /** The shop with the association that moderates it; 404 when it is outside the user's scope. */
  private async shopInScope(user: AuthUser, shopId: string): Promise<ShopRef> {
    const shop = await this.shops.getById(shopId);
    const association = await this.associations.approvedAssociationOf(shop.ownerId);
    const associationId = association?.id ?? null;
    if (!inModerationScope(user, associationId)) throw notFound('Shop');
    return { id: shop.id, ownerId: shop.ownerId, associationId };
  }
}

const SUSPENSION_SELECT = `
  SELECT x.*, s.slug AS shop_slug, s.name AS shop_name, s.status AS shop_status
    FROM shop_suspensions x
    JOIN shops s ON s.id = x.shop_id
    LEFT JOIN memberships m ON m.maker_id = s.owner_id AND m.status = 'approved'`;

function suspensionView(r: SuspensionRow): SuspensionView {
  return {
    id: r.id,
    shop: { id: r.shop_id, slug: r.shop_slug, name: r.shop_name, status: r.shop_status },
    reason: r.reason,
    flagId: r.flag_id,
    suspendedBy: r.suspended_by,
    suspendedAt: r.suspended_at,
    liftedBy: r.lifted_by,
    liftedAt: r.lifted_at,
    liftNote: r.lift_note,
  };
}
