import type { Role } from '@egov-box/contracts';
import type { AuthUser } from '../auth/auth-user.js';
import {
  ADMIN_ROLES,
  CHAIR_ROLES,
  CLERK_OR_ADMIN_ROLES,
  CORRECTION_REQUESTER_ROLES,
  COUNCILLOR_OR_CLERK_ROLES,
  COUNCILLOR_ROLES,
  DECISIONS_READER_ROLES,
  MINUTES_READER_ROLES,
} from './roles.js';

/**
 * The permission vocabulary: every action a signed-in person may try, each with ONE rule.
 * "Who may do X?" is answered by reading X's rule here:
 *
 * - `roles`: who may try it at all ('signed-in': anyone signed in). The route's
 *   `@Authenticated({ permission })` takes its list from here (`rolesOf`), and `requireAccess`
 *   checks it again, so the guard and the service agree by construction.
 * - `after`: a permission that must hold first, for the same objects (e.g. a meeting one may
 *   not see is 404 before it is 403 to change).
 * - `check`: the access check that answers "which of these ids may this actor …", one query
 *   in the owning library's access repository (e.g. `schedule-access.repository.ts`).
 * - `anyObject`: holders of these roles pass the check for every object that exists (or,
 *   where the check says so, for every object of a kind: administrators in every hall's video).
 *   Without a check (`room.join`), the service's own rule reads it through `actsOnAnyObject`.
 * - `denied`: the answer when the check refuses (404 hides that the object exists).
 *
 * A role refusal is 403 `forbidden` "Needs one of the roles: …" (the guard's words), but for
 * a permission that no route guards alone — a service's refinement of its route's permission
 * (a clerk recording for another member) —, which may say its own (`refused`).
 */

/** The object checks; each is answered by one library's access repository. */
export const ACCESS_CHECKS = [
  'hall.exists',
  'hall.bookable',
  'meeting.exists',
  'meeting.visible',
  'meeting.organizer',
  'meeting.participant',
  'meeting.attendee',
  'space.exists',
  'room.moderator',
  'room.personal',
  'knock.exists',
  'knock.owner',
  'oneOnOne.party',
  'councilBody.exists',
  'mandate.exists',
  'sitting.exists',
  'sitting.visible',
  'sitting.chair',
  'sitting.member',
  'vote.exists',
  'vote.visible',
  'vote.chair',
  'speaker.exists',
  'speaker.visible',
  'speaker.chair',
  'speaker.ownOrChair',
  'sitting.minutesReader',
  'decision.exists',
  'election.exists',
  'election.visible',
  'election.chair',
  'sitting.chairOrMember',
  'displayToken.exists',
  'sitting.videoParticipant',
] as const;
export type AccessCheck = (typeof ACCESS_CHECKS)[number];

export type Denial = { status: 404; what: string } | { status: 403; code: string; message: string };

export interface PermissionRule {
  /** What the permission lets one do. */
  summary: string;
  roles: 'signed-in' | readonly Role[];
  /** A permission (a key of `PERMISSIONS`: checked below, at compile time). */
  after?: string;
  check?: AccessCheck;
  anyObject?: readonly Role[];
  denied?: Denial;
  /** The answer when the roles refuse, for a refinement no route guards (default: the guard's words). */
  refused?: Denial;
}

const SIGNED_IN = 'signed-in' as const;
const MEETING_NOT_FOUND: Denial = { status: 404, what: 'Meeting' };
const SITTING_NOT_FOUND: Denial = { status: 404, what: 'Council session' };
const NOT_THE_CHAIR: Denial = { status: 403, code: 'forbidden', message: 'Only the chair does this' };
/** Who sees the council's sittings still in draft: the clerks, who prepare them, and the council's chair (ЗМСМА чл. 25). */
const DRAFT_READERS: readonly Role[] = [...CLERK_OR_ADMIN_ROLES, 'council_chair'];

export const PERMISSIONS = {
  // ---- operations and administration (platform, directory) ----
  'metrics.read': { summary: 'Read the Prometheus metrics', roles: ADMIN_ROLES },
  'audit.read': { summary: 'Read the audit log', roles: ADMIN_ROLES },
  'backup.create': { summary: 'Take a backup of the database and files', roles: ADMIN_ROLES },
  'user.manage': {
    summary: 'Create, change, disable, enable and erase accounts; revoke sign-ins; export personal data',
    roles: ADMIN_ROLES,
  },

  // ---- halls (libs/halls) ----
  'hall.read': {
    summary: 'See the halls, their policies and free/busy (one’s own bookings named)',
    roles: SIGNED_IN,
    check: 'hall.exists',
    denied: { status: 404, what: 'Hall' },
  },
  'hall.manage': {
    summary: 'Create a hall, change a hall or its booking policy',
    roles: ADMIN_ROLES,
    after: 'hall.read',
  },
  'hall.book': {
    summary: 'Book a hall: anyone its policy lets in (allowed roles and departments); clerks and admins always',
    roles: SIGNED_IN,
    after: 'hall.read',
    check: 'hall.bookable',
    anyObject: CLERK_OR_ADMIN_ROLES,
    denied: { status: 403, code: 'not_allowed', message: 'You may not book this hall' },
  },

  // ---- meetings (libs/schedule) ----
  'meeting.listOwn': {
    summary: 'List one’s own upcoming meetings; get a calendar feed of them',
    roles: SIGNED_IN,
  },
  'meeting.read': {
    summary: 'See a meeting: its organizer and participants; clerks and admins any meeting',
    roles: SIGNED_IN,
    check: 'meeting.visible',
    anyObject: CLERK_OR_ADMIN_ROLES,
    denied: MEETING_NOT_FOUND,
  },
  'meeting.update': {
    summary: 'Change or reschedule a meeting: its organizer; clerks and admins any meeting',
    roles: SIGNED_IN,
    after: 'meeting.read',
    check: 'meeting.organizer',
    anyObject: CLERK_OR_ADMIN_ROLES,
    denied: { status: 403, code: 'forbidden', message: 'Only the organizer, a clerk or an administrator may do this' },
  },
  'meeting.cancel': {
    summary: 'Cancel a meeting: its organizer; clerks and admins any meeting',
    roles: SIGNED_IN,
    after: 'meeting.read',
    check: 'meeting.organizer',
    anyObject: CLERK_OR_ADMIN_ROLES,
    denied: { status: 403, code: 'forbidden', message: 'Only the organizer, a clerk or an administrator may do this' },
  },
  'meeting.respond': {
    summary: 'Reply to an invitation: the meeting’s participants',
    roles: SIGNED_IN,
    after: 'meeting.read',
    check: 'meeting.participant',
    denied: { status: 403, code: 'not_participant', message: 'Only participants reply to an invitation' },
  },
  'meeting.join': {
    summary: 'Join a meeting’s video: its organizer and participants who have not declined',
    roles: SIGNED_IN,
    after: 'meeting.read',
    check: 'meeting.attendee',
    denied: {
      status: 403,
      code: 'not_participant',
      message: 'Only participants who have not declined join a meeting',
    },
  },
  'meeting.approve': {
    summary: 'Approve or reject a pending booking (with its pending series)',
    roles: CLERK_OR_ADMIN_ROLES,
    check: 'meeting.exists',
    denied: MEETING_NOT_FOUND,
  },

  // ---- rooms, spaces, knocks and the people directory (libs/rooms, libs/presence, libs/directory) ----
  'people.read': {
    summary: 'See the people directory: every enabled colleague’s name, department, room, door and presence',
    roles: SIGNED_IN,
  },
  'presence.setOwn': {
    summary:
      'Set one’s own presence (busy, away, do not disturb) over the socket (`presence.set`); nobody sets another’s',
    roles: SIGNED_IN,
  },
  'room.manageOwn': {
    summary: 'See one’s own personal room, set its door, read the knocks on it',
    roles: SIGNED_IN,
  },
  'space.read': {
    summary: 'See the spaces (personal rooms, halls, the chamber): door, owner, who is inside',
    roles: SIGNED_IN,
    check: 'space.exists',
    denied: { status: 404, what: 'Space' },
  },
  'room.watch': {
    summary: 'Follow a personal room’s door and its owner’s presence (socket `room.watch`)',
    roles: SIGNED_IN,
    check: 'room.personal',
    denied: { status: 404, what: 'Personal room' },
  },
  'room.join': {
    summary:
      'Enter a space’s video. The door of a personal room decides (RoomsService.joinAccess); a hall’s and the chamber’s room: those invited to a meeting there now, and administrators',
    roles: SIGNED_IN,
    after: 'space.read',
    anyObject: ADMIN_ROLES,
  },
  'room.moderate': {
    summary:
      'Remove or mute someone in a space’s video: the owner of a personal room; administrators in halls and the chamber',
    roles: SIGNED_IN,
    after: 'space.read',
    check: 'room.moderator',
    anyObject: ADMIN_ROLES,
    denied: { status: 403, code: 'not_room_owner', message: 'Only the owner of the room may do this' },
  },
  'room.knock': {
    summary: 'Knock on a colleague’s room (the door and the knock’s own rules decide the rest)',
    roles: SIGNED_IN,
    after: 'space.read',
  },
  'knock.find': {
    summary: 'Find a knock by its id (only as the first step of `knock.answer`)',
    roles: SIGNED_IN,
    check: 'knock.exists',
    denied: { status: 404, what: 'Knock' },
  },
  'knock.answer': {
    summary: 'Let a visitor in or turn them away: the owner of the room knocked on',
    roles: SIGNED_IN,
    after: 'knock.find',
    check: 'knock.owner',
    denied: { status: 403, code: 'not_room_owner', message: 'Only the owner of the room may do this' },
  },

  // ---- one-on-ones and availability (libs/one-on-one) ----
  'availability.manageOwn': {
    summary: 'See and set one’s own working hours and absences',
    roles: SIGNED_IN,
  },
  'availability.read': {
    summary: 'See anyone’s free slots (times only, no titles)',
    roles: SIGNED_IN,
  },
  'oneOnOne.request': {
    summary: 'Ask a colleague for a one-on-one; list one’s own requests',
    roles: SIGNED_IN,
  },
  'oneOnOne.read': {
    summary: 'See a one-on-one request: only its two people (to anyone else it is not there)',
    roles: SIGNED_IN,
    check: 'oneOnOne.party',
    denied: { status: 404, what: 'One-on-one request' },
  },
  'oneOnOne.respond': {
    summary:
      'Accept, decline or counter-propose: its two people (whose turn it is is the request’s state, checked under its lock: 403 not_your_turn)',
    roles: SIGNED_IN,
    after: 'oneOnOne.read',
  },
  'oneOnOne.cancel': {
    summary: 'Call a one-on-one off, pending or agreed: either of its two people',
    roles: SIGNED_IN,
    after: 'oneOnOne.read',
  },

  // ---- the council: bodies, mandates and seats (libs/council) ----
  'council.body.read': {
    summary: 'See the council and its standing committees, with their members and chairs',
    roles: SIGNED_IN,
  },
  'council.body.manage': {
    summary: 'Create a standing committee; set a committee’s members and chair',
    roles: CLERK_OR_ADMIN_ROLES,
    check: 'councilBody.exists',
    denied: { status: 404, what: 'Council body' },
  },
  'council.body.configure': {
    summary: 'Set a body’s settings: notice and review days, seats, agenda vote, speaking limits',
    roles: ADMIN_ROLES,
    check: 'councilBody.exists',
    denied: { status: 404, what: 'Council body' },
  },
  'council.mandate.read': {
    summary: 'See the council’s mandates and who held each seat, from when to when',
    roles: SIGNED_IN,
    check: 'mandate.exists',
    denied: { status: 404, what: 'Mandate' },
  },
  'council.mandate.create': {
    summary: 'Start the record of a new mandate',
    roles: ADMIN_ROLES,
  },
  'council.seat.manage': {
    summary: 'Record who holds a seat of a mandate and when a holding ended; list who may take one',
    roles: CLERK_OR_ADMIN_ROLES,
    check: 'mandate.exists',
    denied: { status: 404, what: 'Mandate' },
  },

  // ---- the council: sittings (libs/council) ----
  'council.sitting.read': {
    summary:
      'See a sitting, its agenda, votes and speakers. A draft only the clerks and the council’s chair (nobody else, not the public: it is not there until published); anyone else a published one',
    roles: SIGNED_IN,
    check: 'sitting.visible',
    anyObject: DRAFT_READERS,
    denied: SITTING_NOT_FOUND,
  },
  'council.sitting.prepare': {
    summary: 'Create a sitting as a draft, edit the draft, reschedule it once published',
    roles: CLERK_OR_ADMIN_ROLES,
    check: 'sitting.exists',
    denied: SITTING_NOT_FOUND,
  },
  'council.sitting.publish': {
    summary: 'Publish a draft sitting (its members are invited; the notice period is checked)',
    roles: CLERK_OR_ADMIN_ROLES,
    check: 'sitting.exists',
    denied: SITTING_NOT_FOUND,
  },
  'council.sitting.chair': {
    summary:
      'Chair a sitting: open, pause, resume and close it, take up an item, declare it remote, give a remote member the microphone. The council’s chair every sitting; a committee’s chair (a councillor) its committee’s',
    roles: CHAIR_ROLES,
    after: 'council.sitting.read',
    check: 'sitting.chair',
    anyObject: ['council_chair'],
    denied: NOT_THE_CHAIR,
  },

  // ---- the council: attendance and conflicts of interest (libs/council) ----
  'council.attendance.record': {
    summary:
      'Check in or out of a sitting one may see: a member for themself (the check-in code or camera rules apply); the clerk for others (`council.attendance.recordOthers`)',
    roles: COUNCILLOR_OR_CLERK_ROLES,
    after: 'council.sitting.read',
  },
  'council.attendance.recordOthers': {
    summary: 'Register other members present or gone, one or many at once: the clerk, in the hall',
    roles: CLERK_OR_ADMIN_ROLES,
    after: 'council.sitting.read',
    refused: { status: 403, code: 'forbidden', message: 'Only the clerk registers other members' },
  },
  'council.conflict.declare': {
    summary:
      'Declare a conflict of interest on an item: a member of the sitting’s body for themself; the clerk records one declared in the hall (`council.conflict.record`)',
    roles: COUNCILLOR_OR_CLERK_ROLES,
    after: 'council.sitting.read',
    check: 'sitting.member',
    denied: { status: 403, code: 'not_a_member', message: 'Only members of the body declare a conflict of interest' },
  },
  'council.conflict.record': {
    summary: 'Record a conflict of interest a member declared orally in the hall: the clerk',
    roles: CLERK_OR_ADMIN_ROLES,
    after: 'council.sitting.read',
    refused: { status: 403, code: 'forbidden', message: 'Only the clerk records a declaration made in the hall' },
  },

  // ---- the council: votes (libs/council) ----
  'council.vote.find': {
    summary: 'Find a vote by its id (only as the first step of another vote permission)',
    roles: SIGNED_IN,
    check: 'vote.exists',
    denied: { status: 404, what: 'Vote' },
  },
  'council.vote.read': {
    summary: 'See a vote of a sitting one may see (one’s own ballot marked; a secret vote’s choices never)',
    roles: SIGNED_IN,
    after: 'council.vote.find',
    check: 'vote.visible',
    anyObject: DRAFT_READERS,
    denied: SITTING_NOT_FOUND,
  },
  'council.vote.open': {
    summary: 'Open a vote in a sitting one chairs: an item’s, a motion’s, the agenda’s adoption',
    roles: CHAIR_ROLES,
    after: 'council.sitting.chair',
  },
  'council.vote.close': {
    summary: 'Close a vote of a sitting one chairs (the result is counted then)',
    roles: CHAIR_ROLES,
    after: 'council.vote.read',
    check: 'vote.chair',
    anyObject: ['council_chair'],
    denied: NOT_THE_CHAIR,
  },
  'council.vote.cast': {
    summary:
      'Cast a ballot: a member for themself (`council.vote.castOwn`); the clerk records a member’s hand vote (`council.vote.castFor`). Membership, presence, identification and conflicts are the vote’s state, checked under the sitting’s lock',
    roles: COUNCILLOR_OR_CLERK_ROLES,
    after: 'council.vote.find',
  },
  'council.vote.castOwn': {
    summary: 'Cast one’s own ballot: members of the council',
    roles: COUNCILLOR_ROLES,
    after: 'council.vote.cast',
    refused: { status: 403, code: 'not_a_member', message: 'Only members of the council vote' },
  },
  'council.vote.castFor': {
    summary: 'Record a member’s ballot cast by hand in the hall (never a secret one): the clerk',
    roles: CLERK_OR_ADMIN_ROLES,
    after: 'council.vote.cast',
    refused: { status: 403, code: 'forbidden', message: 'Only the clerk records ballots for others' },
  },

  // ---- the council: the floor (libs/council) ----
  'council.floor.request': {
    summary: 'Ask for the floor in a sitting: members of its body (a conflict on the item is the sitting’s state)',
    roles: COUNCILLOR_ROLES,
    after: 'council.sitting.read',
    check: 'sitting.member',
    denied: { status: 403, code: 'not_a_member', message: 'Only members of the body ask for the floor' },
  },
  'council.speaker.find': {
    summary: 'Find a request for the floor by its id (only as the first step of another)',
    roles: SIGNED_IN,
    check: 'speaker.exists',
    denied: { status: 404, what: 'Speaker request' },
  },
  'council.speaker.read': {
    summary: 'See a request for the floor of a sitting one may see (only as the first step of another)',
    roles: SIGNED_IN,
    after: 'council.speaker.find',
    check: 'speaker.visible',
    anyObject: DRAFT_READERS,
    denied: SITTING_NOT_FOUND,
  },
  'council.floor.give': {
    summary: 'Give the floor and end it: the sitting’s chair',
    roles: CHAIR_ROLES,
    after: 'council.speaker.read',
    check: 'speaker.chair',
    anyObject: ['council_chair'],
    denied: { status: 403, code: 'forbidden', message: 'Only the chair gives and ends the floor' },
  },
  'council.floor.order': {
    summary: 'Move a waiting request for the floor to a place in the queue: the sitting’s chair',
    roles: CHAIR_ROLES,
    after: 'council.speaker.read',
    check: 'speaker.chair',
    anyObject: ['council_chair'],
    denied: { status: 403, code: 'forbidden', message: 'Only the chair orders the speakers' },
  },
  'council.floor.withdraw': {
    summary: 'Withdraw a waiting request for the floor: the member who asked, or the chair',
    roles: COUNCILLOR_ROLES,
    after: 'council.speaker.read',
    check: 'speaker.ownOrChair',
    anyObject: ['council_chair'],
    denied: { status: 403, code: 'forbidden', message: 'Only the member who asked (or the chair) may withdraw' },
  },

  // ---- the council: minutes (libs/council) ----
  'council.minutes.read': {
    summary:
      'Read the minutes being written and where they stand: the clerks, the council’s chair, the committee’s chair, the sitting’s minute-taker, the members of the body (published versions are public)',
    roles: MINUTES_READER_ROLES,
    after: 'council.sitting.read',
    check: 'sitting.minutesReader',
    anyObject: DRAFT_READERS,
    denied: {
      status: 403,
      code: 'forbidden',
      message: 'The clerks, the chair, the minute-taker and the members of the body read the minutes being written',
    },
  },
  'council.minutes.correct': {
    summary:
      'Ask for a correction of the draft minutes during the review period: members of the body (checked with the minutes’ state: 403 not_a_member)',
    roles: CORRECTION_REQUESTER_ROLES,
    after: 'council.sitting.read',
  },
  'council.minutes.sign': {
    summary:
      'Sign the minutes after the review period: the chair and the minute-taker (checked with the minutes’ state: 403 not_a_signer)',
    roles: SIGNED_IN,
    after: 'council.sitting.read',
  },
  'council.minutes.manage': {
    summary: 'Name the minute-taker, answer correction requests, publish the signed minutes, start a new version',
    roles: CLERK_OR_ADMIN_ROLES,
    after: 'council.sitting.read',
  },

  // ---- the council: the register of decisions (libs/council) ----
  'council.decision.read': {
    summary:
      'Read the council’s whole register of decisions, with what was debated: its members, its chair and the clerks (the public reads it without closed-door debate)',
    roles: DECISIONS_READER_ROLES,
  },
  'council.decision.dispatch': {
    summary: 'Record that an adopted decision was sent to the mayor or the governor, or made public: the clerk',
    roles: CLERK_OR_ADMIN_ROLES,
    check: 'decision.exists',
    denied: { status: 404, what: 'Decision' },
  },

  // ---- the council: elections (libs/council) ----
  'council.election.find': {
    summary: 'Find an election round by its id (only as the first step of another)',
    roles: SIGNED_IN,
    check: 'election.exists',
    denied: { status: 404, what: 'Election' },
  },
  'council.election.read': {
    summary: 'See an election round of a sitting one may see: candidates, how many voted, the result once closed',
    roles: SIGNED_IN,
    after: 'council.election.find',
    check: 'election.visible',
    anyObject: DRAFT_READERS,
    denied: SITTING_NOT_FOUND,
  },
  'council.election.open': {
    summary: 'Open an election on the current item of a sitting one chairs',
    roles: CHAIR_ROLES,
    after: 'council.sitting.chair',
  },
  'council.election.chair': {
    summary: 'Close an electronic round, open the second round: the sitting’s chair',
    roles: CHAIR_ROLES,
    after: 'council.election.read',
    check: 'election.chair',
    anyObject: ['council_chair'],
    denied: NOT_THE_CHAIR,
  },
  'council.election.vote': {
    summary:
      'Cast a secret ballot in an electronic round: members of the council (membership, presence, identification, conflicts: the round’s state under the sitting’s lock)',
    roles: COUNCILLOR_ROLES,
    after: 'council.election.read',
  },
  'council.election.paper': {
    summary: 'Enter a paper round’s totals from the counting commission: the clerk',
    roles: CLERK_OR_ADMIN_ROLES,
    after: 'council.election.find',
  },

  // ---- the council: the agenda at the sitting (libs/council) ----
  'council.item.propose': {
    summary: 'Propose an urgent item at an open sitting: a member of its body, or its chair',
    roles: CHAIR_ROLES,
    after: 'council.sitting.read',
    check: 'sitting.chairOrMember',
    anyObject: ['council_chair'],
    denied: { status: 403, code: 'not_a_member', message: 'A member of the body or its chair proposes an item' },
  },

  // ---- the council: where members take part (libs/council) ----
  'council.checkIn.readCode': {
    summary: 'See the chamber’s check-in code now: the clerks and the sitting’s chair',
    roles: [...CHAIR_ROLES, ...CLERK_OR_ADMIN_ROLES],
    after: 'council.sitting.read',
    check: 'sitting.chair',
    anyObject: DRAFT_READERS,
    denied: { status: 403, code: 'forbidden', message: 'Only the clerk and the chair see the code' },
  },
  'council.member.identify': {
    summary: 'Confirm a present member’s identity by sight and voice in a remote sitting: the clerk',
    roles: CLERK_OR_ADMIN_ROLES,
    check: 'sitting.exists',
    denied: SITTING_NOT_FOUND,
  },

  // ---- the council: the chamber's screen (libs/council) ----
  'council.display.manage': {
    summary: 'Make display tokens for a sitting’s chamber screen and list them: the clerk',
    roles: CLERK_OR_ADMIN_ROLES,
    after: 'council.sitting.read',
  },
  'council.display.revoke': {
    summary: 'Revoke a display token (its screens are disconnected): the clerk',
    roles: CLERK_OR_ADMIN_ROLES,
    check: 'displayToken.exists',
    denied: { status: 404, what: 'Display token' },
  },

  // ---- the council: closed-door sittings and items (libs/council) ----
  'council.closedDoor.record': {
    summary:
      'Record the council’s decision that a sitting or an item be closed-door (ЗМСМА чл. 28), or undo it on a draft: the clerk',
    roles: CLERK_OR_ADMIN_ROLES,
    after: 'council.sitting.read',
  },

  // ---- the council: a sitting's video (libs/council) ----
  'council.video.join': {
    summary:
      'Join a live sitting’s video: the members of its body, its chair, the clerks (the chair and the clerks publish; members when given the floor, or their camera in a remote sitting)',
    roles: SIGNED_IN,
    after: 'council.sitting.read',
    check: 'sitting.videoParticipant',
    anyObject: DRAFT_READERS,
    denied: { status: 403, code: 'forbidden', message: 'Only members of the body, the chair and the clerk join' },
  },
  'council.video.mute': {
    summary: 'Mute a member’s published audio in the sitting’s video: its chair',
    roles: CHAIR_ROLES,
    after: 'council.sitting.read',
    check: 'sitting.chair',
    anyObject: ['council_chair'],
    denied: { status: 403, code: 'forbidden', message: 'Only the chair mutes' },
  },
  'council.video.remove': {
    summary: 'Take a participant out of the sitting’s video (only the video): its chair',
    roles: CHAIR_ROLES,
    after: 'council.sitting.read',
    check: 'sitting.chair',
    anyObject: ['council_chair'],
    denied: { status: 403, code: 'forbidden', message: 'Only the chair removes participants' },
  },

  // ---- the council: an agenda item's materials (libs/council) ----
  'council.material.read': {
    summary:
      'Download a material of a sitting one may see (a draft’s: the clerks and the council’s chair; 404 Material to anyone else); published ones are public too',
    roles: SIGNED_IN,
    check: 'sitting.visible',
    anyObject: DRAFT_READERS,
    denied: { status: 404, what: 'Material' },
  },
  'council.material.upload': {
    summary:
      'Attach a material to an agenda item: the clerks to any item; a member or the chair only to the urgent item they proposed while it awaits its vote (MaterialsService.upload reads the proposal)',
    roles: [...CLERK_OR_ADMIN_ROLES, ...CHAIR_ROLES],
    anyObject: CLERK_OR_ADMIN_ROLES,
  },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

type Rules = typeof PERMISSIONS;
/** Every `after` names a permission (a typo fails to compile). */
type Afters = { [P in Permission]: Rules[P] extends { after: infer A } ? A : never }[Permission];
const afterIsAPermission: Afters extends Permission ? true : never = true;
void afterIsAPermission;

export const ruleOf = (permission: Permission): PermissionRule & { after?: Permission } =>
  PERMISSIONS[permission] as PermissionRule & { after?: Permission };

/**
 * The roles a route asks for (`@Authenticated({ roles: rolesOf('hall.manage') })`); undefined
 * when any signed-in person may try.
 */
export function rolesOf(permission: Permission): readonly Role[] | undefined {
  const { roles } = ruleOf(permission);
  return roles === SIGNED_IN ? undefined : roles;
}

type Actor = Pick<AuthUser, 'roles'>;

/** Whether the actor's roles let them try the permission (its own roles and those of its `after` chain). */
export function mayTry(actor: Actor, permission: Permission): boolean {
  const rule = ruleOf(permission);
  const roles = rolesOf(permission);
  if (roles && !actor.roles.some((r) => roles.includes(r))) return false;
  return rule.after ? mayTry(actor, rule.after) : true;
}

/** Whether the actor passes the permission's object check for every object (clerks on meetings…). */
export function actsOnAnyObject(actor: Actor, permission: Permission): boolean {
  const anyObject = ruleOf(permission).anyObject ?? [];
  return actor.roles.some((r) => anyObject.includes(r));
}
