import type { Persona, World } from '../support/world.js';

/**
 * Object- and property-level access, table-driven (function-level access by role is in
 * `access-table.ts`). Each row is a request by someone who must NOT get what they ask for:
 * another user of the same role reaching someone else's object, a participant doing what
 * only the owner may, or a caller setting a field they must not set. The suite checks the
 * refusal, that the database is unchanged, and — where a row names `allowed` — that the
 * rightful caller does get through the same door (so the row can fail).
 *
 * The world (who owns what) is built by `test/support/world.ts`: `owner` (servant01) booked
 * a meeting inviting `invitee` (servant03); `invitee` knocked on the owner's room and asked
 * the owner for a one-on-one; `other` (servant02) has no part in any of it. The clerk made
 * the council session, the chair opened it, a secret vote is open on its first item and
 * `councillor` (councillor01) asked for the floor.
 */
export interface ObjectRow {
  what: string;
  as: Persona | 'anonymous';
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: (w: World) => string;
  body?: (w: World) => unknown;
  /** Acceptable refusals. */
  refused: number[];
  code?: string;
  /** A read by the rightful caller that must succeed (the control for this row). */
  allowed?: { as: Persona; method?: 'GET'; path?: (w: World) => string };
}

const DENY = [403, 404];
const future = () => {
  const d = new Date(Date.now() + 40 * 86_400_000);
  d.setUTCHours(9, 0, 0, 0);
  return { startsAt: d.toISOString(), endsAt: new Date(d.getTime() + 3_600_000).toISOString() };
};

export const OBJECT_ROWS: ObjectRow[] = [
  // meetings: only participants see one; only the organizer changes or cancels it
  {
    what: 'a staff member reads a meeting they are not part of',
    as: 'other',
    method: 'GET',
    path: (w) => `/api/meetings/${w.meetingId}`,
    refused: DENY,
    allowed: { as: 'invitee' },
  },
  {
    what: 'a staff member cancels a meeting they are not part of',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/meetings/${w.meetingId}/cancel`,
    body: () => ({}),
    refused: DENY,
    allowed: { as: 'owner', path: (w) => `/api/meetings/${w.meetingId}` },
  },
  {
    what: 'an invitee cancels the organizer’s meeting',
    as: 'invitee',
    method: 'POST',
    path: (w) => `/api/meetings/${w.meetingId}/cancel`,
    body: () => ({}),
    refused: DENY,
  },
  {
    what: 'an invitee moves the organizer’s meeting',
    as: 'invitee',
    method: 'PATCH',
    path: (w) => `/api/meetings/${w.meetingId}`,
    body: future,
    refused: DENY,
  },
  {
    what: 'a staff member moves a meeting they are not part of',
    as: 'other',
    method: 'PATCH',
    path: (w) => `/api/meetings/${w.meetingId}`,
    body: () => ({ title: 'Чужда среща' }),
    refused: DENY,
  },
  {
    what: 'a staff member answers an invitation that is not theirs',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/meetings/${w.meetingId}/rsvp`,
    body: () => ({ response: 'accepted' }),
    refused: DENY,
  },
  {
    what: 'a staff member joins the video of a meeting they are not part of',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/meetings/${w.meetingId}/join`,
    body: () => ({}),
    refused: DENY,
  },
  {
    what: 'the organizer approves their own booking (a clerk’s job)',
    as: 'owner',
    method: 'POST',
    path: (w) => `/api/meetings/${w.meetingId}/approve`,
    body: () => ({}),
    refused: [403],
  },
  // knocks and rooms: only the room's owner answers knocks and manages participants
  {
    what: 'a staff member admits a knock on someone else’s room',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/knocks/${w.knockId}/admit`,
    refused: DENY,
    allowed: { as: 'owner', path: () => '/api/rooms/me/knocks' },
  },
  {
    what: 'the visitor admits their own knock',
    as: 'invitee',
    method: 'POST',
    path: (w) => `/api/knocks/${w.knockId}/admit`,
    refused: DENY,
  },
  {
    what: 'a staff member denies a knock on someone else’s room',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/knocks/${w.knockId}/deny`,
    refused: DENY,
  },
  {
    what: 'a staff member removes a participant from someone else’s room',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/spaces/${w.ownerRoomId}/participants/${w.s.invitee.user.id}/remove`,
    refused: DENY,
  },
  {
    what: 'a staff member mutes a participant in someone else’s room',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/spaces/${w.ownerRoomId}/participants/${w.s.invitee.user.id}/mute`,
    body: () => ({ trackSid: 'TR_x' }),
    refused: DENY,
  },
  // one-on-ones: only the two people see a request; only the addressee accepts it
  {
    what: 'a staff member reads a one-on-one between two others',
    as: 'other',
    method: 'GET',
    path: (w) => `/api/one-on-ones/${w.oneOnOneId}`,
    refused: DENY,
    allowed: { as: 'owner' },
  },
  {
    what: 'a staff member accepts a one-on-one addressed to someone else',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/one-on-ones/${w.oneOnOneId}/accept`,
    body: () => ({ slot: future() }),
    refused: DENY,
  },
  {
    what: 'the requester declines their own request (only the addressee answers it)',
    as: 'invitee',
    method: 'POST',
    path: (w) => `/api/one-on-ones/${w.oneOnOneId}/decline`,
    body: () => ({}),
    refused: [403, 409],
  },
  {
    what: 'a staff member cancels a one-on-one between two others',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/one-on-ones/${w.oneOnOneId}/cancel`,
    body: () => ({}),
    refused: DENY,
  },
  {
    what: 'a staff member removes someone else’s absence',
    as: 'other',
    method: 'DELETE',
    path: (w) => `/api/me/absences/${w.absenceId}`,
    refused: DENY,
    allowed: { as: 'owner', path: () => '/api/me/absences' },
  },
  // halls: administrators only change them
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
  // council: a member acts for themselves only
  {
    what: 'a councillor checks another councillor in',
    as: 'councillor',
    method: 'POST',
    path: (w) => `/api/council/sessions/${w.councilSessionId}/attendance`,
    body: (w) => ({ userId: w.s.councillor2.user.id }),
    refused: [403],
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
    what: 'a councillor withdraws another councillor’s request for the floor',
    as: 'councillor2',
    method: 'POST',
    path: (w) => `/api/council/speakers/${w.speakerId}/withdraw`,
    refused: DENY,
    allowed: { as: 'councillor', path: (w) => `/api/council/sessions/${w.councilSessionId}/speakers` },
  },
  {
    what: 'a staff member casts a ballot',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/council/votes/${w.voteId}/ballots`,
    body: () => ({ choice: 'for' }),
    refused: [403],
  },
  // council drafts: nobody but the clerks sees a session before it is published
  {
    what: 'a councillor reads a draft council session',
    as: 'councillor',
    method: 'GET',
    path: (w) => `/api/council/sessions/${w.draftSessionId}`,
    refused: [404],
    allowed: { as: 'clerk' },
  },
  {
    what: 'the public reads a draft council session',
    as: 'anonymous',
    method: 'GET',
    path: (w) => `/api/public/council/sessions/${w.draftSessionId}`,
    refused: [404],
  },
  {
    what: 'the public reads the agenda of a draft council session',
    as: 'anonymous',
    method: 'GET',
    path: (w) => `/api/public/council/sessions/${w.draftSessionId}/agenda`,
    refused: [404],
  },
  {
    what: 'the public reads the minutes of a session whose minutes are not published',
    as: 'anonymous',
    method: 'GET',
    path: (w) => `/api/public/council/sessions/${w.councilSessionId}/minutes`,
    refused: [404],
  },
  {
    what: 'the chair opens a draft the clerk has not published',
    as: 'chair',
    method: 'POST',
    path: (w) => `/api/council/sessions/${w.draftSessionId}/open`,
    body: () => ({}),
    refused: [404, 409],
  },
  // administration of people: not even for oneself
  {
    what: 'a staff member gives themselves the administrator role',
    as: 'owner',
    method: 'PATCH',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}`,
    body: () => ({ roles: ['admin'] }),
    refused: [403],
  },
  {
    what: 'a staff member ends another user’s sessions',
    as: 'other',
    method: 'POST',
    path: (w) => `/api/admin/users/${w.s.owner.user.id}/sessions/revoke`,
    refused: [403],
  },

  // property level: fields nobody may set through these doors (strict schemas: 400)
  {
    what: 'the owner sets the owner of their room',
    as: 'owner',
    method: 'PATCH',
    path: () => '/api/rooms/me',
    body: (w) => ({ door: 'open', ownerId: w.s.other.user.id }),
    refused: [400],
    code: 'validation_failed',
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
    what: 'a one-on-one request is made already accepted',
    as: 'other',
    method: 'POST',
    path: () => '/api/one-on-ones',
    body: (w) => ({ inviteeId: w.s.owner.user.id, topic: 'x', slots: [future()], status: 'accepted' }),
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
];

/**
 * Objects `other` (a staff member with no part in them) must never find in any answer: the
 * ids of someone else's meeting, one-on-one, knock and absence, and of a draft session.
 */
export const PRIVATE_TO_OTHERS = (w: World): Record<string, string> => ({
  meeting: w.meetingId,
  'one-on-one': w.oneOnOneId,
  knock: w.knockId,
  absence: w.absenceId,
  'draft session': w.draftSessionId,
});

/** Keys that must never appear in any answer of the API, at any depth. */
export const NEVER_SEEN_KEYS =
  /^(password|password_?hash|hash|token_?hash|refresh_?token|secret_?hash|ballot_?token)$/i;
