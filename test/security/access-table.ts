import type { Role } from '../../libs/contracts/src/index.js';
import { PERMISSION_NAMES, rolesOf, type Permission } from '../../libs/platform/src/access/permissions.js';

/**
 * Who may call each route, by role (function-level access). Object- and property-level
 * rules (the owner vs another user of the same role) are in `object-access-table.ts`, which
 * must also account for every route; here a route marked 'authenticated' only has to let
 * every signed-in role past the guard.
 *
 * Keys are `METHOD /path` exactly as in the OpenAPI document. Every route of the API
 * needs a row: the access-matrix suite fails on a route without one, and on a row
 * without a route.
 *
 * Where the route's rule is a permission of the vocabulary (libs/platform/src/access/
 * permissions.ts), the row names it: its roles are the permission's. Every permission needs
 * a row, and a row may name only a known permission (the access-matrix suite checks both).
 */
export type Access = 'public' | 'authenticated' | { roles: Role[] };
export type RouteRule = Access | { permission: Permission };

export const ROUTE_RULES: Record<string, RouteRule> = {
  // operations
  'GET /api/health': 'public',
  'GET /api/metrics': { permission: 'metrics.read' },
  // auth
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/me': 'authenticated',
  'GET /api/me/mail-preferences': 'authenticated',
  'PUT /api/me/mail-preferences': 'authenticated',
  // administration
  'GET /api/admin/users': { permission: 'user.manage' },
  'POST /api/admin/users': { permission: 'user.manage' },
  'PATCH /api/admin/users/{id}': { permission: 'user.manage' },
  'POST /api/admin/users/{id}/disable': { permission: 'user.manage' },
  'POST /api/admin/users/{id}/enable': { permission: 'user.manage' },
  'POST /api/admin/users/{id}/sessions/revoke': { permission: 'user.manage' },
  'GET /api/admin/users/{id}/personal-data': { permission: 'user.manage' },
  'POST /api/admin/users/{id}/erase': { permission: 'user.manage' },
  'GET /api/admin/audit': { permission: 'audit.read' },
  'POST /api/admin/backup': { permission: 'backup.create' },
  // video
  'POST /api/livekit/webhook': 'public', // verified by LiveKit's signature instead
  // rooms (object-level rules — door, owner — are tested in test/rooms)
  'GET /api/rooms/me': { permission: 'room.manageOwn' },
  'PATCH /api/rooms/me': { permission: 'room.manageOwn' },
  'GET /api/rooms/me/knocks': { permission: 'room.manageOwn' },
  'GET /api/spaces': { permission: 'space.read' },
  'GET /api/spaces/{id}': { permission: 'space.read' },
  'POST /api/spaces/{id}/join': { permission: 'room.join' },
  'POST /api/spaces/{id}/knocks': { permission: 'room.knock' },
  'POST /api/spaces/{id}/participants/{identity}/remove': { permission: 'room.moderate' },
  'POST /api/spaces/{id}/participants/{identity}/mute': { permission: 'room.moderate' },
  'POST /api/knocks/{id}/admit': { permission: 'knock.answer' },
  'POST /api/knocks/{id}/deny': { permission: 'knock.answer' },
  // presence
  'GET /api/presence': { permission: 'people.read' },
  // the people directory (test/rooms/people)
  'GET /api/people': { permission: 'people.read' },
  'GET /api/departments': { permission: 'people.read' },
  // halls (bookings: policy and 'who may book' are tested in test/halls)
  'GET /api/halls': { permission: 'hall.read' },
  'POST /api/halls': { permission: 'hall.manage' },
  'PATCH /api/halls/{id}': { permission: 'hall.manage' },
  'POST /api/halls/{id}/bookings': { permission: 'hall.book' },
  // meetings (participant / organizer rules are tested in test/schedule and test/halls)
  'GET /api/meetings/upcoming': { permission: 'meeting.listOwn' },
  'GET /api/meetings/{id}': { permission: 'meeting.read' },
  'PATCH /api/meetings/{id}': { permission: 'meeting.update' },
  'POST /api/meetings/{id}/rsvp': { permission: 'meeting.respond' },
  'POST /api/meetings/{id}/cancel': { permission: 'meeting.cancel' },
  'POST /api/meetings/{id}/approve': { permission: 'meeting.approve' },
  'POST /api/meetings/{id}/reject': { permission: 'meeting.approve' },
  'POST /api/meetings/{id}/join': { permission: 'meeting.join' },
  'POST /api/me/calendar-feed': { permission: 'meeting.listOwn' },
  'GET /api/calendar/{file}': 'public', // the secret in the URL is the access
  // one-on-ones (only the two people may see or answer a request: tested in test/one-on-one)
  'GET /api/me/working-hours': { permission: 'availability.manageOwn' },
  'PUT /api/me/working-hours': { permission: 'availability.manageOwn' },
  'GET /api/me/absences': { permission: 'availability.manageOwn' },
  'POST /api/me/absences': { permission: 'availability.manageOwn' },
  'DELETE /api/me/absences/{id}': { permission: 'availability.manageOwn' },
  'GET /api/users/{id}/free-slots': { permission: 'availability.read' },
  'GET /api/one-on-ones': { permission: 'oneOnOne.request' },
  'POST /api/one-on-ones': { permission: 'oneOnOne.request' },
  'GET /api/one-on-ones/{id}': { permission: 'oneOnOne.read' },
  'POST /api/one-on-ones/{id}/accept': { permission: 'oneOnOne.respond' },
  'POST /api/one-on-ones/{id}/decline': { permission: 'oneOnOne.respond' },
  'POST /api/one-on-ones/{id}/propose': { permission: 'oneOnOne.respond' },
  'POST /api/one-on-ones/{id}/cancel': { permission: 'oneOnOne.cancel' },
  // council (object-level rules — self vs clerk check-in, present members, conflicts — in test/council)
  'POST /api/council/sessions': { permission: 'council.sitting.prepare' },
  'GET /api/council/sessions': { permission: 'council.sitting.read' },
  'GET /api/council/sessions/{id}': { permission: 'council.sitting.read' },
  'POST /api/council/sessions/{id}/publish': { permission: 'council.sitting.publish' },
  'POST /api/council/sessions/{id}/reschedule': { permission: 'council.sitting.prepare' },
  // closed-door (ЗМСМА чл. 28): the clerk records the council's decision
  'POST /api/council/sessions/{id}/closed-door': { permission: 'council.closedDoor.record' },
  'POST /api/council/sessions/{id}/items/{itemId}/closed-door': { permission: 'council.closedDoor.record' },
  // chair actions: the council_chair, or a councillor who chairs the committee (checked per session in test/council)
  'POST /api/council/sessions/{id}/open': { permission: 'council.sitting.chair' },
  'POST /api/council/sessions/{id}/pause': { permission: 'council.sitting.chair' },
  'POST /api/council/sessions/{id}/resume': { permission: 'council.sitting.chair' },
  'POST /api/council/sessions/{id}/close': { permission: 'council.sitting.chair' },
  'PATCH /api/council/sessions/{id}': { permission: 'council.sitting.prepare' },
  'GET /api/council/bodies': { permission: 'council.body.read' },
  'POST /api/council/bodies': { permission: 'council.body.manage' },
  'PUT /api/council/bodies/{id}/members': { permission: 'council.body.manage' },
  'PATCH /api/council/bodies/{id}': { permission: 'council.body.configure' },
  'GET /api/council/mandates': { permission: 'council.mandate.read' },
  'POST /api/council/mandates': { permission: 'council.mandate.create' },
  'GET /api/council/mandates/{id}/seats': { permission: 'council.mandate.read' },
  'GET /api/council/mandates/{id}/candidates': { permission: 'council.seat.manage' },
  'PUT /api/council/mandates/{id}/seats/{seat}': { permission: 'council.seat.manage' },
  'POST /api/council/mandates/{id}/seats/{seat}/end': { permission: 'council.seat.manage' },
  'GET /api/public/council/bodies': 'public',
  'GET /api/council/decisions': { permission: 'council.decision.read' },
  'GET /api/public/council/decisions': 'public',
  'GET /api/public/council/data/catalog.jsonld': 'public',
  'GET /api/public/council/data/{file}': 'public',
  'GET /api/public/council/calendar.ics': 'public',
  'GET /api/public/council/sittings': 'public',
  'GET /api/public/council/register': 'public',
  'GET /api/public/council/decisions/{id}': 'public',
  'POST /api/council/decisions/{id}/dispatch': { permission: 'council.decision.dispatch' },
  'POST /api/council/sessions/{id}/video/join': { permission: 'council.video.join' }, // members of the body, chair, clerk: test/council
  'POST /api/council/sessions/{id}/video/mute': { permission: 'council.video.mute' },
  'POST /api/council/sessions/{id}/video/remove': { permission: 'council.video.remove' },
  'POST /api/public/council/sessions/{id}/viewer-token': 'public',
  'POST /api/council/speakers/{id}/move': { permission: 'council.floor.order' },
  'POST /api/council/sessions/{id}/attendance': { permission: 'council.attendance.record' },
  'POST /api/council/sessions/{id}/attendance/bulk': { permission: 'council.attendance.recordOthers' },
  // issue 15, part 5: the chamber's code (clerk, or the chair: checked per sitting), remote sittings (ЗМСМА чл. 28а)
  'GET /api/council/sessions/{id}/check-in-code': { permission: 'council.checkIn.readCode' },
  'POST /api/council/sessions/{id}/remote': { permission: 'council.sitting.chair' },
  'POST /api/council/sessions/{id}/identifications': { permission: 'council.member.identify' },
  'POST /api/council/sessions/{id}/video/microphone': { permission: 'council.sitting.chair' },
  'POST /api/council/sessions/{id}/items/{itemId}/activate': { permission: 'council.sitting.chair' },
  'POST /api/council/sessions/{id}/items/{itemId}/conflicts': { permission: 'council.conflict.declare' }, // the clerk records one declared in the hall
  'POST /api/council/sessions/{id}/votes': { permission: 'council.vote.open' },
  'POST /api/council/sessions/{id}/items/proposals': { permission: 'council.item.propose' },
  'GET /api/council/votes/{id}': { permission: 'council.vote.read' },
  'POST /api/council/votes/{id}/ballots': { permission: 'council.vote.cast' },
  'POST /api/council/votes/{id}/close': { permission: 'council.vote.close' },
  // elections (issue 15, part 3): chair opens/closes, present members vote, the clerk enters paper totals (test/council/elections)
  'POST /api/council/sessions/{id}/elections': { permission: 'council.election.open' },
  'GET /api/council/elections/{id}': { permission: 'council.election.read' },
  'POST /api/council/elections/{id}/ballots': { permission: 'council.election.vote' },
  'POST /api/council/elections/{id}/close': { permission: 'council.election.chair' },
  'POST /api/council/elections/{id}/second-round': { permission: 'council.election.chair' },
  'POST /api/council/elections/{id}/paper': { permission: 'council.election.paper' },
  'GET /api/council/sessions/{id}/speakers': { permission: 'council.sitting.read' },
  'POST /api/council/sessions/{id}/speakers': { permission: 'council.floor.request' },
  'POST /api/council/speakers/{id}/grant': { permission: 'council.floor.give' },
  'POST /api/council/speakers/{id}/finish': { permission: 'council.floor.give' },
  'POST /api/council/speakers/{id}/withdraw': { permission: 'council.floor.withdraw' },
  // the chamber's screen: display tokens (issue 15, part 7)
  'POST /api/council/sessions/{id}/display-tokens': { permission: 'council.display.manage' },
  'GET /api/council/sessions/{id}/display-tokens': { permission: 'council.display.manage' },
  'POST /api/council/display-tokens/{id}/revoke': { permission: 'council.display.revoke' },
  // members of the body and the minute-taker read a draft of its minutes (checked per session)
  'GET /api/council/sessions/{id}/minutes': { permission: 'council.minutes.read' },
  'GET /api/council/sessions/{id}/minutes/status': { permission: 'council.minutes.read' },
  'POST /api/council/sessions/{id}/minutes/corrections': { permission: 'council.minutes.correct' },
  'POST /api/council/sessions/{id}/minutes/corrections/{correctionId}/answer': { permission: 'council.minutes.manage' },
  'PUT /api/council/sessions/{id}/minute-taker': { permission: 'council.minutes.manage' },
  'POST /api/council/sessions/{id}/minutes/sign': { permission: 'council.minutes.sign' }, // the chair or the minute-taker, per session
  'POST /api/council/sessions/{id}/minutes/publish': { permission: 'council.minutes.manage' },
  'POST /api/council/sessions/{id}/minutes/versions': { permission: 'council.minutes.manage' },
  'POST /api/council/sessions/{id}/items/{itemId}/materials': { permission: 'council.material.upload' },
  'GET /api/council/sessions/{id}/items/{itemId}/materials/{materialId}': { permission: 'council.material.read' },
  'GET /api/public/council/sessions/{id}/minutes': 'public',
  'GET /api/public/council/sessions/{id}/agenda': 'public',
  'GET /api/public/council/sessions/{id}/recordings/{recordingId}/chapters.vtt': 'public',
  'GET /api/public/council/sessions/{id}/items/{itemId}/materials/{materialId}': 'public',
  'GET /api/public/council/sessions': 'public',
  'GET /api/public/council/sessions/{id}': 'public',
};

/** Each route's rule with a permission resolved to its roles ('authenticated': any signed-in person). */
export const ACCESS: Record<string, Access> = Object.fromEntries(
  Object.entries(ROUTE_RULES).map(([route, rule]) => [route, resolve(rule)]),
);

function resolve(rule: RouteRule): Access {
  if (typeof rule === 'string' || !('permission' in rule)) return rule;
  if (!PERMISSION_NAMES.includes(rule.permission)) throw new Error(`unknown permission ${String(rule.permission)}`);
  const roles = rolesOf(rule.permission);
  return roles ? { roles: [...roles] } : 'authenticated';
}

/**
 * The permissions named by no route's row (each must have one), but for a first step of
 * another (`after`) that no route asks for alone (`knock.find`), `room.watch` and
 * `presence.setOwn` (socket events: test/security/socket-events), and a service's refinement of its route's permission
 * (the clerk acting for a member, a member for themself: `council.conflict.record` under
 * `council.conflict.declare`'s route, `council.vote.castOwn`/`castFor` under `council.vote.cast`'s).
 */
const NOT_A_ROUTE = new Set<Permission>([
  'knock.find',
  'room.watch',
  'presence.setOwn',
  'council.conflict.record',
  'council.vote.find',
  'council.vote.castOwn',
  'council.vote.castFor',
  'council.speaker.find',
  'council.speaker.read',
  'council.election.find',
]);
export const PERMISSIONS_WITHOUT_ROUTE: Permission[] = PERMISSION_NAMES.filter((p) => !NOT_A_ROUTE.has(p)).filter(
  (p) =>
    !Object.values(ROUTE_RULES).some(
      (rule) => typeof rule === 'object' && 'permission' in rule && rule.permission === p,
    ),
);
