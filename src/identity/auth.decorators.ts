import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthUser, Role } from './roles';

export const IS_PUBLIC = 'sheber:public';
export const REQUIRED_ROLES = 'sheber:roles';

/** Anyone may call this route; a valid token, if sent, still identifies the caller. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser | undefined => ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user,
);
