import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { CatalogQuery, ListingDetailRow } from '../catalog/catalog.query';
import { ListingRevision, revisionContent } from '../catalog/listing.entity';
import { isLive } from '../catalog/listing.state';
import { ListingsService } from '../catalog/listings.service';
import { conflict, forbidden, notFound } from '../common/errors';
import { Locale } from '../common/locale';
import { Page } from '../common/pagination';
import { AuthUser, inModerationScope, moderationScope } from '../identity/roles';
import { recordEvent } from '../notifications/outbox';
import { recordAudit } from './audit-log';
import { ReviewItemView } from './moderation.dto';

/**
 * The review of listings. Scope is decided here, in one place: admins and platform
 * moderators see everything; an association's moderators and admins see only their
 * members' listings. A listing out of scope is 404, as if it did not exist.
 */
@Injectable()
export class ModerationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listings: ListingsService,
    private readonly catalog: CatalogQuery,
    private readonly associations: AssociationsService,
  ) {}

  async queue(moderator: AuthUser, page: { limit: number; cursor?: string }, locale: Locale): Promise<Page<ReviewItemView>> {
    const scope = moderationScope(moderator);
    if (scope.kind === 'none') throw forbidden('Only moderators may see the review queue');
    const makerIds = scope.kind === 'all' ? null : await this.associations.approvedMakerIds(scope.associationId);
    return this.listings.reviewQueue(moderator, makerIds, page, locale);
  }

  async decide(moderator: AuthUser, listingId: string, decision: 'approve' | 'reject', reason: string | undefined, locale: Locale) {
    const row = await this.catalog.detail(listingId);
    if (!row || !inModerationScope(moderator, row.association_id)) throw notFound('Listing');
    if (row.owner_id === moderator.id) throw forbidden('You cannot decide on your own listing');
    if (row.status !== 'pending_review' && !(isLive(row.status) && row.pending_revision)) {
      throw conflict('not_under_review', `The listing is ${row.status}, not waiting for review`);
    }
    await this.dataSource.transaction(async (manager) => {
      const { listing, revision } = await this.listings.moderate(manager, listingId, decision, reason);
      await recordAudit(manager, {
        actorId: moderator.id,
        action: `listing.${revision ? 'revision_' : ''}${decision === 'approve' ? 'approved' : 'rejected'}`,
        target: { type: 'listing', id: listingId },
        associationId: row.association_id,
        reason: reason ?? null,
        ...(revision ? revisionAudit(row, decision) : { before: { status: row.status }, after: { status: listing.status } }),
      });
      const event = { listingId, makerId: row.owner_id, revision };
      if (decision === 'approve') await recordEvent(manager, 'listing.approved', { type: 'listing', id: listingId }, event);
      else await recordEvent(manager, 'listing.rejected', { type: 'listing', id: listingId }, { ...event, reason: reason ?? '' });
    });
    return this.listings.view(moderator, listingId, locale);
  }
}

const LIVE_COLUMNS: Record<string, keyof ListingDetailRow> = {
  title: 'title',
  description: 'description',
  categoryId: 'category_id',
  materials: 'materials',
  madeToOrder: 'made_to_order',
  leadTimeDays: 'lead_time_days',
};

/** A decided edit in the log: the live content it would replace, and the edit (with whether it went live). */
function revisionAudit(row: ListingDetailRow, decision: 'approve' | 'reject') {
  const edit = revisionContent(row.pending_revision as ListingRevision);
  const before = Object.fromEntries(Object.keys(edit).map((field) => [field, row[LIVE_COLUMNS[field]] ?? null]));
  return { before, after: { ...edit, applied: decision === 'approve' } };
}
