import type { Role } from '@egov-box/contracts';

/** The signed-in person behind a request or socket. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** The sign-in session this access token belongs to. */
  signInSessionId: string;
}

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  usr: string;
  name: string;
  roles: Role[];
}

/**
 * Implemented by the directory: tells whether a session is still alive (not revoked,
 * not expired, user not disabled). Checked on every request and socket handshake so
 * that logout and disabling take effect at once.
 */
export abstract class SignInSessionCheck {
  abstract isActive(signInSessionId: string, userId: string): Promise<boolean>;
  /** Which of these sessions are still alive (one query, for the sweep of open sockets). */
  abstract activeSignInSessions(signInSessionIds: string[]): Promise<Set<string>>;
}
