import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { LoginRequestSchema } from '@egov-box/contracts';
import { CommonErrors } from '@egov-box/platform';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import type { AppUser } from '../entities/app-user.entity.js';
import { AuthService } from './auth.service.js';

/** passport-local: username and password against the argon2id hash. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: FastifyRequest, username: string, password: string): Promise<AppUser> {
    // The guard already validated the body; this re-check keeps the strategy safe alone.
    if (!LoginRequestSchema.safeParse({ username, password }).success) {
      throw CommonErrors.validationFailed('username and password are required');
    }
    return this.auth.verifyCredentials(username, password, {
      ip: req.ip,
      userAgent: req.headers['user-agent'],
    });
  }
}
