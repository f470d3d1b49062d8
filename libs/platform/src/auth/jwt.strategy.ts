import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../config/app-config.js';
import { SignInSessionCheck, type AccessTokenClaims, type AuthUser } from './auth-user.js';
import { TokenService } from './token.service.js';
import { AuthErrors } from './auth.errors.js';

/** passport-jwt: a bearer access token whose session is still alive. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    tokens: TokenService,
    private readonly signInSessions: SignInSessionCheck,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtKey as never,
      algorithms: ['HS256'],
      issuer: tokens.issuer,
      audience: tokens.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser> {
    const user = TokenService.toUser(claims);
    if (!user) throw AuthErrors.invalidToken('The access token is not valid');
    if (!(await this.signInSessions.isActive(user.signInSessionId, user.id))) {
      throw AuthErrors.signInSessionEnded('The session has ended; sign in again');
    }
    return user;
  }
}
