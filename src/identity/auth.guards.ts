import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { AuthUser, hasRole, Role } from './roles';

/**
 * Global: every route needs a valid access token unless marked @Public(). On public
 * routes a token, when present and valid, still identifies the caller (owners see
 * their own drafts); an invalid one is ignored there.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (!isPublic) return (await super.canActivate(context)) as boolean;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    if (!request.headers.authorization) return true;
    try {
      await super.canActivate(context);
    } catch {
      // anonymous on a public route
    }
    return true;
  }

  override handleRequest<T = AuthUser>(error: unknown, user: T | false): T {
    if (error || !user) {
      throw new UnauthorizedException({ error: 'unauthorized', message: 'A valid access token is required' });
    }
    return user;
  }
}

/** Global: enforces @Roles(...) — 403 when the caller holds none of them. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw new UnauthorizedException({ error: 'unauthorized', message: 'A valid access token is required' });
    if (!hasRole(user, ...roles)) {
      throw new ForbiddenException({ error: 'forbidden', message: `This needs one of the roles: ${roles.join(', ')}` });
    }
    return true;
  }
}
