import { IllegalTransitionError } from '../common/errors';

export const LISTING_STATUSES = ['draft', 'pending_review', 'published', 'hidden', 'suspended', 'rejected', 'archived'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];
export type ListingAction = 'submit' | 'withdraw' | 'approve' | 'reject' | 'archive' | 'restore' | 'hide' | 'unhide' | 'remove';

/**
 * The listing lifecycle: the only place that says which moves are legal.
 * draft → pending_review → published | rejected; a rejected listing can be fixed and
 * resubmitted; editing a listing under review withdraws it to draft (so a moderator
 * never approves text they did not see); a draft, rejected or published listing can be
 * archived; an archived one comes back as a draft and goes through review again.
 *
 * After publication: enough flags hide a listing pending review (`hidden`, not
 * archivable meanwhile, so the review is not dodged); a dismissal brings it back; a
 * moderator's removal (`suspended`) is final for the maker.
 */
const TRANSITIONS: Record<ListingAction, { from: ListingStatus[]; to: ListingStatus }> = {
  submit: { from: ['draft', 'rejected'], to: 'pending_review' },
  withdraw: { from: ['pending_review'], to: 'draft' },
  approve: { from: ['pending_review'], to: 'published' },
  reject: { from: ['pending_review'], to: 'rejected' },
  archive: { from: ['draft', 'rejected', 'published'], to: 'archived' },
  restore: { from: ['archived'], to: 'draft' },
  hide: { from: ['published'], to: 'hidden' },
  unhide: { from: ['hidden'], to: 'published' },
  remove: { from: ['draft', 'pending_review', 'published', 'hidden', 'rejected', 'archived'], to: 'suspended' },
};

export function transitionListing(from: ListingStatus, action: ListingAction): ListingStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(from)) throw new IllegalTransitionError('listing', from, action);
  return rule.to;
}

/** A listing that has been in the catalogue and whose approved content is what buyers saw: edits of it wait for review. */
export const isLive = (status: ListingStatus) => status === 'published' || status === 'hidden';
