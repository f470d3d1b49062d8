import type { Permission } from '../../libs/platform/src/access/permissions.js';
import { MINIMAL_PDF, type Persona, type World } from '../support/world.js';

/**
 * Object- and property-level access, table-driven (function-level access by role is in
 * `access-table.ts`). Each row is a request by someone who must NOT get what they ask for:
 * another user of the same role reaching someone else's object, a participant doing what
 * only the owner may, a member acting in a body they do not belong to, or a caller setting a
 * field they must not set. The suite checks the refusal, that the database is unchanged,
 * and — where a row names `allowed` — that the rightful caller gets through the same door
 * on the same object (so a refusal cannot come from a wrong id).
 *
 * Every route of the OpenAPI document is accounted for: it has at least one row here, or an
 * entry in `NO_OBJECT_RULE` saying why nothing object-level applies. A route with neither, a
 * refusal of 404 without an `allowed` control, or an entry for a route that does not exist
 * fails the suite.
 *
 * The world (who owns what) is built by `test/support/world.ts`: `owner` (servant01) booked
 * a meeting inviting `invitee` (servant03); `invitee` knocked on the owner's room and asked
 * the owner for a one-on-one; `other` (servant02) has no part in any of it. The clerk made
 * the council session, the chair opened it, a secret vote is open on its first item and
 * `councillor` (councillor01) asked for the floor. `councillor2` (councillor02) chairs a
 * standing committee whose meeting is open; `councillor` is not a member of it. A draft
 * session (with a material) is seen only by the clerks and the council's chair.
 */
type Caller = Persona | 'anonymous';
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ObjectRow {
  what: string;
  as: Caller;
  method: Method;
  path: (w: World) => string;
  body?: (w: World) => unknown;
  /** A raw body with its content type instead of JSON (file uploads). */
  raw?: { type: string; text: string };
  /**
   * The permission whose object check refuses this row, where the route's own permission (its
   * row in `access-table.ts`) is not it: a refinement the service asks for (recording another
   * member's attendance) or a route guarded by roles only.
   */
  permission?: Permission;
  /** Acceptable refusals. */
  refused: number[];
  code?: string;
  /**
   * The control: the rightful caller on the same object succeeds (`status`, 200 unless said).
   * Runs after every refusal, in table order; GET unless `method` says otherwise.
   */
  allowed?: {
    as: Caller;
    method?: 'GET' | 'POST';
    path?: (w: World) => string;
    body?: (w: World) => unknown;
    status?: number;
  };
}

const DENY = [403, 404];
const future = () => {
  const d = new Date(Date.now() + 40 * 86_400_000);
  d.setUTCHours(9, 0, 0, 0);
  return { startsAt: d.toISOString(), endsAt: new Date(d.getTime() + 3_600_000).toISOString() };
};
const PDF = { type: 'application/pdf', text: MINIMAL_PDF };

const meeting = (w: World, p = '') => `/api/meetings/${w.meetingId}${p}`;
const sitting = (w: World, p = '') => `/api/council/sessions/${w.councilSittingId}${p}`;
const draft = (w: World, p = '') => `/api/council/sessions/${w.draftSittingId}${p}`;
const committee = (w: World, p = '') => `/api/council/sessions/${w.committeeSittingId}${p}`;
const oneOnOne = (w: World, p = '') => `/api/one-on-ones/${w.oneOnOneId}${p}`;
/** Controls that only prove the object is there for the one it belongs to. */
const seesMeeting = (as: Persona) => ({ as, path: (w: World) => meeting(w) });
const clerkSeesDraft = { as: 'clerk' as const, path: (w: World) => draft(w) };
const ownerSeesOneOnOne = { as: 'owner' as const, path: (w: World) => oneOnOne(w) };
const ownerSeesKnocks = { as: 'owner' as const, path: () => '/api/rooms/me/knocks' };
const chairSeesSpeakers = { as: 'chair' as const, path: (w: World) => sitting(w, '/speakers') };

export const OBJECT_ROWS: ObjectRow[] = [
  // ── meetings: only participants see one; only the organizer changes or cancels it ──
  {
    what: 'a staff member reads a meeting they are not part of',
    as: 'other',
    method: 'GET',
    path: (w) => meeting(w),
    refused: DENY,
    allowed: { as: 'invitee' },
  },
  {
    what: 'a staff member cancels a meeting they are not part of',
    as: 'other',
    method: 'POST',
    path: (w) => meeting(w, '/cancel'),
    body: () => ({}),
    refused: DENY,
    allowed: seesMeeting('owner'),
  },
  {
    what: 'an invitee cancels the organizer’s meeting',
    as: 'invitee',
    method: 'POST',
    path: (w) => meeting(w, '/cancel'),
    body: () => ({}),
    refused: DENY,
    allowed: seesMeeting('invitee'),
  },
  {
    what: 'an invitee moves the organizer’s meeting',
    as: 'invitee',
    method: 'PATCH',
    path: (w) => meeting(w),
    body: future,
    refused: DENY,
    allowed: seesMeeting('invitee'),
  },
  {
    what: 'a staff member renames a meeting they are not part of',
    as: 'other',
    method: 'PATCH',
    path: (w) => meeting(w),
    body: () => ({ title: 'Чужда среща' }),
    refused: DENY,
    allowed: seesMeeting('owner'),
  },
  {
    what: 'a staff member answers an invitation that is not theirs',
    as: 'other',
    method: 'POST',
    path: (w) => meeting(w, '/rsvp'),
    body: () => ({ response: 'accepted' }),
    refused: DENY,
    allowed: seesMeeting('invitee'),
  },
  {
    what: 'a staff member joins the video of a meeting they are not part of',
    as: 'other',
    method: 'POST',
    path: (w) => meeting(w, '/join'),
    body: () => ({}),
    refused: DENY,
    allowed: seesMeeting('invitee'),
  },
  {
    what: 'the organizer approves their own booking (a clerk’s job)',
    as: 'owner',
    method: 'POST',
    path: (w) => meeting(w, '/approve'),
    body: () => ({}),
    refused: [403],
  },
  {
    what: 'a staff member rejects a colleague’s booking (a clerk’s job)',
    as: 'other',
    method: 'POST',
    path: (w) => meeting(w, '/reject'),
    body: () => ({ reason: 'Не' }),
    refused: [403],
  },
  {
    what: 'a councillor reads the calendar meeting of a draft session',
    as: 'councillor',
    method: 'GET',
    path: (w) => `/api/meetings/${w.draftMeetingId}`,
    refused: [404],
    allowed: { as: 'clerk' },
  },
  {
    what: 'the clerk moves a published session through its calendar meeting',
    as: 'clerk',
    method: 'PATCH',
    path: (w) => `/api/meetings/${w.councilMeetingId}`,
    body: future,
    refused: [409],
    code: 'managed_by_council',
    allowed: { as: 'councillor', path: (w) => `/api/meetings/${w.councilMeetingId}` },
  },
  {
    what: 'the clerk cancels an open session through its calendar meeting',
    as: 'clerk',
    method: 'POST',
    path: (w) => `/api/meetings/${w.councilMeetingId}/cancel`,
    body: () => ({}),
    refused: [409],
    code: 'managed_by_council',
  },
  {
    what: 'the clerk renames a draft through its calendar meeting (the session’s PATCH does that)',
    as: 'clerk',
    method: 'PATCH',
    path: (w) => `/api/meetings/${w.draftMeetingId}`,
    body: () => ({ title: 'Друго име' }),
    refused: [409],
    code: 'managed_by_council',
  },
  // ── knocks and rooms: only the room's owner answers knocks and manages participants ──
  {
    what: 'a staff member admits a knock on someone else’s room',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/knocks/${w.knockId}/admit`,
    refused: DENY,
    allowed: ownerSeesKnocks,
  },
  {
    what: 'the visitor admits their own knock',
    as: 'invitee',
    method: 'POST',
    path: (w) => `/api/knocks/${w.knockId}/admit`,
    refused: DENY,
    allowed: ownerSeesKnocks,
  },
  {
    what: 'a staff member denies a knock on someone else’s room',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/knocks/${w.knockId}/deny`,
    refused: DENY,
    allowed: ownerSeesKnocks,
  },
  {
    what: 'a staff member walks into a room whose door says “knock first”',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/spaces/${w.ownerRoomId}/join`,
    refused: [403],
    allowed: { as: 'owner', method: 'POST' },
  },
  {
    what: 'a staff member walks into the video of a hall with no meeting of theirs there now',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/spaces/${w.hallId}/join`,
    refused: [403],
    code: 'not_invited',
    allowed: { as: 'admin', method: 'POST' },
  },
  {
    what: 'the clerk walks into the video of a hall with no meeting of theirs there now',
    as: 'clerk',
    method: 'POST',
    path: (w) => `/api/spaces/${w.hallId}/join`,
    refused: [403],
    code: 'not_invited',
  },
  {
    what: 'a staff member removes a participant from someone else’s room',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/spaces/${w.ownerRoomId}/participants/${w.s.invitee.user.id}/remove`,
    refused: DENY,
    allowed: { as: 'owner', path: (w) => `/api/spaces/${w.ownerRoomId}` },
  },
  {
    what: 'a staff member mutes a participant in someone else’s room',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/spaces/${w.ownerRoomId}/participants/${w.s.invitee.user.id}/mute`,
    body: () => ({ trackSid: 'TR_x' }),
    refused: DENY,
    allowed: { as: 'owner', path: (w) => `/api/spaces/${w.ownerRoomId}` },
  },
  // ── one-on-ones: only the two people see a request; only the addressee answers it ──
  {
    what: 'a staff member reads a one-on-one between two others',
    as: 'other',
    method: 'GET',
    path: (w) => oneOnOne(w),
    refused: DENY,
    allowed: { as: 'owner' },
  },
  {
    what: 'a staff member accepts a one-on-one addressed to someone else',
    as: 'other',
    method: 'POST',
    path: (w) => oneOnOne(w, '/accept'),
    body: () => ({ slot: future() }),
    refused: DENY,
    allowed: ownerSeesOneOnOne,
  },
  {
    what: 'the requester accepts their own request (only the addressee answers it)',
    as: 'invitee',
    method: 'POST',
    path: (w) => oneOnOne(w, '/accept'),
    body: () => ({ slot: future() }),
    refused: [403, 409],
  },
  {
    what: 'the requester declines their own request (only the addressee answers it)',
    as: 'invitee',
    method: 'POST',
    path: (w) => oneOnOne(w, '/decline'),
    body: () => ({}),
    refused: [403, 409],
  },
  {
    what: 'a staff member proposes other times for a one-on-one between two others',
    as: 'other',
    method: 'POST',
    path: (w) => oneOnOne(w, '/propose'),
    body: () => ({ slots: [future()] }),
    refused: DENY,
    allowed: ownerSeesOneOnOne,
  },
  {
    what: 'a staff member cancels a one-on-one between two others',
    as: 'other',
    method: 'POST',
    path: (w) => oneOnOne(w, '/cancel'),
    body: () => ({}),
    refused: DENY,
    allowed: ownerSeesOneOnOne,
  },
  {
    what: 'a one-on-one request is made already accepted',
    as: 'other',
    method: 'POST',
    path: () => '/api/one-on-ones',
    body: (w) => ({ inviteeId: w.s.owner.user.id, topic: 'x', slots: [future()], status: 'accepted' }),
    refused: [400],
    code: 'validation_failed',
  },
  // ── one's own calendar: absences, working hours, the private feed ──
  {
    what: 'a staff member removes someone else’s absence',
    as: 'other',
    method: 'DELETE',
    path: (w) => `/api/me/absences/${w.absenceId}`,
    refused: DENY,
    allowed: { as: 'owner', path: () => '/api/me/absences' },
  },
  {
    what: 'an absence is recorded for someone else',
    as: 'other',
    method: 'POST',
    path: () => '/api/me/absences',
    body: (w) => ({ kind: 'leave', startsOn: '2031-08-03', endsOn: '2031-08-04', userId: w.s.owner.user.id }),
    refused: [400],
    code: 'validation_failed',
  },
  {
    what: 'working hours are set for someone else',
    as: 'other',
    method: 'PUT',
    path: () => '/api/me/working-hours',
    body: (w) => ({ intervals: [{ weekday: 1, from: '06:00', to: '07:00' }], userId: w.s.owner.user.id }),
    refused: [400],
    code: 'validation_failed',
  },
  {
    what: 'someone guesses a calendar feed address',
    as: 'anonymous',
    method: 'GET',
    path: () => `/api/calendar/${'A'.repeat(43)}.ics`,
    refused: [404],
    allowed: { as: 'anonymous', path: (w) => `/api/calendar/${w.feedFile}` },
  },
  // ── halls: administrators change them; bookings are for halls, by the caller ──
  {
    what: 'a staff member edits a hall',
    as: 'owner',
    method: 'PATCH',
    path: (w) => `/api/halls/${w.hallId}`,
    body: () => ({ capacity: 500 }),
    refused: [403],
  },
  {
    what: 'the clerk edits a hall',
    as: 'clerk',
    method: 'PATCH',
    path: (w) => `/api/halls/${w.hallId}`,
    body: () => ({ capacity: 500 }),
    refused: [403],
  },
  {
    what: 'someone’s personal room is booked as if it were a hall',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/halls/${w.ownerRoomId}/bookings`,
    body: () => ({ title: 'В чужда стая', inviteeIds: [], ...future() }),
    refused: [404],
    allowed: { as: 'other', path: (w) => `/api/spaces/${w.ownerRoomId}` },
  },
  {
    what: 'a booking names someone else as organizer',
    as: 'owner',
    method: 'POST',
    path: (w) => `/api/halls/${w.hallId}/bookings`,
    body: (w) => ({ title: 'Подставена', inviteeIds: [], organizerId: w.s.other.user.id, ...future() }),
    refused: [400],
    code: 'validation_failed',
  },
  {
    what: 'a booking approves itself',
    as: 'owner',
    method: 'POST',
    path: (w) => `/api/halls/${w.hallId}/bookings`,
    body: () => ({ title: 'Одобрена сама', inviteeIds: [], status: 'confirmed', ...future() }),
    refused: [400],
    code: 'validation_failed',
  },
  {
    what: 'a knock is made on behalf of someone else',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/spaces/${w.ownerRoomId}/knocks`,
    body: (w) => ({ message: 'аз съм', visitorId: w.s.invitee.user.id }),
    refused: [400],
    code: 'validation_failed',
  },
  {
    what: 'the owner sets the owner of their room',
    as: 'owner',
    method: 'PATCH',
    path: () => '/api/rooms/me',
    body: (w) => ({ door: 'open', ownerId: w.s.other.user.id }),
    refused: [400],
    code: 'validation_failed',
  },
  // ── administration of people: not even for oneself ──
  {
    what: 'a staff member gives themselves the administrator role',
    as: 'owner',
    method: 'PATCH',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}`,
    body: () => ({ roles: ['admin'] }),
    refused: [403],
  },
  {
    what: 'an administrator takes away their own administrator role',
    as: 'admin',
    method: 'PATCH',
    path: (w) => `/api/admin/users/${w.s.admin.user.id}`,
    body: () => ({ roles: ['staff'] }),
    refused: [400],
    code: 'cannot_demote_self',
  },
  {
    what: 'an administrator disables their own account',
    as: 'admin',
    method: 'POST',
    path: (w) => `/api/admin/users/${w.s.admin.user.id}/disable`,
    refused: [400],
    code: 'cannot_disable_self',
  },
  {
    what: 'a staff member disables a colleague',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}/disable`,
    refused: [403],
  },
  {
    what: 'a staff member enables a colleague',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}/enable`,
    refused: [403],
  },
  {
    what: 'a staff member exports a colleague’s personal data',
    as: 'other',
    method: 'GET',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}/personal-data`,
    refused: [403],
  },
  {
    what: 'a staff member erases a colleague',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}/erase`,
    body: () => ({ confirm: 'servant01' }),
    refused: [403],
  },
  {
    what: 'an administrator erases their own account',
    as: 'admin',
    method: 'POST',
    path: (w) => `/api/admin/users/${w.s.admin.user.id}/erase`,
    body: () => ({ confirm: 'admin' }),
    refused: [409],
    code: 'cannot_erase_self',
  },
  {
    what: 'a staff member ends another user’s sessions',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}/sessions/revoke`,
    refused: [403],
  },
  {
    what: 'an administrator disables a user through the update (only /disable does that, audited)',
    as: 'admin',
    method: 'PATCH',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}`,
    body: () => ({ displayName: 'Нов', disabled: true }),
    refused: [400],
    code: 'validation_failed',
  },
  {
    what: 'an administrator writes a password hash directly',
    as: 'admin',
    method: 'PATCH',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}`,
    body: () => ({ passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$AAAA$BBBB' }),
    refused: [400],
    code: 'validation_failed',
  },
  {
    what: 'a new user is created with a chosen id',
    as: 'admin',
    method: 'POST',
    path: () => '/api/admin/users',
    body: () => ({
      id: '00000000-0000-4000-8000-00000000abcd',
      username: 'chosen.id',
      displayName: 'Избран',
      password: 'a-long-password-1',
      roles: ['staff'],
    }),
    refused: [400],
    code: 'validation_failed',
  },
  // ── council bodies: the clerks make committees of councillors; the council is fixed ──
  {
    what: 'a committee’s chair changes the committee’s members',
    as: 'councillor2',
    method: 'PUT',
    path: (w) => `/api/council/bodies/${w.committeeId}/members`,
    body: (w) => ({ memberIds: [w.s.councillor2.user.id, w.s.councillor.user.id] }),
    refused: [403],
  },
  {
    what: 'the clerk changes the members of the council itself (the holders of its seats)',
    as: 'clerk',
    method: 'PUT',
    path: (w) => `/api/council/bodies/${w.councilBodyId}/members`,
    body: (w) => ({ memberIds: [w.s.councillor.user.id] }),
    refused: [409],
    code: 'council_members_fixed',
  },
  {
    what: 'the clerk puts a staff member on a committee',
    as: 'clerk',
    method: 'POST',
    path: () => '/api/council/bodies',
    body: (w) => ({ name: 'Комисия с външен', memberIds: [w.s.councillor.user.id, w.s.other.user.id] }),
    refused: [400],
    code: 'not_a_councillor',
  },
  // ── council sessions: drafts are the clerks’ until published ──
  {
    what: 'a councillor reads a draft council session',
    as: 'councillor',
    method: 'GET',
    path: (w) => draft(w),
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'a council session is created already open',
    as: 'clerk',
    method: 'POST',
    path: () => '/api/council/sessions',
    body: () => ({
      title: 'Отворено веднага',
      ...future(),
      status: 'open',
      agenda: [{ title: 'Точка', voteMode: 'open', majority: 'present' }],
    }),
    refused: [400],
    code: 'validation_failed',
  },
  {
    what: 'the council’s chair edits the clerk’s draft',
    as: 'chair',
    method: 'PATCH',
    path: (w) => draft(w),
    body: () => ({ title: 'Поправено от председателя' }),
    refused: [403],
  },
  {
    what: 'the clerk edits a session after it was published',
    as: 'clerk',
    method: 'PATCH',
    path: (w) => sitting(w),
    body: () => ({ title: 'Късна поправка' }),
    refused: [409],
    code: 'not_draft',
    allowed: { as: 'clerk', path: (w) => sitting(w) },
  },
  {
    what: 'the clerk moves a sitting that is under way (only a published one that has not opened)',
    as: 'clerk',
    method: 'POST',
    path: (w) => sitting(w, '/reschedule'),
    body: () => ({ ...future(), reason: 'Късно преместване' }),
    refused: [409],
    code: 'not_published',
  },
  {
    what: 'the clerk opens a closed-door sitting once published (undone only on a draft; ЗМСМА чл. 28)',
    as: 'clerk',
    method: 'POST',
    path: (w) => sitting(w, '/closed-door'),
    body: () => ({ closed: false }),
    refused: [409],
    code: 'closed_door',
  },
  {
    what: 'the clerk opens a closed-door item once published',
    as: 'clerk',
    method: 'POST',
    path: (w) => sitting(w, `/items/${w.itemIds[0]}/closed-door`),
    body: () => ({ closed: false }),
    refused: [409],
    code: 'closed_door',
  },
  {
    what: 'the clerk moves a draft (a draft is edited instead)',
    as: 'clerk',
    method: 'POST',
    path: (w) => draft(w, '/reschedule'),
    body: () => ({ ...future(), reason: 'Чернова' }),
    refused: [409],
    code: 'not_published',
  },
  {
    what: 'a committee’s chair publishes their committee’s meeting (the clerk does)',
    as: 'councillor2',
    method: 'POST',
    path: (w) => draft(w, '/publish'),
    refused: [403],
  },
  {
    what: 'the chair opens a draft the clerk has not published',
    as: 'chair',
    method: 'POST',
    path: (w) => draft(w, '/open'),
    body: () => ({}),
    refused: [404, 409],
    allowed: clerkSeesDraft,
  },
  {
    what: 'a councillor opens a draft (it does not exist for them)',
    as: 'councillor',
    method: 'POST',
    path: (w) => draft(w, '/open'),
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'a committee’s chair opens the council’s session (not their body)',
    as: 'councillor2',
    method: 'POST',
    path: (w) => sitting(w, '/open'),
    refused: [403],
  },
  {
    what: 'a councillor pauses the session',
    as: 'councillor',
    method: 'POST',
    path: (w) => sitting(w, '/pause'),
    refused: [403],
  },
  {
    what: 'a councillor who is not its chair pauses a committee meeting',
    as: 'councillor',
    method: 'POST',
    path: (w) => committee(w, '/pause'),
    refused: [403],
  },
  {
    what: 'a committee’s chair resumes the council’s session',
    as: 'councillor2',
    method: 'POST',
    path: (w) => sitting(w, '/resume'),
    refused: [403],
  },
  {
    what: 'a committee’s chair closes the council’s session',
    as: 'councillor2',
    method: 'POST',
    path: (w) => sitting(w, '/close'),
    refused: [403],
  },
  // ── where members take part (issue 15, part 5) ──
  {
    what: 'a committee’s chair asks for the council sitting’s check-in code (not their body)',
    as: 'councillor2',
    method: 'GET',
    path: (w) => sitting(w, '/check-in-code'),
    refused: [403],
  },
  {
    what: 'a committee’s chair declares the council’s sitting remote (not their body)',
    as: 'councillor2',
    method: 'POST',
    path: (w) => sitting(w, '/remote'),
    body: () => ({ emergencyReference: 'Решение за обявяване на извънредна епидемична обстановка' }),
    refused: [403],
  },
  {
    what: 'a committee’s chair gives a member the microphone in the council’s sitting (not their body)',
    as: 'councillor2',
    method: 'POST',
    path: (w) => sitting(w, '/video/microphone'),
    body: (w) => ({ userId: w.s.councillor.user.id, purpose: 'identification', grant: true }),
    refused: [403],
  },
  // ── attendance, agenda, conflicts ──
  {
    what: 'a councillor checks another councillor in',
    as: 'councillor',
    method: 'POST',
    path: (w) => sitting(w, '/attendance'),
    body: (w) => ({ userId: w.s.councillor2.user.id }),
    refused: [403],
  },
  {
    what: 'a councillor checks in to a committee they are not a member of',
    as: 'councillor',
    method: 'POST',
    path: (w) => committee(w, '/attendance'),
    body: () => ({}),
    refused: [400],
    code: 'not_a_member',
  },
  {
    what: 'the clerk registers at once two council members and a civil servant: nobody is registered',
    as: 'clerk',
    method: 'POST',
    path: (w) => sitting(w, '/attendance/bulk'),
    body: (w) => ({ userIds: [w.s.councillor2.user.id, w.s.other.user.id, w.s.chair.user.id], present: true }),
    refused: [400],
    code: 'not_a_member',
  },
  {
    what: 'the clerk registers at once in a committee a councillor who is not its member',
    as: 'clerk',
    method: 'POST',
    path: (w) => committee(w, '/attendance/bulk'),
    body: (w) => ({ userIds: [w.s.councillor2.user.id, w.s.councillor.user.id], present: true }),
    refused: [400],
    code: 'not_a_member',
  },
  {
    what: 'a committee’s chair moves the council’s agenda on',
    as: 'councillor2',
    method: 'POST',
    path: (w) => sitting(w, `/items/${w.itemIds[1]}/activate`),
    refused: [403],
  },
  {
    what: 'the chair activates another session’s item through this session',
    as: 'chair',
    method: 'POST',
    path: (w) => sitting(w, `/items/${w.committeeItemIds[0]}/activate`),
    refused: [404],
    allowed: { as: 'chair', path: (w) => committee(w) },
  },
  {
    what: 'a councillor declares a conflict on an item of a draft',
    as: 'councillor',
    method: 'POST',
    path: (w) => draft(w, `/items/${w.draftItemIds[0]}/conflicts`),
    body: () => ({ reason: 'Свързано лице' }),
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'a councillor declares a conflict on another session’s item through this session',
    as: 'councillor',
    method: 'POST',
    path: (w) => sitting(w, `/items/${w.committeeItemIds[0]}/conflicts`),
    body: () => ({ reason: 'Свързано лице' }),
    refused: [404],
    allowed: { as: 'councillor', path: (w) => committee(w) },
  },
  // ── the procedure (issue 15) ──
  {
    what: 'a councillor proposes an urgent item at a committee’s sitting they are not a member of',
    as: 'councillor',
    method: 'POST',
    path: (w) => committee(w, '/items/proposals'),
    body: () => ({ title: 'Спешна точка' }),
    refused: [403],
    allowed: {
      as: 'councillor2',
      method: 'POST',
      path: (w) => committee(w, '/items/proposals'),
      body: () => ({ title: 'Спешна точка' }),
      status: 201,
    },
  },
  {
    what: 'the chair puts another session’s item to an agenda change through this session',
    as: 'chair',
    method: 'POST',
    path: (w) => sitting(w, '/votes'),
    body: (w) => ({ kind: 'agenda_change', change: 'withdraw', itemId: w.committeeItemIds[0] }),
    refused: [404, 409],
    allowed: { as: 'chair', path: (w) => committee(w) },
  },
  // ── votes ──
  {
    what: 'a committee’s chair puts a council item to the vote',
    as: 'councillor2',
    method: 'POST',
    path: (w) => sitting(w, '/votes'),
    body: (w) => ({ itemId: w.itemIds[1] }),
    refused: [403],
  },
  {
    what: 'the chair puts another session’s item to the vote through this session',
    as: 'chair',
    method: 'POST',
    path: (w) => sitting(w, '/votes'),
    body: (w) => ({ itemId: w.committeeItemIds[0] }),
    refused: [400, 404, 409],
    allowed: { as: 'chair', path: (w) => committee(w) },
  },
  {
    what: 'a councillor casts a ballot in another councillor’s name',
    as: 'councillor',
    method: 'POST',
    path: (w) => `/api/council/votes/${w.voteId}/ballots`,
    body: (w) => ({ choice: 'for', userId: w.s.councillor2.user.id }),
    refused: [400, 403],
  },
  {
    what: 'a staff member casts a ballot',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/council/votes/${w.voteId}/ballots`,
    body: () => ({ choice: 'for' }),
    refused: [403],
  },
  {
    what: 'a councillor closes the vote',
    as: 'councillor',
    method: 'POST',
    path: (w) => `/api/council/votes/${w.voteId}/close`,
    refused: [403],
  },
  {
    what: 'a committee’s chair closes a vote of the council',
    as: 'councillor2',
    method: 'POST',
    path: (w) => `/api/council/votes/${w.voteId}/close`,
    refused: [403],
  },
  // ── the floor ──
  {
    what: 'a councillor reads the speakers of a draft',
    as: 'councillor',
    method: 'GET',
    path: (w) => draft(w, '/speakers'),
    refused: [404],
    allowed: { as: 'clerk' },
  },
  {
    what: 'a councillor asks for the floor in a committee they are not a member of',
    as: 'councillor',
    method: 'POST',
    path: (w) => committee(w, '/speakers'),
    body: () => ({ kind: 'speech' }),
    refused: [403],
  },
  {
    what: 'a councillor asks for the floor in a draft',
    as: 'councillor',
    method: 'POST',
    path: (w) => draft(w, '/speakers'),
    body: () => ({ kind: 'speech' }),
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'a councillor gives themselves the floor',
    as: 'councillor',
    method: 'POST',
    path: (w) => `/api/council/speakers/${w.speakerId}/grant`,
    refused: [403],
    allowed: chairSeesSpeakers,
  },
  {
    what: 'a committee’s chair gives the floor in the council',
    as: 'councillor2',
    method: 'POST',
    path: (w) => `/api/council/speakers/${w.speakerId}/grant`,
    refused: [403],
  },
  {
    what: 'a councillor ends a speech',
    as: 'councillor2',
    method: 'POST',
    path: (w) => `/api/council/speakers/${w.speakerId}/finish`,
    refused: [403, 409],
  },
  {
    what: 'a councillor moves their request up the queue',
    as: 'councillor',
    method: 'POST',
    path: (w) => `/api/council/speakers/${w.speakerId}/move`,
    body: () => ({ position: 1 }),
    refused: [403],
  },
  {
    what: 'a councillor withdraws another councillor’s request for the floor',
    as: 'councillor2',
    method: 'POST',
    path: (w) => `/api/council/speakers/${w.speakerId}/withdraw`,
    refused: DENY,
    allowed: { as: 'councillor', path: (w) => sitting(w, '/speakers') },
  },
  // ── video ──
  {
    what: 'a staff member joins the council’s video as a member',
    as: 'other',
    method: 'POST',
    path: (w) => sitting(w, '/video/join'),
    body: () => ({}),
    refused: [403],
    allowed: { as: 'councillor', method: 'POST', body: () => ({}) },
  },
  {
    what: 'a councillor joins the video of a committee they are not a member of',
    as: 'councillor',
    method: 'POST',
    path: (w) => committee(w, '/video/join'),
    body: () => ({}),
    refused: [403],
    allowed: { as: 'councillor2', method: 'POST', body: () => ({}) },
  },
  {
    what: 'a councillor joins the video of a draft',
    as: 'councillor',
    method: 'POST',
    path: (w) => draft(w, '/video/join'),
    body: () => ({}),
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'a councillor mutes someone in a draft’s video (it does not exist for them)',
    as: 'councillor',
    method: 'POST',
    path: (w) => draft(w, '/video/mute'),
    body: (w) => ({ userId: w.s.councillor2.user.id }),
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'a councillor mutes another member',
    as: 'councillor',
    method: 'POST',
    path: (w) => sitting(w, '/video/mute'),
    body: (w) => ({ userId: w.s.councillor2.user.id }),
    refused: [403],
  },
  {
    what: 'a committee’s chair mutes a member of the council',
    as: 'councillor2',
    method: 'POST',
    path: (w) => sitting(w, '/video/mute'),
    body: (w) => ({ userId: w.s.councillor.user.id }),
    refused: [403],
  },
  {
    what: 'a councillor removes someone from a draft’s video (it does not exist for them)',
    as: 'councillor',
    method: 'POST',
    path: (w) => draft(w, '/video/remove'),
    body: (w) => ({ userId: w.s.councillor2.user.id }),
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'a councillor removes another member from the video',
    as: 'councillor',
    method: 'POST',
    path: (w) => sitting(w, '/video/remove'),
    body: (w) => ({ userId: w.s.councillor2.user.id }),
    refused: [403],
  },
  {
    what: 'a committee’s chair removes a member of the council from its video',
    as: 'councillor2',
    method: 'POST',
    path: (w) => sitting(w, '/video/remove'),
    body: (w) => ({ userId: w.s.councillor.user.id }),
    refused: [403],
  },
  {
    what: 'the public asks for a viewer token of a draft',
    as: 'anonymous',
    method: 'POST',
    path: (w) => `/api/public/council/sessions/${w.draftSittingId}/viewer-token`,
    body: () => ({}),
    refused: [404],
    allowed: {
      as: 'anonymous',
      method: 'POST',
      path: (w) => `/api/public/council/sessions/${w.councilSittingId}/viewer-token`,
      body: () => ({}),
    },
  },
  // ── materials and minutes ──
  {
    what: 'the council’s chair attaches a material (the clerk does)',
    as: 'chair',
    method: 'POST',
    path: (w) => sitting(w, `/items/${w.itemIds[1]}/materials?filename=x.pdf`),
    raw: PDF,
    refused: [403],
  },
  {
    what: 'a councillor attaches a material to an item they did not propose',
    as: 'councillor',
    method: 'POST',
    path: (w) => sitting(w, `/items/${w.itemIds[1]}/materials?filename=x.pdf`),
    raw: PDF,
    refused: [403],
  },
  {
    what: 'the clerk attaches a material to another session’s item through this session',
    as: 'clerk',
    method: 'POST',
    path: (w) => sitting(w, `/items/${w.draftItemIds[0]}/materials?filename=x.pdf`),
    raw: PDF,
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'a councillor downloads a material of a draft',
    as: 'councillor',
    method: 'GET',
    path: (w) => draft(w, `/items/${w.draftItemIds[0]}/materials/${w.draftMaterialId}`),
    refused: [404],
    allowed: { as: 'clerk' },
  },
  {
    what: 'a councillor downloads a material through another item’s path',
    as: 'councillor',
    method: 'GET',
    path: (w) => sitting(w, `/items/${w.itemIds[0]}/materials/${w.materialId}`),
    refused: [404],
    allowed: { as: 'councillor', path: (w) => sitting(w, `/items/${w.itemIds[1]}/materials/${w.materialId}`) },
  },
  {
    what: 'the public downloads a material of a draft',
    as: 'anonymous',
    method: 'GET',
    path: (w) =>
      `/api/public/council/sessions/${w.draftSittingId}/items/${w.draftItemIds[0]}/materials/${w.draftMaterialId}`,
    refused: [404],
    allowed: {
      as: 'anonymous',
      path: (w) => `/api/public/council/sessions/${w.councilSittingId}/items/${w.itemIds[1]}/materials/${w.materialId}`,
    },
  },
  {
    what: 'a councillor reads the minutes of a committee they are not a member of (its members do)',
    as: 'councillor',
    method: 'GET',
    path: (w) => committee(w, '/minutes'),
    refused: [403],
    allowed: { as: 'councillor2', path: (w) => committee(w, '/minutes') },
  },
  {
    what: 'a councillor reads where the minutes of a committee they are not a member of stand',
    as: 'councillor',
    method: 'GET',
    path: (w) => committee(w, '/minutes/status'),
    refused: [403],
    allowed: { as: 'councillor2', path: (w) => committee(w, '/minutes/status') },
  },
  {
    what: 'the council’s chair publishes the minutes (the clerk does)',
    as: 'chair',
    method: 'POST',
    path: (w) => sitting(w, '/minutes/publish'),
    refused: [403],
  },
  {
    what: 'the clerk publishes the minutes of a session still sitting',
    as: 'clerk',
    method: 'POST',
    path: (w) => sitting(w, '/minutes/publish'),
    refused: [409],
    allowed: { as: 'clerk', path: (w) => sitting(w, '/minutes') },
  },
  // ── the public face of a draft ──
  {
    what: 'the public reads a draft council session',
    as: 'anonymous',
    method: 'GET',
    path: (w) => `/api/public/council/sessions/${w.draftSittingId}`,
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'the public reads the agenda of a draft council session',
    as: 'anonymous',
    method: 'GET',
    path: (w) => `/api/public/council/sessions/${w.draftSittingId}/agenda`,
    refused: [404],
    allowed: { as: 'anonymous', path: (w) => `/api/public/council/sessions/${w.councilSittingId}/agenda` },
  },
  {
    what: 'the public reads the chapters of a draft’s recording (test/council/chapters: a published one’s)',
    as: 'anonymous',
    method: 'GET',
    path: (w) => `/api/public/council/sessions/${w.draftSittingId}/recordings/${w.draftItemIds[0]}/chapters.vtt`,
    refused: [404],
    allowed: clerkSeesDraft,
  },
  {
    what: 'the public reads the minutes of a session whose minutes are not published',
    as: 'anonymous',
    method: 'GET',
    path: (w) => `/api/public/council/sessions/${w.councilSittingId}/minutes`,
    refused: [404],
    allowed: { as: 'clerk', path: (w) => sitting(w, '/minutes') },
  },
];

/**
 * Routes with nothing object- or property-level to check, and why. Function-level access
 * (who may call at all) is in `access-table.ts`; leaks in lists are caught by the crawl.
 */
/**
 * Permissions with an object check that no row refuses, each with the reason and where it is
 * tested instead. The suite fails on a permission with neither rows nor a reason here.
 */
export const NO_OBJECT_ROW: Partial<Record<Permission, string>> = {
  'room.watch':
    'a socket event, not a route: any colleague follows any personal room; a hall or an unknown id is refused not_found (test/rooms/people, test/security/socket-events)',
  'council.vote.read':
    'the check refuses votes of a draft sitting, and a draft has none (votes open only in an opened sitting): no object to refuse; the sitting’s draft rule has rows here',
  'council.speaker.read':
    'the check refuses requests for the floor in a draft sitting, and a draft has none (asked only in an opened sitting); the draft rule has rows here',
  'council.election.read':
    'the check refuses rounds of a draft sitting, and a draft has none (opened only in an opened sitting); the draft rule has rows here',
  'council.election.chair':
    'a councillor who does not chair the sitting closing its round gets 403 (test/council/elections); the world here holds no round',
};

export const NO_OBJECT_RULE: Record<string, string> = {
  'POST /api/council/sessions/{id}/display-tokens':
    'clerks only (function level), any published sitting (a draft: 409): test/council/display',
  'GET /api/council/sessions/{id}/display-tokens': 'clerks only (function level), any sitting; never the token itself',
  'POST /api/council/display-tokens/{id}/revoke': 'clerks only (function level), any token: test/council/display',
  'POST /api/council/sessions/{id}/minutes/corrections':
    'members of the session’s body only, during the review period of a closed sitting: test/council/minutes',
  'POST /api/council/sessions/{id}/minutes/corrections/{correctionId}/answer':
    'clerks only (function level); the request must belong to the session: test/council/minutes',
  'PUT /api/council/sessions/{id}/minute-taker': 'clerks only (function level), any session',
  'POST /api/council/sessions/{id}/identifications':
    'clerks only (function level), any remote sitting while held: test/council/remote',
  'POST /api/council/sessions/{id}/minutes/sign':
    'the chair of the session’s body and its minute-taker only, once the sitting is closed: test/council/minutes',
  'POST /api/council/sessions/{id}/minutes/versions': 'clerks only (function level), any session',
  'GET /api/health': 'public, about the server',
  'GET /api/metrics': 'administrators only, about the server',
  'POST /api/auth/login': 'the credentials are the object (lockout and rotation: test/auth)',
  'POST /api/auth/refresh': 'acts on the session named by the caller’s own cookie (reuse detection: test/auth)',
  'POST /api/auth/logout': 'acts on the session named by the caller’s own cookie',
  'GET /api/me': 'the caller’s own account, no id to swap',
  'GET /api/admin/users': 'administrators only; every administrator sees every user',
  'GET /api/admin/audit': 'administrators only; the whole log is theirs to read',
  'POST /api/admin/backup': 'administrators only; a backup is of the whole portal, nothing in it is per object',
  'POST /api/livekit/webhook': 'LiveKit’s signature is the access (test/council/video)',
  'GET /api/rooms/me': 'the caller’s own room, no id to swap',
  'GET /api/rooms/me/knocks': 'the caller’s own room, no id to swap',
  'GET /api/spaces': 'the directory of rooms and halls is open to every colleague',
  'GET /api/spaces/{id}': 'a room’s door and who is inside are shown to every colleague by design',
  'GET /api/presence': 'presence is shown to every colleague by design',
  'GET /api/people':
    'the directory of enabled colleagues is open to every colleague by design: name, department, room, door and presence only, never e-mail or roles (test/rooms/people)',
  'GET /api/departments': 'the municipality’s departments are open to every colleague',
  'GET /api/halls': 'halls and their policies are open to every colleague',
  'POST /api/halls': 'administrators only; a new hall belongs to no one',
  'GET /api/meetings/upcoming': 'the caller’s own meetings, no id to swap (the crawl checks others’ stay out)',
  'POST /api/me/calendar-feed': 'the caller’s own feed, no id to swap',
  'GET /api/me/mail-preferences': 'the caller’s own mail choices, no id to swap',
  'PUT /api/me/mail-preferences': 'the caller’s own mail choices, no id to swap',
  'GET /api/me/working-hours': 'the caller’s own hours, no id to swap',
  'GET /api/me/absences': 'the caller’s own absences, no id to swap',
  'GET /api/users/{id}/free-slots':
    'free/busy of any colleague is open by design; only times, never titles (the crawl checks no private id shows)',
  'GET /api/one-on-ones': 'the caller’s own requests (the crawl checks others’ stay out)',
  'GET /api/council/sessions': 'published sessions for all; drafts filtered (the crawl checks a draft stays out)',
  'GET /api/council/bodies': 'the council and its committees are public record',
  'GET /api/public/council/bodies': 'public record',
  'PATCH /api/council/bodies/{id}': 'administrators only; every body’s notice period and seats are theirs to set',
  'GET /api/council/mandates': 'the council’s terms are public record',
  'POST /api/council/mandates': 'administrators only; a new mandate belongs to no one',
  'GET /api/council/mandates/{id}/seats': 'who holds the council’s seats, and who held them, is public record',
  'GET /api/council/mandates/{id}/candidates':
    'clerks only (function level); names of accounts with the councillor role, for any mandate',
  'PUT /api/council/mandates/{id}/seats/{seat}':
    'clerks only (function level); every seat of every mandate is theirs to record (test/council/mandates)',
  'POST /api/council/mandates/{id}/seats/{seat}/end':
    'clerks only (function level); every seat of every mandate is theirs to record (test/council/mandates)',
  'GET /api/council/decisions': 'the council’s register is public record (also without login)',
  'GET /api/public/council/decisions': 'public record: decisions exist only for votes taken in published sittings',
  'POST /api/council/decisions/{id}/dispatch': 'clerks only; every decision of the register is theirs to keep',
  'GET /api/public/council/sessions': 'published sessions only (the crawl checks a draft stays out)',
  'GET /api/public/council/sittings':
    'published sittings only, searched and paged (the crawl checks a draft stays out)',
  'GET /api/public/council/register': 'public record: the register of decisions, searched and paged',
  'GET /api/public/council/decisions/{id}':
    'public record: a decision of the council’s register with its sitting, item and vote (test/council/public-record)',
  'GET /api/public/council/data/catalog.jsonld': 'public record: the catalogue of the open datasets',
  'GET /api/public/council/data/{file}':
    'public record: open datasets built from the public views of published sittings (test/council/open-data: a draft is in none)',
  'GET /api/public/council/calendar.ics':
    'published sittings only (test/council/open-data: a draft is not in the feed)',
  'GET /api/council/votes/{id}':
    'votes exist only in published sessions and are public record; secret choices never shown (the crawl)',
  'POST /api/council/sessions/{id}/elections':
    'the chair of the sitting only (a councillor who does not chair it gets 403: test/council/elections)',
  'GET /api/council/elections/{id}':
    'rounds exist only in open sittings and are public record; nobody’s choice is in any answer (test/council/elections)',
  'POST /api/council/elections/{id}/ballots':
    'the caller’s own ballot only, as a present member of the body (a non-member gets 403: test/council/elections)',
  'POST /api/council/elections/{id}/close': 'the chair of the sitting only (test/council/elections)',
  'POST /api/council/elections/{id}/second-round': 'the chair of the sitting only (test/council/elections)',
  'POST /api/council/elections/{id}/paper':
    'clerks only (function level); every paper round of every sitting is theirs to enter (test/council/elections)',
};

/**
 * Objects `other` (a staff member with no part in them) must never find in any answer: the
 * ids of someone else's meeting, one-on-one, knock and absence, and of a draft session.
 */
export const PRIVATE_TO_OTHERS = (w: World): Record<string, string> => ({
  meeting: w.meetingId,
  'one-on-one': w.oneOnOneId,
  knock: w.knockId,
  absence: w.absenceId,
  'draft session': w.draftSittingId,
  'draft’s meeting': w.draftMeetingId,
});

/**
 * A draft, and its calendar meeting, that councillors must never find in any answer (they
 * are invited when the clerk publishes it).
 */
export const PRIVATE_TO_MEMBERS = (w: World): Record<string, string> => ({
  'draft session': w.draftSittingId,
  'draft’s meeting': w.draftMeetingId,
});

/** Keys that must never appear in any answer of the API, at any depth. */
export const NEVER_SEEN_KEYS =
  /^(password|password_?hash|hash|token_?hash|refresh_?token|secret_?hash|ballot_?token)$/i;
