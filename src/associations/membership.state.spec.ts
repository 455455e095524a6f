import { IllegalTransitionError } from '../common/errors';
import { MembershipAction, MembershipStatus, transitionMembership } from './membership.state';

describe('membership transitions', () => {
  it.each<[MembershipStatus, MembershipAction, MembershipStatus]>([
    ['pending', 'approve', 'approved'],
    ['pending', 'reject', 'rejected'],
    ['approved', 'revoke', 'revoked'],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(transitionMembership(from, action)).toBe(to);
  });

  it.each<[MembershipStatus, MembershipAction]>([
    ['approved', 'approve'],
    ['approved', 'reject'],
    ['rejected', 'approve'],
    ['rejected', 'revoke'],
    ['revoked', 'approve'],
    ['pending', 'revoke'],
  ])('refuses %s --%s-->', (from, action) => {
    expect(() => transitionMembership(from, action)).toThrow(IllegalTransitionError);
  });
});
