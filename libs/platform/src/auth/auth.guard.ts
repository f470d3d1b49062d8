import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportGuard } from '@nestjs/passport';
import type { Role } from '@egov-box/contracts';
import { roleRefusal } from '../access/access.service.js';
import { AppError } from '../errors/app-error.js';
import type { AuthUser } from './auth-user.js';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators.js';
import { AuthErrors } from './auth.errors.js';
import { JwtStrategy } from './jwt.strategy.js';
import { VerifiedTokens, bearerToken } from './verified-tokens.js';

/**
 * The global guard: every HTTP route needs a valid access token unless it is marked
 * `@Public()`; `@Authenticated({ roles })` adds a role check. Deny by default.
 */
@Injectable()
export class GlobalAuthGuard extends PassportGuard('jwt') {
  /** Tokens verified before (see `VerifiedTokens`): their session is still checked every time. */
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtStrategy,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined>; user?: AuthUser }>();
    const token = bearerToken(request.headers.authorization);
    const claims = token ? this.verified.claims(token) : undefined;
    if (claims) {
      // Verified before and not expired: what passport would do next (the session's check).
      request.user = await this.jwt.validate(claims);
    } else {
      await (super.canActivate(context) as Promise<boolean>);
      if (token) this.verified.remember(token);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length) {
      const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
      if (!user.roles.some((r) => roles.includes(r))) {
        throw roleRefusal(roles);
      }
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err) throw err;
    if (!user) {
      const name = (info as { name?: string } | undefined)?.name;
      if (name === 'TokenExpiredError') throw AuthErrors.tokenExpired('The access token has expired');
      if (name === 'JsonWebTokenError' || name === 'NotBeforeError') {
        throw AuthErrors.invalidToken('The access token is not valid');
      }
      throw AppError.unauthenticated();
    }
    return user;
  }
}
