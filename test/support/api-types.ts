import type { z } from 'zod';
import type {
  AbsenceView,
  AuditPageSchema,
  ParticipantRemovedSchema,
  BookingView,
  HealthView,
  EndedSignInSessions,
  TrackMuted,
  AcceptOneOnOneRequestSchema,
  AdminUserView,
  AssignSeatSchema,
  AttendanceRequestSchema,
  BallotRequestSchema,
  BulkAttendanceRequestSchema,
  BulkAttendanceResult,
  CalendarFeedResponse,
  CancelMeetingRequestSchema,
  CheckInCodeView,
  ConflictRequestSchema,
  CouncilBodyView,
  CouncilMandateView,
  CouncilMemberRef,
  CouncilMinutes,
  CouncilMuteSchema,
  CouncilSessionSummary,
  CouncilSessionView,
  CouncilVideoJoin,
  CouncilViewerToken,
  CreateAbsenceRequestSchema,
  CreateBodySchema,
  CreateBookingRequestSchema,
  CreateCouncilSessionSchema,
  CreateDisplayTokenSchema,
  CreateHallRequestSchema,
  CreateKnockRequestSchema,
  CreateMandateSchema,
  CreateOneOnOneRequestSchema,
  CreateUserRequestSchema,
  DeclareRemoteSittingSchema,
  DecisionView,
  DepartmentView,
  DispatchDecisionSchema,
  DisplayTokenCreated,
  DisplayTokenView,
  ElectionBallotSchema,
  ElectionView,
  EndSeatSchema,
  ErasePersonalDataRequestSchema,
  ErasePersonalDataResponse,
  FreeSlot,
  HallView,
  IdentifyMemberSchema,
  KnockView,
  LoginRequestSchema,
  LoginResponse,
  MailPreferencesSchema,
  MailPreferencesView,
  MandateSeatsView,
  MeetingJoinResponse,
  MeetingView,
  MinutesAnswerSchema,
  MinutesCorrectionSchema,
  MinutesNewVersionSchema,
  MinutesSignSchema,
  MinutesStateView,
  MinuteTakerSchema,
  MoveSpeakerSchema,
  MuteTrackRequestSchema,
  OneOnOneView,
  OpenElectionSchema,
  OpenVoteRequestSchema,
  PaperTotalsSchema,
  PeoplePage,
  PresenceUpdated,
  ProposeItemRequestSchema,
  ProposeOneOnOneRequestSchema,
  PublicAgenda,
  PublicDecisionView,
  PutWorkingHoursRequestSchema,
  ReasonRequestSchema,
  RegisterPage,
  RejectMeetingRequestSchema,
  RemoteMicrophoneSchema,
  RescheduleSittingSchema,
  RsvpRequestSchema,
  SetClosedDoorSchema,
  SittingFormView,
  SittingsPage,
  SpaceJoinResponse,
  SpaceView,
  FloorRequestSchema,
  SpeakerView,
  UpcomingMeetingsPage,
  UpdateBodyMembersSchema,
  UpdateBodySchema,
  UpdateCouncilSessionSchema,
  UpdateHallRequestSchema,
  UpdateMeetingRequestSchema,
  UpdateRoomRequestSchema,
  UpdateUserRequestSchema,
  VoteView,
  WorkingHoursView,
} from '../../libs/contracts/src/index.js';

/**
 * The API's JSON routes as the e2e suites see them, written from libs/contracts: for each
 * `METHOD /path/:param` the request body (what the route's zod schema accepts, `z.input`:
 * defaults may be left out) and the view a 2xx answer carries. The typed client
 * (test/support/api.ts, `app.api`) reads it, so a wrong body, path or field is a compile error
 * under `npm run typecheck`.
 *
 * Not here, and called untyped (`app.get`/`app.post`…): answers that are not JSON (CSV,
 * iCalendar, PDF, WebVTT, the backup, metrics, file downloads), the upload of a material
 * (a raw file body), the LiveKit webhook (a signed raw body). Routes whose JSON answer depends
 * on a `format` query (minutes, decisions, the public agenda) are typed with their JSON shape.
 */

/** What the route's schema accepts. */
type In<S extends z.ZodType> = z.input<S>;

/** A route that takes no body: `{}` or nothing. */
type NoBody = Record<string, never> | undefined;

interface Route<Body, Response> {
  body: Body;
  response: Response;
}
type Get<Response> = Route<undefined, Response>;
type Post<Body, Response> = Route<Body, Response>;

export interface ApiRoutes {
  // Health, sign-in, the signed-in person.
  'GET /api/health': Get<HealthView>;
  'POST /api/auth/login': Post<In<typeof LoginRequestSchema>, LoginResponse>;
  'POST /api/auth/refresh': Post<NoBody, LoginResponse>;
  'POST /api/auth/logout': Post<NoBody, void>;
  'GET /api/me': Get<AdminUserView>;
  'GET /api/me/mail-preferences': Get<MailPreferencesView>;
  'PUT /api/me/mail-preferences': Post<In<typeof MailPreferencesSchema>, MailPreferencesView>;
  'GET /api/departments': Get<DepartmentView[]>;

  // Administration.
  'GET /api/admin/audit': Get<z.infer<typeof AuditPageSchema>>;
  'GET /api/admin/users': Get<{ items: AdminUserView[]; total: number }>;
  'POST /api/admin/users': Post<In<typeof CreateUserRequestSchema>, AdminUserView>;
  'PATCH /api/admin/users/:id': Post<In<typeof UpdateUserRequestSchema>, AdminUserView>;
  'POST /api/admin/users/:id/disable': Post<NoBody, AdminUserView>;
  'POST /api/admin/users/:id/enable': Post<NoBody, AdminUserView>;
  'POST /api/admin/users/:id/sessions/revoke': Post<NoBody, EndedSignInSessions>;
  'GET /api/admin/users/:id/personal-data': Get<Record<string, unknown>>;
  'POST /api/admin/users/:id/erase': Post<In<typeof ErasePersonalDataRequestSchema>, ErasePersonalDataResponse>;

  // Rooms, people, knocks, presence.
  'GET /api/rooms/me': Get<SpaceView>;
  'PATCH /api/rooms/me': Post<In<typeof UpdateRoomRequestSchema>, SpaceView>;
  'GET /api/rooms/me/knocks': Get<KnockView[]>;
  'GET /api/spaces': Get<SpaceView[]>;
  'GET /api/spaces/:id': Get<SpaceView>;
  'POST /api/spaces/:id/join': Post<NoBody, SpaceJoinResponse>;
  'POST /api/spaces/:id/knocks': Post<In<typeof CreateKnockRequestSchema>, KnockView>;
  'POST /api/spaces/:id/participants/:identity/remove': Post<NoBody, z.infer<typeof ParticipantRemovedSchema>>;
  'POST /api/spaces/:id/participants/:identity/mute': Post<In<typeof MuteTrackRequestSchema>, TrackMuted>;
  'GET /api/people': Get<PeoplePage>;
  'POST /api/knocks/:id/admit': Post<NoBody, KnockView>;
  'POST /api/knocks/:id/deny': Post<NoBody, KnockView>;
  'GET /api/presence': Get<PresenceUpdated[]>;

  // Halls and meetings.
  'GET /api/halls': Get<HallView[]>;
  'POST /api/halls': Post<In<typeof CreateHallRequestSchema>, HallView>;
  'PATCH /api/halls/:id': Post<In<typeof UpdateHallRequestSchema>, HallView>;
  'POST /api/halls/:id/bookings': Post<In<typeof CreateBookingRequestSchema>, BookingView>;
  'GET /api/meetings/upcoming': Get<UpcomingMeetingsPage>;
  'GET /api/meetings/:id': Get<MeetingView>;
  'PATCH /api/meetings/:id': Post<In<typeof UpdateMeetingRequestSchema>, MeetingView>;
  'POST /api/meetings/:id/rsvp': Post<In<typeof RsvpRequestSchema>, MeetingView>;
  'POST /api/meetings/:id/cancel': Post<In<typeof CancelMeetingRequestSchema>, MeetingView>;
  'POST /api/meetings/:id/approve': Post<NoBody, MeetingView>;
  'POST /api/meetings/:id/reject': Post<In<typeof RejectMeetingRequestSchema>, MeetingView>;
  'POST /api/meetings/:id/join': Post<NoBody, MeetingJoinResponse>;
  'POST /api/me/calendar-feed': Post<NoBody, CalendarFeedResponse>;

  // One-on-ones, working hours, absences.
  'GET /api/me/working-hours': Get<WorkingHoursView>;
  'PUT /api/me/working-hours': Post<In<typeof PutWorkingHoursRequestSchema>, WorkingHoursView>;
  'GET /api/me/absences': Get<AbsenceView[]>;
  'POST /api/me/absences': Post<In<typeof CreateAbsenceRequestSchema>, AbsenceView>;
  'DELETE /api/me/absences/:id': Get<void>;
  'GET /api/users/:id/free-slots': Get<FreeSlot[]>;
  'GET /api/one-on-ones': Get<OneOnOneView[]>;
  'POST /api/one-on-ones': Post<In<typeof CreateOneOnOneRequestSchema>, OneOnOneView>;
  'GET /api/one-on-ones/:id': Get<OneOnOneView>;
  'POST /api/one-on-ones/:id/accept': Post<In<typeof AcceptOneOnOneRequestSchema>, OneOnOneView>;
  'POST /api/one-on-ones/:id/decline': Post<In<typeof ReasonRequestSchema>, OneOnOneView>;
  'POST /api/one-on-ones/:id/propose': Post<In<typeof ProposeOneOnOneRequestSchema>, OneOnOneView>;
  'POST /api/one-on-ones/:id/cancel': Post<In<typeof ReasonRequestSchema>, OneOnOneView>;

  // Council: bodies, mandates and seats.
  'GET /api/council/bodies': Get<CouncilBodyView[]>;
  'POST /api/council/bodies': Post<In<typeof CreateBodySchema>, CouncilBodyView>;
  'PUT /api/council/bodies/:id/members': Post<In<typeof UpdateBodyMembersSchema>, CouncilBodyView>;
  'PATCH /api/council/bodies/:id': Post<In<typeof UpdateBodySchema>, CouncilBodyView>;
  'GET /api/council/mandates': Get<CouncilMandateView[]>;
  'POST /api/council/mandates': Post<In<typeof CreateMandateSchema>, CouncilMandateView>;
  'GET /api/council/mandates/:id/seats': Get<MandateSeatsView>;
  'GET /api/council/mandates/:id/candidates': Get<CouncilMemberRef[]>;
  'PUT /api/council/mandates/:id/seats/:seat': Post<In<typeof AssignSeatSchema>, MandateSeatsView>;
  'POST /api/council/mandates/:id/seats/:seat/end': Post<In<typeof EndSeatSchema>, MandateSeatsView>;

  // Council: sittings.
  'GET /api/council/sessions': Get<CouncilSessionSummary[]>;
  'POST /api/council/sessions': Post<In<typeof CreateCouncilSessionSchema>, CouncilSessionView>;
  'GET /api/council/sessions/:id': Get<CouncilSessionView>;
  'PATCH /api/council/sessions/:id': Post<In<typeof UpdateCouncilSessionSchema>, CouncilSessionView>;
  'POST /api/council/sessions/:id/publish': Post<NoBody, CouncilSessionView>;
  'POST /api/council/sessions/:id/reschedule': Post<In<typeof RescheduleSittingSchema>, CouncilSessionView>;
  'POST /api/council/sessions/:id/open': Post<NoBody, CouncilSessionView>;
  'POST /api/council/sessions/:id/pause': Post<NoBody, CouncilSessionView>;
  'POST /api/council/sessions/:id/resume': Post<NoBody, CouncilSessionView>;
  'POST /api/council/sessions/:id/close': Post<NoBody, CouncilSessionView>;
  'POST /api/council/sessions/:id/attendance': Post<In<typeof AttendanceRequestSchema>, CouncilSessionView>;
  'POST /api/council/sessions/:id/attendance/bulk': Post<In<typeof BulkAttendanceRequestSchema>, BulkAttendanceResult>;
  'POST /api/council/sessions/:id/items/:itemId/activate': Post<NoBody, CouncilSessionView>;
  'POST /api/council/sessions/:id/items/:itemId/conflicts': Post<In<typeof ConflictRequestSchema>, CouncilSessionView>;
  'POST /api/council/sessions/:id/items/proposals': Post<
    In<typeof ProposeItemRequestSchema>,
    { itemId: string; session: CouncilSessionView }
  >;
  'POST /api/council/sessions/:id/closed-door': Post<In<typeof SetClosedDoorSchema>, CouncilSessionView>;
  'POST /api/council/sessions/:id/items/:itemId/closed-door': Post<In<typeof SetClosedDoorSchema>, CouncilSessionView>;

  // Council: video, remote sittings, the chamber's screen.
  'POST /api/council/sessions/:id/video/join': Post<NoBody, CouncilVideoJoin>;
  'POST /api/council/sessions/:id/video/mute': Post<In<typeof CouncilMuteSchema>, void>;
  'POST /api/council/sessions/:id/video/remove': Post<In<typeof CouncilMuteSchema>, void>;
  'POST /api/council/sessions/:id/video/microphone': Post<In<typeof RemoteMicrophoneSchema>, void>;
  'GET /api/council/sessions/:id/check-in-code': Get<CheckInCodeView>;
  'POST /api/council/sessions/:id/remote': Post<In<typeof DeclareRemoteSittingSchema>, SittingFormView>;
  'POST /api/council/sessions/:id/identifications': Post<In<typeof IdentifyMemberSchema>, SittingFormView>;
  'POST /api/council/sessions/:id/display-tokens': Post<In<typeof CreateDisplayTokenSchema>, DisplayTokenCreated>;
  'GET /api/council/sessions/:id/display-tokens': Get<DisplayTokenView[]>;
  'POST /api/council/display-tokens/:id/revoke': Post<NoBody, DisplayTokenView>;

  // Council: votes, elections, the floor.
  'POST /api/council/sessions/:id/votes': Post<In<typeof OpenVoteRequestSchema>, VoteView>;
  'GET /api/council/votes/:id': Get<VoteView>;
  'POST /api/council/votes/:id/ballots': Post<In<typeof BallotRequestSchema>, VoteView>;
  'POST /api/council/votes/:id/close': Post<NoBody, VoteView>;
  'POST /api/council/sessions/:id/elections': Post<In<typeof OpenElectionSchema>, ElectionView>;
  'GET /api/council/elections/:id': Get<ElectionView>;
  'POST /api/council/elections/:id/ballots': Post<In<typeof ElectionBallotSchema>, ElectionView>;
  'POST /api/council/elections/:id/close': Post<NoBody, ElectionView>;
  'POST /api/council/elections/:id/second-round': Post<NoBody, ElectionView>;
  'POST /api/council/elections/:id/paper': Post<In<typeof PaperTotalsSchema>, ElectionView>;
  'GET /api/council/sessions/:id/speakers': Get<SpeakerView[]>;
  'POST /api/council/sessions/:id/speakers': Post<In<typeof FloorRequestSchema>, SpeakerView>;
  'POST /api/council/speakers/:id/grant': Post<NoBody, SpeakerView>;
  'POST /api/council/speakers/:id/finish': Post<NoBody, SpeakerView>;
  'POST /api/council/speakers/:id/move': Post<In<typeof MoveSpeakerSchema>, SpeakerView>;
  'POST /api/council/speakers/:id/withdraw': Post<NoBody, SpeakerView>;

  // Council: minutes, materials, the register.
  'GET /api/council/sessions/:id/minutes': Get<CouncilMinutes>;
  'GET /api/council/sessions/:id/minutes/status': Get<MinutesStateView>;
  'POST /api/council/sessions/:id/minutes/corrections': Post<In<typeof MinutesCorrectionSchema>, MinutesStateView>;
  'POST /api/council/sessions/:id/minutes/corrections/:correctionId/answer': Post<
    In<typeof MinutesAnswerSchema>,
    MinutesStateView
  >;
  'PUT /api/council/sessions/:id/minute-taker': Post<In<typeof MinuteTakerSchema>, MinutesStateView>;
  'POST /api/council/sessions/:id/minutes/sign': Post<In<typeof MinutesSignSchema>, MinutesStateView>;
  'POST /api/council/sessions/:id/minutes/publish': Post<NoBody, CouncilSessionView>;
  'POST /api/council/sessions/:id/minutes/versions': Post<In<typeof MinutesNewVersionSchema>, MinutesStateView>;
  'GET /api/council/decisions': Get<DecisionView[]>;
  'POST /api/council/decisions/:id/dispatch': Post<In<typeof DispatchDecisionSchema>, DecisionView>;

  // The public record (no sign-in).
  'GET /api/public/council/bodies': Get<CouncilBodyView[]>;
  'GET /api/public/council/sessions': Get<CouncilSessionSummary[]>;
  'GET /api/public/council/sessions/:id': Get<CouncilSessionView>;
  'POST /api/public/council/sessions/:id/viewer-token': Post<NoBody, CouncilViewerToken>;
  'GET /api/public/council/sessions/:id/minutes': Get<CouncilMinutes>;
  'GET /api/public/council/sessions/:id/agenda': Get<PublicAgenda>;
  'GET /api/public/council/decisions': Get<DecisionView[]>;
  'GET /api/public/council/decisions/:id': Get<PublicDecisionView>;
  'GET /api/public/council/sittings': Get<SittingsPage>;
  'GET /api/public/council/register': Get<RegisterPage>;
}

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The path templates `method` has. */
export type PathOf<M extends ApiMethod> = {
  [K in keyof ApiRoutes]: K extends `${M} ${infer P}` ? P : never;
}[keyof ApiRoutes];

type RouteOf<M extends ApiMethod, P extends PathOf<M>> = ApiRoutes[`${M} ${P}` & keyof ApiRoutes];
export type BodyOf<M extends ApiMethod, P extends PathOf<M>> = RouteOf<M, P>['body'];
export type ResponseOf<M extends ApiMethod, P extends PathOf<M>> = RouteOf<M, P>['response'];

/** The names of a template's `:params`. */
export type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;
