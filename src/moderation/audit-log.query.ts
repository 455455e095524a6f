import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { AuthUser, moderationScopeSql } from '../identity/roles';
import { AuditAction, AuditTargetType } from './audit-log';
import { AuditEntryView, AuditLogQueryDto } from './moderation.dto';

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: AuditAction;
  target_type: AuditTargetType;
  target_id: string;
  association_id: string | null;
  reason: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}

/**
 * Reads the audit log, newest first, in the reader's scope: an association's moderators
 * and admins see the rows of their association; platform moderators and admins see all
 * (and may narrow to one association).
 */
@Injectable()
export class AuditLogQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(reader: AuthUser, query: AuditLogQueryDto): Promise<Page<AuditEntryView>> {
    const params: unknown[] = [];
    const where: string[] = [];
    const scope = moderationScopeSql(reader, 'a.association_id', params);
    if (scope) where.push(scope);
    const filter = (condition: string, value: unknown) => {
      params.push(value);
      where.push(condition.replace('?', `$${params.length}`));
    };
    if (query.associationId) filter('a.association_id = ?::uuid', query.associationId);
    if (query.action) filter('a.action = ?', query.action);
    if (query.targetType) filter('a.target_type = ?', query.targetType);
    if (query.targetId) filter('a.target_id = ?::uuid', query.targetId);
    if (query.actorId) filter('a.actor_id = ?::uuid', query.actorId);
    if (query.from) filter('a.at >= ?::timestamptz', query.from);
    if (query.to) filter('a.at < ?::timestamptz', query.to);
    if (query.cursor) filter('a.id < ?::bigint', idCursor(query.cursor));
    params.push(query.limit + 1);
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT a.*, u.name AS actor_name
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.id DESC
        LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, query.limit, (r) => [String(r.id)], (r) => ({
      id: String(r.id),
      at: r.at,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
      action: r.action,
      target: { type: r.target_type, id: r.target_id },
      associationId: r.association_id,
      reason: r.reason,
      before: r.before,
      after: r.after,
      details: r.details,
    }));
  }
}

function idCursor(cursor: string): string {
  const [id] = decodeCursor(cursor, 1);
  if (typeof id !== 'string' || !/^[1-9][0-9]{0,17}$/.test(id)) throw badRequest('invalid_cursor', 'cursor is not valid for this query');
  return id;
}
