import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '@egov-box/contracts';
import type { AuthUser } from '@egov-box/platform';
import { actsAsChair, assertSittingVisible, maySeeSitting, seesDrafts } from './council-access.js';

const user = (roles: Role[], id = 'u1'): AuthUser => ({
  id,
  username: id,
  displayName: id,
  roles,
  signInSessionId: 's',
});

/** Who sees a sitting still in draft, by role: the clerks and the council's chair alone. */
const SEES_DRAFTS: Record<Role, boolean> = {
  admin: true,
  clerk: true,
  council_chair: true,
  councillor: false,
  staff: false,
};

describe('the draft rule', () => {
  it('has a row for every role', () => {
    expect(Object.keys(SEES_DRAFTS).sort()).toEqual([...ROLES].sort());
  });

  it.each(ROLES.map((r) => [r, SEES_DRAFTS[r]] as const))('%s sees drafts: %s', (role, allowed) => {
    expect(seesDrafts(user([role]))).toBe(allowed);
    expect(maySeeSitting(user([role]), { status: 'draft' })).toBe(allowed);
    if (allowed) expect(() => assertSittingVisible(user([role]), { status: 'draft' })).not.toThrow();
    else expect(() => assertSittingVisible(user([role]), { status: 'draft' })).toThrow('Council session');
  });

  it.each(['published', 'open', 'paused', 'closed'] as const)('anyone sees a %s sitting', (status) => {
    expect(maySeeSitting(null, { status })).toBe(true);
    for (const r of ROLES) expect(maySeeSitting(user([r]), { status })).toBe(true);
  });

  it('hides a draft from anyone on the public routes, and a missing sitting from all, as not found', () => {
    expect(maySeeSitting(null, { status: 'draft' })).toBe(false);
    expect(() => assertSittingVisible(null, { status: 'draft' }, 'Material')).toThrow('Material');
    expect(() => assertSittingVisible(user(['admin']), null)).toThrow('Council session');
    expect(() => assertSittingVisible(user(['admin']), undefined)).toThrow('Council session');
  });
});

describe('actsAsChair', () => {
  const council = { kind: 'council' as const, chairId: null };
  const committee = { kind: 'committee' as const, chairId: 'u1' };
  it('is the council_chair for any body, and a committee’s own chair for that committee', () => {
    expect(actsAsChair(user(['council_chair'], 'u9'), council)).toBe(true);
    expect(actsAsChair(user(['council_chair'], 'u9'), committee)).toBe(true);
    expect(actsAsChair(user(['councillor'], 'u1'), committee)).toBe(true);
    expect(actsAsChair(user(['councillor'], 'u1'), council)).toBe(false);
    expect(actsAsChair(user(['councillor'], 'u2'), committee)).toBe(false);
    expect(actsAsChair(user(['clerk', 'admin'], 'u2'), committee)).toBe(false);
  });
});
