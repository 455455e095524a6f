import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { conflict, forbidden, notFound, uniqueViolation } from '../common/errors';
import { Page, pageByCreation } from '../common/pagination';
import { administers, AuthUser } from '../identity/roles';
import { recordAudit } from '../moderation/audit-log';
import { UsersService } from '../identity/users.service';
import { recordEvent } from '../notifications/outbox';
import { Association } from './association.entity';
import {
  AssociationView,
  CreateAssociationDto,
  CreateHubDto,
  HubView,
  MembershipView,
  UpdateAssociationDto,
} from './associations.dto';
import { Hub } from './hub.entity';
import { Membership } from './membership.entity';
import { ACTIVE_MEMBERSHIP_STATUSES, MembershipAction, MembershipStatus, transitionMembership } from './membership.state';

/**
 * Owns associations, their hubs and makers' memberships. Other modules ask it which
 * association a maker sells under (`approvedAssociationOf`) and who its members are.
 */
@Injectable()
export class AssociationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  private get associations() {
    return this.dataSource.getRepository(Association);
  }

  async list(query: { region?: string; limit: number; cursor?: string }): Promise<Page<AssociationView>> {
    const qb = this.associations.createQueryBuilder('a');
    if (query.region) qb.andWhere('a.region = :region', { region: query.region });
    const page = await pageByCreation(qb, query, 'ASC');
    return { items: page.items.map(toAssociationView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<Association> {
    const association = await this.associations.findOne({ where: { id } });
    if (!association) throw notFound('Association');
    return association;
  }

  create(dto: CreateAssociationDto): Promise<Association> {
    return this.associations.save(this.associations.create({ ...dto, description: dto.description ?? {} }));
  }

  /** A changed commission rate applies to orders placed afterwards: orders snapshot it. */
  async update(actor: AuthUser, id: string, dto: UpdateAssociationDto): Promise<Association> {
    await this.visibleForAdmin(actor, id);
    return this.dataSource.transaction(async (manager) => {
      const association = await manager.findOneOrFail(Association, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const before = association.commissionRateBps;
      const { description, ...fields } = dto;
      Object.assign(association, fields);
      // The description is optional: null clears it.
      if (description !== undefined) association.description = description ?? {};
      const saved = await manager.save(association);
      if (saved.commissionRateBps !== before) {
        await recordAudit(manager, {
          actorId: actor.id,
          action: 'association.commission_changed',
          target: { type: 'association', id },
          associationId: id,
          before: { commissionRateBps: before },
          after: { commissionRateBps: saved.commissionRateBps },
        });
      }
      return saved;
    });
  }

  async createHub(actor: AuthUser, associationId: string, dto: CreateHubDto): Promise<Hub> {
    await this.visibleForAdmin(actor, associationId);
    const hubs = this.dataSource.getRepository(Hub);
    return hubs.save(hubs.create({ ...dto, associationId, openingHours: dto.openingHours ?? null, phone: dto.phone ?? null }));
  }

  async listHubs(associationId: string): Promise<Hub[]> {
    await this.get(associationId);
    return this.dataSource.getRepository(Hub).find({ where: { associationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** `manager`: the caller's transaction, so that it does not wait for a second pool connection. */
  async findHub(id: string, manager: EntityManager = this.dataSource.manager): Promise<Hub | null> {
    return manager.findOne(Hub, { where: { id } });
  }

  /**
   * A maker asks to join. One pending or approved membership per maker, held by a
   * partial unique index so that two simultaneous requests cannot both pass.
   */
  async requestMembership(maker: AuthUser, associationId: string, message?: string): Promise<MembershipView> {
    await this.get(associationId);
    const memberships = this.dataSource.getRepository(Membership);
    const active = await memberships.findOne({ where: { makerId: maker.id, status: In(ACTIVE_MEMBERSHIP_STATUSES) } });
    if (active) throw alreadyMember(active);
    try {
      const created = await this.dataSource.transaction(async (manager) => {
        const membership = await manager.save(manager.create(Membership, { associationId, makerId: maker.id, message: message ?? null }));
        await recordEvent(manager, 'membership.requested', { type: 'membership', id: membership.id }, {
          membershipId: membership.id,
          associationId,
          makerId: maker.id,
        });
        return membership;
      });
      return (await this.toMembershipViews([created]))[0];
    } catch (error) {
      if (uniqueViolation(error)) {
        throw conflict('already_member', 'You already have a pending or approved membership');
      }
      throw error;
    }
  }

  async listMemberships(
    actor: AuthUser,
    associationId: string,
    query: { status?: MembershipStatus; limit: number; cursor?: string },
  ): Promise<Page<MembershipView>> {
    await this.visibleForAdmin(actor, associationId);
    const qb = this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .where('m.association_id = :associationId', { associationId });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    const page = await pageByCreation(qb, query);
    return { items: await this.toMembershipViews(page.items), nextCursor: page.nextCursor };
  }

  async myMemberships(maker: AuthUser): Promise<MembershipView[]> {
    const rows = await this.dataSource.getRepository(Membership).find({ where: { makerId: maker.id }, order: { createdAt: 'DESC' } });
    return this.toMembershipViews(rows);
  }

  /** approve / reject / revoke, decided by the association's admin (or a platform admin). */
  async decide(
    actor: AuthUser,
    associationId: string,
    membershipId: string,
    action: MembershipAction,
    reason?: string,
  ): Promise<MembershipView> {
    await this.visibleForAdmin(actor, associationId);
    const decided = await this.dataSource.transaction(async (manager) => {
      const membership = await manager.findOne(Membership, {
        where: { id: membershipId, associationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!membership) throw notFound('Membership');
      const before = membership.status;
      membership.status = transitionMembership(membership.status, action);
      membership.reason = reason || null;
      membership.decidedById = actor.id;
      membership.decidedAt = new Date();
      const saved = await manager.save(membership);
      await recordAudit(manager, {
        actorId: actor.id,
        action: `membership.${saved.status as 'approved' | 'rejected' | 'revoked'}`,
        target: { type: 'membership', id: saved.id },
        associationId,
        reason: saved.reason,
        before: { status: before },
        after: { status: saved.status },
        details: { makerId: saved.makerId },
      });
      // A revocation has no message (yet): only the answer to a request is told to the maker.
      if (action !== 'revoke') {
        await recordEvent(manager, 'membership.decided', { type: 'membership', id: saved.id }, {
          membershipId: saved.id,
          associationId,
          makerId: saved.makerId,
          decision: action === 'approve' ? 'approved' : 'rejected',
          reason: saved.reason,
        });
      }
      return saved;
    });
    return (await this.toMembershipViews([decided]))[0];
  }

  /** The association a maker currently sells under, or null. */
  async approvedAssociationOf(makerId: string): Promise<Association | null> {
    const membership = await this.dataSource
      .getRepository(Membership)
      .findOne({ where: { makerId, status: 'approved' } });
    return membership ? this.get(membership.associationId) : null;
  }

  /** makerId → their approved association and its commission rate now (checkout snapshots it). */
  async approvedCommissionRates(
    makerIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, { associationId: string; commissionRateBps: number }>> {
    if (!makerIds.length) return new Map();
    const rows: { maker_id: string; association_id: string; commission_rate_bps: number }[] = await manager.query(
      `SELECT m.maker_id, m.association_id, a.commission_rate_bps
         FROM memberships m JOIN associations a ON a.id = m.association_id
        WHERE m.maker_id = ANY($1::uuid[]) AND m.status = 'approved'`,
      [[...new Set(makerIds)]],
    );
    return new Map(rows.map((r) => [r.maker_id, { associationId: r.association_id, commissionRateBps: r.commission_rate_bps }]));
  }

  /** Ids of the makers currently approved in an association. */
  async approvedMakerIds(associationId: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(Membership)
      .find({ select: { makerId: true }, where: { associationId, status: 'approved' } });
    return rows.map((m) => m.makerId);
  }

  /** The association, if the actor administers it; 404 if it does not exist, 403 if not theirs. */
  private async visibleForAdmin(actor: AuthUser, associationId: string): Promise<Association> {
    const association = await this.get(associationId);
    if (!administers(actor, associationId)) throw forbidden('Only this association\'s admin may do this');
    return association;
  }

  private async toMembershipViews(rows: Membership[]): Promise<MembershipView[]> {
    const makers = new Map((await this.users.findByIds(rows.map((m) => m.makerId))).map((u) => [u.id, u]));
    return rows.map((m) => ({
      id: m.id,
      associationId: m.associationId,
      status: m.status,
      maker: { id: m.makerId, name: makers.get(m.makerId)?.name ?? '' },
      message: m.message,
      reason: m.reason,
      createdAt: m.createdAt,
      decidedAt: m.decidedAt,
    }));
  }
}

function alreadyMember(active: Membership) {
  return active.status === 'approved'
    ? conflict('already_member', 'You are already a member of an association', { associationId: active.associationId })
    : conflict('membership_pending', 'You already have a pending membership request', { associationId: active.associationId });
}

export function toAssociationView(a: Association): AssociationView {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    region: a.region,
    city: a.city,
    commissionRateBps: a.commissionRateBps,
    payoutsEnabled: a.payoutsEnabled,
    createdAt: a.createdAt,
  };
}

export function toHubView(h: Hub): HubView {
  return { id: h.id, associationId: h.associationId, name: h.name, address: h.address, city: h.city, openingHours: h.openingHours, phone: h.phone };
}
