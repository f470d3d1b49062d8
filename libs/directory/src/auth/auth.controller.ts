import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AdminUserViewSchema, LoginRequestSchema, LoginResponseSchema } from '@egov-box/contracts';
import {
  Answers,
  AppConfig,
  Authenticated,
  type AuthUser,
  CurrentUser,
  openApiSchema,
  Public,
  TokenService,
} from '@egov-box/platform';
import type {} from '@fastify/cookie'; // its types add cookies to Fastify's request/reply
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppUser } from '../entities/app-user.entity.js';
import { UsersService } from '../users/users.service.js';
import { AuthService, type IssuedSignInSession } from './auth.service.js';
import { LocalAuthGuard } from './local-auth.guard.js';

export const REFRESH_COOKIE = 'egov_refresh';
const COOKIE_PATH = '/api/auth';
/**
 * A harmless companion of the refresh cookie that scripts may read: "a session may exist in
 * this browser". It holds no token, lives no longer than the session could be refreshed (the
 * idle limit, capped by the session's end) and is cleared with the refresh cookie, so the web
 * client asks for a refresh on load only when one can succeed — a signed-out visit makes no
 * request that is bound to fail.
 */
export const SESSION_HINT_COOKIE = 'egov_session';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {}

  @Post('login')
  @Answers(LoginResponseSchema)
  @Public()
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Sign in; returns an access token and sets the refresh cookie' })
  @ApiBody({ schema: openApiSchema(LoginRequestSchema) as never })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins (temporary lockout)' })
  async login(@Req() req: FastifyRequest & { user: AppUser }, @Res({ passthrough: true }) reply: FastifyReply) {
    const issued = await this.auth.startSignInSession(req.user, { ip: req.ip, userAgent: req.headers['user-agent'] });
    return this.answer(issued, reply);
  }

  @Post('refresh')
  @Answers(LoginResponseSchema)
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'New access token from the refresh cookie; the cookie is rotated' })
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return this.answer(await this.auth.refresh(req.cookies[REFRESH_COOKIE]), reply);
    } catch (err) {
      this.clearCookie(reply);
      throw err;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session (refresh cookie and/or bearer token); its sockets are dropped' })
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const user = bearer ? (this.tokens.verifyAccess(bearer) ?? undefined) : undefined;
    await this.auth.logout(req.cookies[REFRESH_COOKIE], user);
    this.clearCookie(reply);
  }

  private answer(issued: IssuedSignInSession, reply: FastifyReply) {
    void reply.setCookie(REFRESH_COOKIE, issued.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.cookieSecure,
      path: COOKIE_PATH,
      expires: issued.refreshExpiresAt,
    });
    const refreshableMs = Math.min(
      issued.refreshExpiresAt.getTime() - Date.now(),
      this.config.signInSessionIdleMinutes * 60_000,
    );
    void reply.setCookie(SESSION_HINT_COOKIE, '1', {
      httpOnly: false,
      sameSite: 'strict',
      secure: this.config.cookieSecure,
      path: '/',
      // Relative, so a browser whose clock is off keeps it as long as the server means.
      maxAge: Math.max(0, Math.floor(refreshableMs / 1000)),
    });
    void reply.header('cache-control', 'no-store');
    return { accessToken: issued.accessToken, expiresIn: issued.expiresIn, user: issued.user };
  }

  private clearCookie(reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.cookieSecure,
    });
    void reply.clearCookie(SESSION_HINT_COOKIE, { path: '/', sameSite: 'strict', secure: this.config.cookieSecure });
  }
}

@ApiTags('auth')
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Answers(AdminUserViewSchema)
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user' })
  me(@CurrentUser() user: AuthUser) {
    return this.users.me(user);
  }
}
