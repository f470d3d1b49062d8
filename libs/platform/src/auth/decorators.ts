import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@egov-box/contracts';
import { rolesOf, type Permission } from '../access/permissions.js';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'egov:public';
export const REQUIRED_ROLES = 'egov:roles';

/** Opens a route to anonymous callers. Use only where the contract says so. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Requires a signed-in user and, when given, one of the roles. Every route that is not
 * `@Public()` is authenticated anyway (the guard denies by default); this decorator adds
 * the role check and documents both in OpenAPI. `permission`: the roles of that permission's
 * rule (`permissions.ts`), the same list its service's `requireAccess` checks.
 */
export function Authenticated(options: { roles?: readonly Role[]; permission?: Permission } = {}) {
  const decorators = [ApiBearerAuth(), ApiUnauthorizedResponse({ description: 'No valid access token' })];
  const roles = options.permission ? rolesOf(options.permission) : options.roles;
  if (roles?.length) {
    decorators.push(
      SetMetadata(REQUIRED_ROLES, roles),
      ApiForbiddenResponse({ description: `Needs one of the roles: ${roles.join(', ')}` }),
    );
  }
  return applyDecorators(...decorators);
}

/** The signed-in user of the request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<{ user: AuthUser }>();
  return request.user;
});
