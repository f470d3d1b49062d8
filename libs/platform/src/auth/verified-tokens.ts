import type { AccessTokenClaims } from './auth-user.js';

interface Verified {
  claims: AccessTokenClaims;
  /** The token's `exp`, in seconds since the epoch. */
  exp: number;
}

/**
 * Access tokens this process has already verified (signature, algorithm, issuer, audience,
 * expiry), remembered until they expire. A token is a signed string: once its signature is
 * good it stays good, so checking it again on every request only repeats the HMAC, the JSON
 * parse and passport's machinery (about a tenth of `GET /api/me`'s CPU). What can change
 * between two requests is checked every time all the same: the expiry here, and whether the
 * session is alive (`JwtStrategy.validate`, the same call as on first use), so a logout, a
 * revoked session or a disabled user is refused at once as before.
 *
 * Bounded: at most `limit` tokens; the oldest remembered is forgotten first. Only a token that
 * passed the full verification is ever remembered, so nobody can fill it without signing in.
 */
export class VerifiedTokens {
  private readonly tokens = new Map<string, Verified>();

  constructor(
    private readonly limit = 10_000,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** The claims of a token verified before and not expired since; undefined otherwise. */
  claims(token: string): AccessTokenClaims | undefined {
    const known = this.tokens.get(token);
    if (!known) return undefined;
    // As jsonwebtoken: expired once the clock reaches `exp`.
    if (this.nowSeconds() >= known.exp) {
      this.tokens.delete(token);
      return undefined;
    }
    return known.claims;
  }

  /** Remembers a token that has just passed the full verification. */
  remember(token: string): void {
    if (this.tokens.has(token)) return;
    let payload: (AccessTokenClaims & { exp?: unknown }) | undefined;
    try {
      payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as typeof payload;
    } catch {
      return;
    }
    if (!payload || typeof payload.exp !== 'number') return;
    if (this.tokens.size >= this.limit) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(token, { claims: payload, exp: payload.exp });
  }

  get size(): number {
    return this.tokens.size;
  }
}

/** The bearer token of an `Authorization` header, as passport-jwt extracts it. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
