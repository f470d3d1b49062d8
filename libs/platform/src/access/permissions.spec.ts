import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '@egov-box/contracts';
import { AppError } from '../errors/app-error.js';
import { AccessService } from './access.service.js';
import {
  ACCESS_CHECKS,
  PERMISSIONS,
  PERMISSION_NAMES,
  actsOnAnyObject,
  mayTry,
  ruleOf,
  type Permission,
} from './permissions.js';

const Y = true;
const N = false;

/**
 * Who may try each permission, by role alone (a holder of that one role): a changed rule, a
 * new permission or a new role fails here. `any`: the roles that pass its object check for
 * every object (clerks and administrators on meetings…).
 */
// prettier-ignore
const TABLE: Record<Permission, { roles: Record<Role, boolean>; any: Role[] }> = {
  //                  admin  clerk  councillor  council_chair  staff
  'metrics.read':    { roles: { admin: Y, clerk: N, councillor: N, council_chair: N, staff: N }, any: [] },
  'audit.read':      { roles: { admin: Y, clerk: N, councillor: N, council_chair: N, staff: N }, any: [] },
  'backup.create':   { roles: { admin: Y, clerk: N, councillor: N, council_chair: N, staff: N }, any: [] },
  'user.manage':     { roles: { admin: Y, clerk: N, councillor: N, council_chair: N, staff: N }, any: [] },
  'hall.read':       { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'hall.manage':     { roles: { admin: Y, clerk: N, councillor: N, council_chair: N, staff: N }, any: [] },
  'hall.book':       { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin'] },
  'meeting.listOwn': { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'meeting.read':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin'] },
  'meeting.update':  { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin'] },
  'meeting.cancel':  { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin'] },
  'meeting.respond': { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'meeting.join':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'meeting.approve': { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'people.read':     { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'presence.setOwn': { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'room.manageOwn':  { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'space.read':      { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'room.watch':      { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'room.join':       { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['admin'] },
  'room.moderate':   { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['admin'] },
  'room.knock':      { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'knock.find':      { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'knock.answer':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'availability.manageOwn': { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'availability.read': { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'oneOnOne.request': { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'oneOnOne.read':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'oneOnOne.respond': { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'oneOnOne.cancel':  { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'council.body.read':      { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'council.body.manage':    { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.body.configure': { roles: { admin: Y, clerk: N, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.mandate.read':   { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'council.mandate.create': { roles: { admin: Y, clerk: N, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.seat.manage':    { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.sitting.read':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin', 'council_chair'] },
  'council.sitting.prepare': { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.sitting.publish': { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.sitting.chair':   { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: ['council_chair'] },
  'council.attendance.record':       { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: N, staff: N }, any: [] },
  'council.attendance.recordOthers': { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.conflict.declare':        { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: N, staff: N }, any: [] },
  'council.conflict.record':         { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.vote.find':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'council.vote.read':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin', 'council_chair'] },
  'council.vote.open':    { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: [] },
  'council.vote.close':   { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: ['council_chair'] },
  'council.vote.cast':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: N, staff: N }, any: [] },
  'council.vote.castOwn': { roles: { admin: N, clerk: N, councillor: Y, council_chair: N, staff: N }, any: [] },
  'council.vote.castFor': { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.floor.request':  { roles: { admin: N, clerk: N, councillor: Y, council_chair: N, staff: N }, any: [] },
  'council.speaker.find':   { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'council.speaker.read':   { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin', 'council_chair'] },
  'council.floor.give':     { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: ['council_chair'] },
  'council.floor.order':    { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: ['council_chair'] },
  'council.floor.withdraw': { roles: { admin: N, clerk: N, councillor: Y, council_chair: N, staff: N }, any: ['council_chair'] },
  'council.minutes.read':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin', 'council_chair'] },
  'council.minutes.correct': { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: [] },
  'council.minutes.sign':    { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'council.minutes.manage':  { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.decision.read':     { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: N }, any: [] },
  'council.decision.dispatch': { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.election.find':   { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: [] },
  'council.election.read':   { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin', 'council_chair'] },
  'council.election.open':   { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: [] },
  'council.election.chair':  { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: ['council_chair'] },
  'council.election.vote':   { roles: { admin: N, clerk: N, councillor: Y, council_chair: N, staff: N }, any: [] },
  'council.election.paper':  { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.item.propose':    { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: ['council_chair'] },
  'council.checkIn.readCode': { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: N }, any: ['clerk', 'admin', 'council_chair'] },
  'council.member.identify':  { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.display.manage':   { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.display.revoke':   { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.closedDoor.record': { roles: { admin: Y, clerk: Y, councillor: N, council_chair: N, staff: N }, any: [] },
  'council.video.join':   { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin', 'council_chair'] },
  'council.video.mute':   { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: ['council_chair'] },
  'council.video.remove': { roles: { admin: N, clerk: N, councillor: Y, council_chair: Y, staff: N }, any: ['council_chair'] },
  'council.material.read':   { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: Y }, any: ['clerk', 'admin', 'council_chair'] },
  'council.material.upload': { roles: { admin: Y, clerk: Y, councillor: Y, council_chair: Y, staff: N }, any: ['clerk', 'admin'] },
};

describe('the permission vocabulary', () => {
  it('has a row for every permission and a column for every role', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...PERMISSION_NAMES].sort());
    for (const row of Object.values(TABLE)) expect(Object.keys(row.roles).sort()).toEqual([...ROLES].sort());
  });

  const cases = PERMISSION_NAMES.flatMap((p) => ROLES.map((role) => [p, role, TABLE[p].roles[role]] as const));
  it.each(cases)('%s by a %s → %s', (permission, role, allowed) => {
    expect(mayTry({ roles: [role] }, permission)).toBe(allowed);
  });

  it.each(PERMISSION_NAMES)('%s: the roles that act on any object', (permission) => {
    expect(ROLES.filter((role) => actsOnAnyObject({ roles: [role] }, permission)).sort()).toEqual(
      [...TABLE[permission].any].sort(),
    );
  });

  it('gives nothing role-restricted to a user without roles', () => {
    expect(PERMISSION_NAMES.filter((p) => mayTry({ roles: [] }, p))).toEqual(
      PERMISSION_NAMES.filter((p) => PERMISSIONS[p].roles === 'signed-in'),
    );
  });

  it('names only known checks, with a refusal for each, and uses every check', () => {
    const used = new Set<string>();
    for (const p of PERMISSION_NAMES) {
      const rule = ruleOf(p);
      if (rule.check) {
        used.add(rule.check);
        expect(rule.denied).toBeDefined();
      }
      if (rule.after) expect(PERMISSION_NAMES).toContain(rule.after);
    }
    expect([...used].sort()).toEqual([...ACCESS_CHECKS].sort());
  });
});

describe('requireAccess', () => {
  const clerk = { id: 'c', roles: ['clerk'] as Role[] };
  const councillor = { id: 'u', roles: ['councillor'] as Role[] };
  const calls: string[] = [];
  const access = new AccessService();
  access.provide('meeting.visible', async (actor, ids, any) => {
    calls.push(`visible ${ids.join(',')} ${any}`);
    return new Set(ids.filter((id) => id !== 'gone' && (any || id.startsWith(actor.id))));
  });
  access.provide('meeting.organizer', async (actor, ids, any) => {
    calls.push(`organizer ${ids.join(',')} ${any}`);
    return new Set(ids.filter((id) => any || id === `${actor.id}-own`));
  });
  access.provide('meeting.exists', async (_actor, ids) => new Set(ids.filter((id) => id !== 'gone')));

  const refusal = async (work: Promise<void>) => {
    try {
      await work;
      return null;
    } catch (err) {
      const e = err as AppError;
      return `${e.getStatus()} ${e.code} ${e.message}`;
    }
  };

  it('refuses a role first, with the guard’s words, before looking at any object', async () => {
    calls.length = 0;
    expect(await refusal(access.requireAccess(councillor, 'meeting.approve', 'gone'))).toBe(
      '403 forbidden Needs one of the roles: clerk, admin',
    );
    expect(calls).toEqual([]);
  });

  it('refuses a refinement no route guards with its own words, still before any object', async () => {
    calls.length = 0;
    expect(await refusal(access.requireAccess(councillor, 'council.attendance.recordOthers', 'gone'))).toBe(
      '403 forbidden Only the clerk registers other members',
    );
    expect(calls).toEqual([]);
  });

  it('answers 404 for what the actor may not see before 403 for what they may not change', async () => {
    expect(await refusal(access.requireAccess(councillor, 'meeting.update', 'other'))).toBe(
      '404 not_found Meeting not found',
    );
    expect(await refusal(access.requireAccess(councillor, 'meeting.update', 'u-invited'))).toBe(
      '403 forbidden Only the organizer, a clerk or an administrator may do this',
    );
    expect(await refusal(access.requireAccess(councillor, 'meeting.update', 'u-own'))).toBeNull();
  });

  it('lets the roles that act on any object past the check, never past existence', async () => {
    calls.length = 0;
    expect(await refusal(access.requireAccess(clerk, 'meeting.cancel', 'other'))).toBeNull();
    expect(calls).toEqual(['visible other true', 'organizer other true']);
    expect(await refusal(access.requireAccess(clerk, 'meeting.read', 'gone'))).toBe('404 not_found Meeting not found');
  });

  it('asks one question for many ids, and none without ids', async () => {
    calls.length = 0;
    await access.requireAccess(councillor, 'meeting.read', ['u-1', 'u-2', 'u-1']);
    await access.requireAccess(councillor, 'meeting.read');
    expect(calls).toEqual(['visible u-1,u-2 false']);
    expect(await refusal(access.requireAccess(councillor, 'meeting.read', ['u-1', 'x']))).toBe(
      '404 not_found Meeting not found',
    );
  });

  it('filters a list without throwing', async () => {
    expect([...(await access.allowed(councillor, 'meeting.update', ['u-own', 'u-invited', 'x']))]).toEqual(['u-own']);
    expect([...(await access.allowed(councillor, 'meeting.approve', ['u-own']))]).toEqual([]);
  });

  it('fails loudly for a check no library provides, and for a check provided twice', async () => {
    await expect(access.requireAccess(councillor, 'hall.read', 'h')).rejects.toThrow(/hall\.exists/);
    expect(() => access.provide('meeting.exists', async () => new Set())).toThrow(/twice/);
  });
});
