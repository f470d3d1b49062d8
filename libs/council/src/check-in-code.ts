import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The chamber's check-in code: outside a remote sitting (ЗМСМА чл. 28а) members take part in the
 * chamber, so a member's own check-in needs the short code shown there. It is a time-based code
 * (as RFC 6238, TOTP): an HMAC-SHA-256 of the sitting's own secret and the number of the current
 * 30-second step, cut to six digits. The current step's code and the previous one's are accepted
 * (a member reading it just as it changes is not refused); anything older is stale.
 */
export const CHECK_IN_STEP_SECONDS = 30;
export const CHECK_IN_CODE_DIGITS = 6;

/** A new per-sitting secret (base64, 32 random bytes). */
export const newCheckInSecret = (): string => randomBytes(32).toString('base64');

/** The number of the 30-second step `at` falls in. */
export const checkInStep = (at: Date | number): number =>
  Math.floor((typeof at === 'number' ? at : at.getTime()) / 1000 / CHECK_IN_STEP_SECONDS);

/** The code of one step (six digits, leading zeros kept). */
export function checkInCodeAt(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha256', Buffer.from(secret, 'base64')).update(counter).digest();
  // RFC 4226's dynamic truncation: four bytes at the offset the last nibble names.
  const offset = mac[mac.length - 1]! & 0x0f;
  const n = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(n % 10 ** CHECK_IN_CODE_DIGITS).padStart(CHECK_IN_CODE_DIGITS, '0');
}

/** What the clerk and the chair see: the code now and when it changes. */
export function currentCheckInCode(secret: string, now: Date): { code: string; step: number; validUntil: Date } {
  const step = checkInStep(now);
  return {
    code: checkInCodeAt(secret, step),
    step,
    validUntil: new Date((step + 1) * CHECK_IN_STEP_SECONDS * 1000),
  };
}

/** Whether `code` is the current step's code or the previous one's (compared in constant time). */
export function checkInCodeValid(secret: string, code: string, now: Date): boolean {
  const given = Buffer.from(code);
  const step = checkInStep(now);
  let ok = false;
  for (const s of [step, step - 1]) {
    const want = Buffer.from(checkInCodeAt(secret, s));
    if (want.length === given.length && timingSafeEqual(want, given)) ok = true;
  }
  return ok;
}
