import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '@egov-box/contracts';
import {
  ADMIN_ROLES,
  CHAIR_ROLES,
  CLERK_OR_ADMIN_ROLES,
  CORRECTION_REQUESTER_ROLES,
  COUNCILLOR_OR_CLERK_ROLES,
  COUNCILLOR_ROLES,
  DECISIONS_READER_ROLES,
  MINUTES_READER_ROLES,
  MINUTE_TAKER_ROLES,
  mayTakeMinutes,
} from './roles.js';

/** What a holder of one role alone may do, by rule: a changed rule or a new role fails here. */
const RULES = {
  ADMIN_ROLES: (r: Role) => ADMIN_ROLES.includes(r),
  CLERK_OR_ADMIN_ROLES: (r: Role) => CLERK_OR_ADMIN_ROLES.includes(r),
  COUNCILLOR_ROLES: (r: Role) => COUNCILLOR_ROLES.includes(r),
  CHAIR_ROLES: (r: Role) => CHAIR_ROLES.includes(r),
  COUNCILLOR_OR_CLERK_ROLES: (r: Role) => COUNCILLOR_OR_CLERK_ROLES.includes(r),
  DECISIONS_READER_ROLES: (r: Role) => DECISIONS_READER_ROLES.includes(r),
  MINUTES_READER_ROLES: (r: Role) => MINUTES_READER_ROLES.includes(r),
  CORRECTION_REQUESTER_ROLES: (r: Role) => CORRECTION_REQUESTER_ROLES.includes(r),
  mayTakeMinutes: (r: Role) => mayTakeMinutes({ roles: [r] }),
  MINUTE_TAKER_ROLES: (r: Role) => MINUTE_TAKER_ROLES.includes(r),
} as const;

type Row = Record<keyof typeof RULES, boolean>;
const Y = true;
const N = false;

// prettier-ignore
const TABLE: Record<Role, Row> = {
  //              ADMIN CLERK_OR_ADMIN COUNCILLOR CHAIR COUNCILLOR_OR_CLERK DECISIONS_READER MINUTES_READER CORRECTION_REQUESTER mayTakeMinutes MINUTE_TAKER
  admin:         { ADMIN_ROLES: Y, CLERK_OR_ADMIN_ROLES: Y, COUNCILLOR_ROLES: N, CHAIR_ROLES: N, COUNCILLOR_OR_CLERK_ROLES: Y, DECISIONS_READER_ROLES: Y, MINUTES_READER_ROLES: Y, CORRECTION_REQUESTER_ROLES: N, mayTakeMinutes: Y, MINUTE_TAKER_ROLES: Y },
  clerk:         { ADMIN_ROLES: N, CLERK_OR_ADMIN_ROLES: Y, COUNCILLOR_ROLES: N, CHAIR_ROLES: N, COUNCILLOR_OR_CLERK_ROLES: Y, DECISIONS_READER_ROLES: Y, MINUTES_READER_ROLES: Y, CORRECTION_REQUESTER_ROLES: N, mayTakeMinutes: Y, MINUTE_TAKER_ROLES: Y },
  councillor:    { ADMIN_ROLES: N, CLERK_OR_ADMIN_ROLES: N, COUNCILLOR_ROLES: Y, CHAIR_ROLES: Y, COUNCILLOR_OR_CLERK_ROLES: Y, DECISIONS_READER_ROLES: Y, MINUTES_READER_ROLES: Y, CORRECTION_REQUESTER_ROLES: Y, mayTakeMinutes: N, MINUTE_TAKER_ROLES: N },
  council_chair: { ADMIN_ROLES: N, CLERK_OR_ADMIN_ROLES: N, COUNCILLOR_ROLES: N, CHAIR_ROLES: Y, COUNCILLOR_OR_CLERK_ROLES: N, DECISIONS_READER_ROLES: Y, MINUTES_READER_ROLES: Y, CORRECTION_REQUESTER_ROLES: Y, mayTakeMinutes: N, MINUTE_TAKER_ROLES: N },
  staff:         { ADMIN_ROLES: N, CLERK_OR_ADMIN_ROLES: N, COUNCILLOR_ROLES: N, CHAIR_ROLES: N, COUNCILLOR_OR_CLERK_ROLES: N, DECISIONS_READER_ROLES: N, MINUTES_READER_ROLES: Y, CORRECTION_REQUESTER_ROLES: N, mayTakeMinutes: Y, MINUTE_TAKER_ROLES: Y },
};

describe('role rules', () => {
  it('has a row for every role', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ROLES].sort());
  });

  const cases = ROLES.flatMap((role) =>
    (Object.keys(RULES) as (keyof typeof RULES)[]).map((rule) => [role, rule, TABLE[role][rule]] as const),
  );
  it.each(cases)('%s: %s → %s', (role, rule, allowed) => {
    expect(RULES[rule](role)).toBe(allowed);
  });

  it('gives nothing to a user without roles and counts any role held', () => {
    expect(mayTakeMinutes({ roles: [] })).toBe(false);
    expect(mayTakeMinutes({ roles: ['councillor', 'clerk'] })).toBe(true);
  });

  it('keeps the order the routes document (the OpenAPI 403 text lists them)', () => {
    expect(CLERK_OR_ADMIN_ROLES).toEqual(['clerk', 'admin']);
    expect(CHAIR_ROLES).toEqual(['council_chair', 'councillor']);
    expect(COUNCILLOR_OR_CLERK_ROLES).toEqual(['councillor', 'clerk', 'admin']);
    expect(DECISIONS_READER_ROLES).toEqual(['councillor', 'council_chair', 'clerk', 'admin']);
    expect(MINUTES_READER_ROLES).toEqual(['clerk', 'admin', 'council_chair', 'councillor', 'staff']);
    expect(CORRECTION_REQUESTER_ROLES).toEqual(['councillor', 'council_chair']);
  });
});
