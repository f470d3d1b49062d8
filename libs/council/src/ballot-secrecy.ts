import { createHmac, randomBytes, randomInt } from 'node:crypto';

/**
 * How a secret ballot stays secret — one rule for secret votes and for election rounds.
 *
 * While the vote is open a ballot row carries `voter_key` = HMAC-SHA-256(the vote's random key,
 * member id), so a member's new choice replaces the old one and nothing else can find it; at the
 * close the key is destroyed and the ballots are written anew without keys, with new ids, in a
 * random order ({@link shuffled}) — nothing is left that leads from a ballot to a voter.
 */
export const newBallotKey = (): string => randomBytes(32).toString('base64');

/** The key of a member's ballot under a vote's key (while it is open). */
export const voterKey = (secretKey: string, memberId: string): string =>
  createHmac('sha256', Buffer.from(secretKey, 'base64')).update(memberId).digest('base64url');

/** A copy of `items` in a uniformly random order (Fisher–Yates with the crypto RNG). */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
