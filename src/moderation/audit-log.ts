import { EntityManager } from 'typeorm';

/**
 * The audit log: one row per moderation decision, flag resolution, suspension and lift,
 * membership decision, role change and commission-rate change. Written in the
 * transaction of the change it records (it exists if, and only if, the change commits);
 * the database refuses UPDATE, DELETE and TRUNCATE on the table (see the Moderation
 * migration). Read by `GET /moderation/audit-log`.
 */
export const AUDIT_ACTIONS = [
  'listing.approved',
  'listing.rejected',
  'listing.revision_approved',
  'listing.revision_rejected',
  'listing.hidden',
  'listing.removed',
  'flag.dismissed',
  'shop.suspended',
  'shop.suspension_lifted',
  'membership.approved',
  'membership.rejected',
  'membership.revoked',
  'user.roles_granted',
  'user.role_revoked',
  'association.commission_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGETS = ['listing', 'flag', 'shop', 'membership', 'user', 'association'] as const;
export type AuditTargetType = (typeof AUDIT_TARGETS)[number];

export interface AuditEntry {
  /** Who did it; null for the system (a listing hidden by its flags). */
  actorId: string | null;
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  /** The association whose moderators may read the row; null: platform moderators and admins only. */
  associationId: string | null;
  reason?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  details?: Record<string, unknown> | null;
}

export async function recordAudit(manager: EntityManager, entry: AuditEntry): Promise<void> {
  await manager.query(
    `INSERT INTO audit_log (actor_id, action, target_type, target_id, association_id, reason, before, after, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.actorId,
      entry.action,
      entry.target.type,
      entry.target.id,
      entry.associationId,
      entry.reason ?? null,
      json(entry.before),
      json(entry.after),
      json(entry.details),
    ],
  );
}

const json = (value: Record<string, unknown> | null | undefined) => (value ? JSON.stringify(value) : null);
