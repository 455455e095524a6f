import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { Locale } from '../common/locale';
import { conflict, notFound, badRequest } from '../common/errors';
import { recordAudit } from '../moderation/audit-log';
import { AuthUser, checkRoleGrant, Role, SCOPED_ROLES } from './roles';
import { User } from './user.entity';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function toAuthUser(user: User): AuthUser {
  return { id: user.id, email: user.email, roles: user.roles, associationId: user.associationId, locale: user.locale };
}

/** Owns the users table: accounts, password hashes and roles. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get users() {
    return this.dataSource.getRepository(User);
  }

  async create(input: { email: string; password: string; name: string; locale: Locale; roles: Role[] }): Promise<User> {
    const email = normalizeEmail(input.email);
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    // ON CONFLICT keeps two simultaneous registrations of one address from both succeeding.
    const inserted = await this.users
      .createQueryBuilder()
      .insert()
      .values({ email, passwordHash, name: input.name.trim(), locale: input.locale, roles: [...new Set(input.roles)] })
      .orIgnore()
      .returning('id')
      .execute();
    if (!inserted.raw.length) throw conflict('email_taken', 'An account with this e-mail already exists');
    return this.findById(inserted.raw[0].id);
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const user = await manager.findOne(User, { where: { id } });
    if (!user) throw notFound('User');
    return user;
  }

  /**
   * The signed-in user as guards see it, read on every authenticated request: one small
   * query without the ORM's entity building (the password hash is never read here).
   */
  async findAuthUser(id: string): Promise<AuthUser | null> {
    const rows: { id: string; email: string; roles: AuthUser['roles']; association_id: string | null; locale: AuthUser['locale'] }[] =
      await this.dataSource.query(`SELECT id, email, roles, association_id, locale FROM users WHERE id = $1`, [id]);
    const row = rows[0];
    return row ? { id: row.id, email: row.email, roles: row.roles, associationId: row.association_id, locale: row.locale } : null;
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length ? this.users.createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany() : Promise.resolve([]);
  }

  /** The user whose password matches, or null. Spends the same time when the e-mail is unknown. */
  async verifyCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: normalizeEmail(email) })
      .getOne();
    if (!user) {
      await argon2.verify(await this.dummyHash(), password).catch(() => false);
      return null;
    }
    return (await argon2.verify(user.passwordHash, password)) ? user : null;
  }

  private dummy?: Promise<string>;
  private dummyHash() {
    return (this.dummy ??= argon2.hash('not-a-real-password', { type: argon2.argon2id }));
  }

  /**
   * Adds roles (and the association that scoped roles act for), with its audit row.
   * Admin only, checked by the caller; `actorId` null is the system (the demo seed).
   */
  async grantRoles(actorId: string | null, userId: string, roles: Role[], associationId?: string | null): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User');
      const problem = checkRoleGrant(user, { roles, associationId });
      if (problem) throw badRequest('invalid_role_grant', problem.problem, [{ field: problem.field, problems: [problem.problem] }]);
      const before = roleState(user);
      user.roles = [...new Set([...user.roles, ...roles])];
      if (roles.some((r) => SCOPED_ROLES.includes(r))) user.associationId = associationId ?? null;
      if (sameRoles(before, user)) return user; // nothing granted: nothing to record
      const saved = await manager.save(user);
      await recordAudit(manager, {
        actorId,
        action: 'user.roles_granted',
        target: { type: 'user', id: user.id },
        associationId: user.associationId ?? before.associationId,
        before,
        after: roleState(saved),
        details: { granted: roles },
      });
      return saved;
    });
  }

  /** Removes a role, with its audit row; the association goes with the last scoped role. */
  async revokeRole(actorId: string | null, userId: string, role: Role): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User');
      const before = roleState(user);
      user.roles = user.roles.filter((r) => r !== role);
      if (!user.roles.some((r) => SCOPED_ROLES.includes(r))) user.associationId = null;
      if (sameRoles(before, user)) return user; // the user did not hold it
      const saved = await manager.save(user);
      await recordAudit(manager, {
        actorId,
        action: 'user.role_revoked',
        target: { type: 'user', id: user.id },
        associationId: before.associationId,
        before,
        after: roleState(saved),
        details: { revoked: role },
      });
      return saved;
    });
  }

  /** Creates the bootstrap admin once; an existing account with that e-mail is left as it is. */
  async ensureAdmin(email: string, password: string): Promise<void> {
    const existing = await this.users.findOne({ where: { email: normalizeEmail(email) } });
    if (existing) return;
    await this.create({ email, password, name: 'Administrator', locale: 'ru', roles: ['admin'] }).catch((error) => {
      if ((error as { code?: string }).code !== 'email_taken') throw error;
    });
    this.logger.log(`bootstrap admin ${normalizeEmail(email)} created`);
  }
}

const roleState = (user: Pick<User, 'roles' | 'associationId'>) => ({ roles: [...user.roles], associationId: user.associationId ?? null });

function sameRoles(before: ReturnType<typeof roleState>, user: Pick<User, 'roles' | 'associationId'>): boolean {
  const after = roleState(user);
  return after.associationId === before.associationId && after.roles.length === before.roles.length && after.roles.every((r) => before.roles.includes(r));
}
