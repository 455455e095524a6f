import { IllegalTransitionError } from '../common/errors';
import { LISTING_STATUSES, ListingAction, ListingStatus, transitionListing } from './listing.state';

describe('listing transitions', () => {
  const legal: [ListingStatus, ListingAction, ListingStatus][] = [
    ['draft', 'submit', 'pending_review'],
    ['rejected', 'submit', 'pending_review'],
    ['pending_review', 'withdraw', 'draft'],
    ['pending_review', 'approve', 'published'],
    ['pending_review', 'reject', 'rejected'],
    ['published', 'archive', 'archived'],
    ['draft', 'archive', 'archived'],
    ['rejected', 'archive', 'archived'],
    ['archived', 'restore', 'draft'],
    ['published', 'hide', 'hidden'],
    ['hidden', 'unhide', 'published'],
    ...(['draft', 'pending_review', 'published', 'hidden', 'rejected', 'archived'] as const).map(
      (from): [ListingStatus, ListingAction, ListingStatus] => [from, 'remove', 'suspended'],
    ),
  ];

  it.each(legal)('%s --%s--> %s', (from, action, to) => expect(transitionListing(from, action)).toBe(to));

  it('refuses every other move', () => {
    const actions: ListingAction[] = ['submit', 'withdraw', 'approve', 'reject', 'archive', 'restore', 'hide', 'unhide', 'remove'];
    for (const from of LISTING_STATUSES) {
      for (const action of actions) {
        if (legal.some(([f, a]) => f === from && a === action)) continue;
        expect(() => transitionListing(from, action)).toThrow(IllegalTransitionError);
      }
    }
  });

  it('never publishes without review', () => {
    expect(() => transitionListing('draft', 'approve')).toThrow(IllegalTransitionError);
    expect(() => transitionListing('archived', 'submit')).toThrow(IllegalTransitionError);
  });

  it('keeps a removed listing removed, and a hidden one in review', () => {
    for (const action of ['submit', 'restore', 'archive', 'unhide', 'approve'] as const) {
      expect(() => transitionListing('suspended', action)).toThrow(IllegalTransitionError);
    }
    expect(() => transitionListing('hidden', 'archive')).toThrow(IllegalTransitionError);
  });
});
