import { IllegalTransitionError } from '../common/errors';

export const LISTING_STATUSES = ['draft', 'pending_review', 'published', 'rejected', 'archived'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];
export type ListingAction = 'submit' | 'withdraw' | 'approve' | 'reject' | 'archive' | 'restore';

/**
 * The listing lifecycle: the only place that says which moves are legal.
 * draft → pending_review → published | rejected; a rejected listing can be fixed and
 * resubmitted; editing a listing under review withdraws it to draft (so a moderator
 * never approves text they did not see); anything but a listing under review can be
 * archived; an archived one comes back as a draft and goes through review again.
 */
const TRANSITIONS: Record<ListingAction, { from: ListingStatus[]; to: ListingStatus }> = {
  submit: { from: ['draft', 'rejected'], to: 'pending_review' },
  withdraw: { from: ['pending_review'], to: 'draft' },
  approve: { from: ['pending_review'], to: 'published' },
  reject: { from: ['pending_review'], to: 'rejected' },
  archive: { from: ['draft', 'rejected', 'published'], to: 'archived' },
  restore: { from: ['archived'], to: 'draft' },
};

export function transitionListing(from: ListingStatus, action: ListingAction): ListingStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(from)) throw new IllegalTransitionError('listing', from, action);
  return rule.to;
}

