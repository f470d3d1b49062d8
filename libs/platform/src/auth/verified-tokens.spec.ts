import { VerifiedTokens, bearerToken } from './verified-tokens.js';

/** A token-shaped string whose payload is `claims` (the signature is not looked at here). */
const token = (claims: Record<string, unknown>, tag = 'sig') =>
  `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${tag}`;

describe('VerifiedTokens', () => {
  const claims = { sub: 'u1', sid: 's1', usr: 'servant01', name: 'Служител', roles: ['employee'], exp: 1_000 };

  it('answers only for a token it was given, until the clock reaches its exp', () => {
    let now = 998;
    const tokens = new VerifiedTokens(10, () => now);
    const t = token(claims);
    expect(tokens.claims(t)).toBeUndefined();
    tokens.remember(t);
    expect(tokens.claims(t)).toMatchObject({ sub: 'u1', sid: 's1', roles: ['employee'] });
    now = 999;
    expect(tokens.claims(t)).toBeDefined();
    now = 1_000;
    expect(tokens.claims(t)).toBeUndefined();
    expect(tokens.size).toBe(0);
    // Another string with the same payload (another signature) is another token.
    tokens.remember(token(claims, 'other'));
    now = 500;
    expect(tokens.claims(t)).toBeUndefined();
  });

  it('forgets the oldest when full, and never takes what has no exp or is not a token', () => {
    const tokens = new VerifiedTokens(2, () => 0);
    const [a, b, c] = ['a', 'b', 'c'].map((tag) => token(claims, tag));
    tokens.remember(a!);
    tokens.remember(b!);
    tokens.remember(c!);
    expect([tokens.claims(a!), tokens.claims(b!), tokens.claims(c!)].map(Boolean)).toEqual([false, true, true]);
    const { exp: _exp, ...noExp } = claims;
    tokens.remember(token(noExp, 'd'));
    tokens.remember('not a token');
    tokens.remember('a.%%%.b');
    expect(tokens.size).toBe(2);
  });

  it('reads the bearer token as the header carries it, and nothing else', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken(['Bearer a'])).toBeUndefined();
  });
});
