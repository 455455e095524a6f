import { IllegalTransitionError } from '../common/errors';

export const MEMBERSHIP_STATUSES = ['pending', 'approved', 'rejected', 'revoked'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
export type MembershipAction = 'approve' | 'reject' | 'revoke';

/** The membership lifecycle: the only place that says which moves are legal. */
const TRANSITIONS: Record<MembershipAction, { from: MembershipStatus[]; to: MembershipStatus }> = {
  approve: { from: ['pending'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
  revoke: { from: ['approved'], to: 'revoked' },
};

/** Statuses that tie a maker to an association: at most one at a time (a DB index holds it too). */
export const ACTIVE_MEMBERSHIP_STATUSES: MembershipStatus[] = ['pending', 'approved'];

export function transitionMembership(from: MembershipStatus, action: MembershipAction): MembershipStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(from)) throw new IllegalTransitionError('membership', from, action);
  return rule.to;
}
