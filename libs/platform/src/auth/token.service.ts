import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type Role } from '@egov-box/contracts';
import { AppConfig } from '../config/app-config.js';
import type { AccessTokenClaims, AuthUser } from './auth-user.js';

const ISSUER = 'egov-box';
const AUDIENCE = 'egov-box:api';

/** Signs and verifies access tokens; the one verification used by HTTP and sockets. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get issuer(): string {
    return ISSUER;
  }
  get audience(): string {
    return AUDIENCE;
  }

  signAccess(user: Omit<AuthUser, 'signInSessionId'>, signInSessionId: string): string {
    const claims: AccessTokenClaims = {
      sub: user.id,
      sid: signInSessionId,
      usr: user.username,
      name: user.displayName,
      roles: user.roles,
    };
    return this.jwt.sign(claims, {
      secret: this.config.jwtKey as never,
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  /** Verifies signature, algorithm, issuer, audience and expiry; null when anything is off. */
  verifyAccess(token: string): AuthUser | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims>(token, {
        secret: this.config.jwtKey as never,
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      return TokenService.toUser(claims);
    } catch {
      return null;
    }
  }

  static toUser(claims: Partial<AccessTokenClaims>): AuthUser | null {
    const { sub, sid, usr, name, roles } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof usr !== 'string' || !Array.isArray(roles)) {
      return null;
    }
    const known = roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    return { id: sub, signInSessionId: sid, username: usr, displayName: String(name ?? usr), roles: known };
  }
}
