import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { LoginResponse } from '@egov-box/contracts';
import {
  AppConfig,
  AppError,
  AuditService,
  Metrics,
  RateLimiter,
  TokenService,
  type AuthUser,
  AuthErrors,
} from '@egov-box/platform';
import type { AppUser } from '../entities/app-user.entity.js';
import { verifyAgainstDummy, verifyPassword } from '../users/password.js';
import { toUserView } from '../users/user-view.js';
import { UsersRepository } from '../users/users.repository.js';
import { DirectoryAccounts } from './directory-accounts.js';
import { LdapDirectory } from './ldap-directory.js';
import { DirectoryErrors } from '../directory.errors.js';
import { SignInSessionsEnded } from './sign-in-sessions-ended.js';

export interface ClientInfo {
  ip: string;
  userAgent?: string;
}

export interface IssuedSignInSession extends LoginResponse {
  refreshToken: string;
  refreshExpiresAt: Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Splits `<session id>.<secret>`; null for anything else. */
export function parseRefreshToken(token: unknown): { id: string; secret: string } | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{32,100})$/.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

/**
 * Sign-in, refresh rotation and sign-out. Failed sign-ins are counted per username and
 * per address; past the limit the caller gets 429 until the lockout ends.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly signInSessionsEnded: SignInSessionsEnded,
    private readonly metrics: Metrics,
    private readonly audit: AuditService,
    private readonly directory: LdapDirectory,
    private readonly directoryAccounts: DirectoryAccounts,
  ) {}

  /** Checks the password; throws 401/403/429. Used by the passport-local strategy. */
  async verifyCredentials(username: string, password: string, client: ClientInfo): Promise<AppUser> {
    const name = username.trim().toLowerCase();
    const { maxFailuresPerUser, maxFailuresPerAddress } = this.config.login;
    const [perUser, perAddress] = await Promise.all([
      this.limiter.peek(`login:user:${name}`),
      this.limiter.peek(`login:ip:${client.ip}`),
    ]);
    if (perUser.count >= maxFailuresPerUser || perAddress.count >= maxFailuresPerAddress) {
      this.logger.warn({ event: 'login_locked_out', username: name, ip: client.ip }, 'sign-in refused: locked out');
      await this.audit.record({ action: 'login_locked_out', targetType: 'username', targetId: name, ip: client.ip });
      throw AppError.tooMany(
        'Too many failed sign-ins; try again later',
        Math.max(perUser.retryAfterSeconds, perAddress.retryAfterSeconds, 1),
      );
    }
    const user = await this.users.findForLogin(name);
    // With a directory, everyone without a local account signs in through it; a local account
    // (the first administrator, demo accounts) keeps its portal password and is never looked
    // up in the directory, so a directory person with the same username cannot take it over.
    if (this.directory.enabled && (!user || user.authSource === 'directory')) {
      return this.verifyInDirectory(name, password, client);
    }
    // A directory account's hash is a marker no password matches (also when LDAP_URL is unset).
    const ok =
      user && user.authSource === 'local'
        ? await verifyPassword(user.passwordHash, password)
        : (await verifyAgainstDummy(password), false);
    if (!user || !ok) await this.failed(name, user?.id ?? null, client);
    if (user!.disabledAt) {
      throw DirectoryErrors.accountDisabled('This account is disabled');
    }
    await this.limiter.reset(`login:user:${name}`);
    return user!;
  }

  /**
   * The directory path: find the person with LDAP_USER_FILTER, bind as them with the password,
   * then create or refresh their portal account. Nobody matched (unknown, removed, disabled in the
   * directory) or a wrong password count as a failed sign-in like on the local path; a directory
   * that does not answer is 503 directory_unavailable and counts as nothing.
   */
  private async verifyInDirectory(name: string, password: string, client: ClientInfo): Promise<AppUser> {
    let person;
    try {
      person = await this.directory.find(name);
      if (person && !(await this.directory.checkPassword(person.dn, password))) person = null;
    } catch (err) {
      if (err instanceof AppError && err.code === 'directory_unavailable') {
        this.logger.warn({ event: 'login_directory_unavailable', username: name, ip: client.ip }, 'directory down');
        await this.audit.record({
          action: 'login_directory_unavailable',
          targetType: 'username',
          targetId: name,
          ip: client.ip,
        });
      }
      throw err;
    }
    if (!person) {
      const known = await this.users.findForLogin(name);
      return this.failed(name, known?.id ?? null, client);
    }
    const user = await this.directoryAccounts.signedIn(person, name, client.ip);
    if (user.disabledAt) {
      throw DirectoryErrors.accountDisabled('This account is disabled');
    }
    await this.limiter.reset(`login:user:${name}`);
    return user;
  }

  /** A failed sign-in: counted per username and per address, logged, audited; always 401. */
  private async failed(name: string, userId: string | null, client: ClientInfo): Promise<never> {
    const window = this.config.login.lockoutMinutes * 60;
    await Promise.all([
      this.limiter.hit(`login:user:${name}`, window),
      this.limiter.hit(`login:ip:${client.ip}`, window),
    ]);
    this.metrics.loginFailures.inc();
    this.logger.warn({ event: 'login_failed', username: name, ip: client.ip }, 'sign-in failed');
    await this.audit.record({
      actorId: userId,
      action: 'login_failed',
      targetType: 'username',
      targetId: name,
      ip: client.ip,
    });
    throw DirectoryErrors.invalidCredentials('Wrong username or password');
  }

  /** Starts a session for a verified user: access token and a new refresh token. */
  async startSignInSession(user: AppUser, client: ClientInfo): Promise<IssuedSignInSession> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.signInSessionMaxHours * 3600_000);
    await this.users.insertSignInSession({
      id,
      userId: user.id,
      tokenHash: sha256(secret),
      lastUsedAt: now,
      expiresAt,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip,
    });
    this.logger.log({ event: 'login', userId: user.id, sessionId: id, ip: client.ip }, 'signed in');
    await this.audit.record({ actorId: user.id, action: 'login', targetType: 'session', targetId: id, ip: client.ip });
    return this.issue(user, id, secret, expiresAt);
  }

  /** Rotates the refresh token. A token used twice ends the whole session (theft). */
  async refresh(token: unknown): Promise<IssuedSignInSession> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw AuthErrors.signInSessionEnded('No valid refresh token');
    const signInSession = await this.users.findSignInSession(parsed.id);
    const now = new Date();
    if (
      !signInSession ||
      signInSession.revokedAt ||
      signInSession.expiresAt <= now ||
      !signInSession.user ||
      signInSession.user.disabledAt
    ) {
      throw AuthErrors.signInSessionEnded('The session has ended; sign in again');
    }
    const idleLimit = signInSession.lastUsedAt.getTime() + this.config.signInSessionIdleMinutes * 60_000;
    if (idleLimit <= now.getTime()) {
      await this.users.revokeSignInSession(signInSession.id, 'idle');
      // Its access token may still be within its lifetime: refused from now on, everywhere.
      await this.signInSessionsEnded.announce({ sessions: [signInSession.id], reason: 'expired' });
      throw AuthErrors.signInSessionEnded('The session was idle too long; sign in again');
    }
    const presented = sha256(parsed.secret);
    const matches = timingSafeEqual(Buffer.from(presented), Buffer.from(signInSession.tokenHash));
    const newSecret = randomBytes(32).toString('base64url');
    if (!matches || !(await this.users.rotateSignInSession(signInSession.id, presented, sha256(newSecret), now))) {
      await this.users.revokeSignInSession(signInSession.id, 'refresh_reused');
      await this.signInSessionsEnded.announce({ sessions: [signInSession.id], reason: 'revoked' });
      this.logger.warn(
        { event: 'refresh_reused', userId: signInSession.userId, sessionId: signInSession.id },
        'refresh token reused',
      );
      await this.audit.record({
        actorId: signInSession.userId,
        action: 'refresh_reused',
        targetType: 'session',
        targetId: signInSession.id,
      });
      throw DirectoryErrors.refreshReused('This refresh token was already used; sign in again');
    }
    return this.issue(signInSession.user, signInSession.id, newSecret, signInSession.expiresAt);
  }

  /** Ends the session of the refresh token or of the access token, whichever is given. */
  async logout(refreshToken: unknown, user?: AuthUser): Promise<void> {
    const parsed = parseRefreshToken(refreshToken);
    const ids = new Set<string>();
    if (parsed) {
      const signInSession = await this.users.findSignInSession(parsed.id);
      const presented = sha256(parsed.secret);
      if (signInSession && timingSafeEqual(Buffer.from(presented), Buffer.from(signInSession.tokenHash)))
        ids.add(signInSession.id);
    }
    if (user) ids.add(user.signInSessionId);
    for (const id of ids) {
      await this.users.revokeSignInSession(id, 'logout');
      await this.signInSessionsEnded.announce({ sessions: [id], reason: 'logout' });
      await this.audit.record({ actorId: user?.id ?? null, action: 'logout', targetType: 'session', targetId: id });
    }
  }

  private issue(user: AppUser, signInSessionId: string, secret: string, expiresAt: Date): IssuedSignInSession {
    const view = toUserView(user);
    return {
      accessToken: this.tokens.signAccess(
        { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles },
        signInSessionId,
      ),
      expiresIn: this.config.accessTokenTtlSeconds,
      user: view,
      refreshToken: `${signInSessionId}.${secret}`,
      refreshExpiresAt: expiresAt,
    };
  }
}
