import { Controller, Get, HttpCode, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AssignSeatSchema,
  type AssignSeatRequest,
  CreateMandateSchema,
  type CreateMandateRequest,
  EndSeatSchema,
  type EndSeatRequest,
  SeatParamsSchema,
  type SeatParams,
  AttendanceRequestSchema,
  BulkAttendanceRequestSchema,
  DecisionsQuerySchema,
  DispatchDecisionSchema,
  type DecisionsQuery,
  type DecisionView,
  type DispatchDecisionRequest,
  BallotRequestSchema,
  ConflictRequestSchema,
  CouncilMuteSchema,
  CreateBodySchema,
  CreateCouncilSessionSchema,
  IdParamSchema,
  MATERIAL_CONTENT_TYPES,
  MaterialParamsSchema,
  MaterialUploadQuerySchema,
  MinutesAnswerSchema,
  MinutesCorrectionParamsSchema,
  MinutesCorrectionSchema,
  MinutesNewVersionSchema,
  MinutesQuerySchema,
  MinutesSignSchema,
  MinuteTakerSchema,
  MoveSpeakerSchema,
  OpenVoteRequestSchema,
  PublicAgendaQuerySchema,
  RescheduleSittingSchema,
  type RescheduleSittingRequest,
  RecordingParamsSchema,
  SittingItemParamsSchema,
  FloorRequestSchema,
  UpdateBodyMembersSchema,
  UpdateBodySchema,
  UpdateCouncilSessionSchema,
  type AttendanceRequest,
  type BulkAttendanceRequest,
  type BallotRequest,
  type ConflictRequest,
  type CouncilMuteRequest,
  type CreateBodyRequest,
  type CreateCouncilSessionRequest,
  type MaterialUploadQuery,
  type MaterialView,
  type MinutesAnswerRequest,
  type MinutesCorrectionRequest,
  type MinutesNewVersionRequest,
  type MinutesQuery,
  type MinutesSignRequest,
  type MinuteTakerRequest,
  type MoveSpeakerRequest,
  type OpenVoteInput,
  ProposeItemRequestSchema,
  type ProposeItemInput,
  type PublicAgendaQuery,
  type FloorRequest,
  type UpdateBodyMembersRequest,
  type UpdateBodyRequest,
  type UpdateCouncilSessionRequest,
  CouncilBodyViewSchema,
  CouncilMandateViewSchema,
  CouncilMemberRefSchema,
  MandateSeatsViewSchema,
  DecisionViewSchema,
  BulkAttendanceResultSchema,
  CouncilSessionSummarySchema,
  CouncilSessionViewSchema,
  CouncilVideoJoinSchema,
  CouncilViewerTokenSchema,
  CouncilMinutesWithTextSchema,
  MaterialViewSchema,
  MinutesStateViewSchema,
  ProposedItemResultSchema,
  PublicAgendaSchema,
  SpeakerViewSchema,
  VoteViewSchema,
} from '@egov-box/contracts';
import {
  Answers,
  Authenticated,
  CurrentUser,
  Public,
  ValidBody,
  ValidParams,
  ValidQuery,
  type AuthUser,
} from '@egov-box/platform';
import { BodiesService } from './bodies.service.js';
import { CouncilSpeakersService } from './speakers.service.js';
import { MandatesService } from './mandates.service.js';
import { DecisionsService } from './decisions.service.js';
import { CouncilService } from './council.service.js';
import { CouncilAttendance } from './council-attendance.service.js';
import { CouncilConflicts } from './council-conflicts.service.js';
import { CouncilVotes } from './council-votes.service.js';
import { ProcedureService } from './procedure.service.js';
import { CouncilVideo } from './council-video.service.js';
import { MaterialsService } from './materials.service.js';
import { MinutesService, type MinutesDocument } from './minutes.service.js';
import { SittingChanges } from './sitting-changes.service.js';

type Id = { id: string };
type ItemParams = { id: string; itemId: string };
type MaterialParams = ItemParams & { materialId: string };
type Reply = { header(name: string, value: string): unknown };
const MATERIAL_TYPES = Object.values(MATERIAL_CONTENT_TYPES);

/**
 * Sends minutes in the asked format: a published version's stored bytes as they are (with
 * their SHA-256 in `x-content-sha256`), a draft as rendered now (JSON: the object).
 */
function sendMinutes(res: Reply, format: string, doc: MinutesDocument) {
  if (format === 'html') res.header('content-type', 'text/html; charset=utf-8');
  if (format === 'pdf') {
    res.header('content-type', 'application/pdf');
    const v = doc.version > 1 ? `-v${doc.version}` : '';
    res.header('content-disposition', `inline; filename="minutes-${doc.number}${v}.pdf"`);
  }
  if (!doc.frozen) return doc.body;
  if (format === 'json') res.header('content-type', 'application/json; charset=utf-8');
  res.header('x-content-sha256', doc.sha256);
  res.header('x-minutes-version', String(doc.version));
  return doc.bytes;
}

/** Sends a material with its type, a safe file name and its SHA-256. */
function sendMaterial(res: Reply, file: { material: MaterialView; bytes: Buffer }) {
  const m = file.material;
  const ascii = m.filename.replace(/[^A-Za-z0-9._-]/g, '_');
  res.header('content-type', m.contentType);
  res.header(
    'content-disposition',
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(m.filename)}`,
  );
  res.header('x-content-sha256', m.sha256);
  res.header('x-content-type-options', 'nosniff');
  return file.bytes;
}
/** The register as JSON, or as CSV (UTF-8, one row per entry). */
function sendDecisions(res: Reply, format: 'json' | 'csv', rows: DecisionView[], decisions: DecisionsService) {
  if (format === 'json') return rows;
  res.header('content-type', 'text/csv; charset=utf-8; header=present');
  res.header('content-disposition', 'attachment; filename="decisions.csv"');
  return decisions.csv(rows);
}

@ApiTags('council')
@Controller('council')
@Authenticated()
export class CouncilController {
  constructor(
    private readonly council: CouncilService,
    private readonly sittingAttendance: CouncilAttendance,
    private readonly conflicts: CouncilConflicts,
    private readonly votes: CouncilVotes,
    private readonly minutes: MinutesService,
    private readonly materials: MaterialsService,
    private readonly bodies: BodiesService,
    private readonly decisions: DecisionsService,
    private readonly video: CouncilVideo,
    private readonly mandates: MandatesService,
    private readonly floor: CouncilSpeakersService,
    private readonly changes: SittingChanges,
    private readonly procedure: ProcedureService,
  ) {}

  @Get('bodies')
  @Answers([CouncilBodyViewSchema])
  @ApiOperation({
    summary: 'The council (the holders of its seats) and the standing committees, with members and chair',
  })
  @Authenticated({ permission: 'council.body.read' })
  listBodies(@CurrentUser() u: AuthUser) {
    return this.bodies.list(u);
  }

  @Post('bodies')
  @Answers(CouncilBodyViewSchema, 201)
  @Authenticated({ permission: 'council.body.manage' })
  @ApiOperation({ summary: 'Create a standing committee (clerk); members must be councillors (400 not_a_councillor)' })
  createBody(@CurrentUser() u: AuthUser, @ValidBody(CreateBodySchema) body: CreateBodyRequest) {
    return this.bodies.create(u, body);
  }

  @Put('bodies/:id/members')
  @Answers(CouncilBodyViewSchema)
  @Authenticated({ permission: 'council.body.manage' })
  @ApiOperation({ summary: "Set a committee's members and chair (clerk); the council's members are all councillors" })
  setBodyMembers(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(UpdateBodyMembersSchema) body: UpdateBodyMembersRequest,
  ) {
    return this.bodies.setMembers(u, p.id, body);
  }

  @Patch('bodies/:id')
  @Answers(CouncilBodyViewSchema)
  @Authenticated({ permission: 'council.body.configure' })
  @ApiOperation({
    summary:
      "Set a body's settings (admin): noticeDays (0–60; a regular sitting is published at least that long before it starts), reviewDays, seats, speakingLimits (seconds per kind of turn, 1–3600)",
  })
  updateBody(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(UpdateBodySchema) body: UpdateBodyRequest,
  ) {
    return this.bodies.update(u, p.id, body);
  }

  @Get('mandates')
  @Answers([CouncilMandateViewSchema])
  @ApiOperation({ summary: "The council's mandates, newest first (current: the one in force today)" })
  @Authenticated({ permission: 'council.mandate.read' })
  listMandates(@CurrentUser() u: AuthUser) {
    return this.mandates.list(u);
  }

  @Post('mandates')
  @Answers(CouncilMandateViewSchema, 201)
  @Authenticated({ permission: 'council.mandate.create' })
  @ApiOperation({
    summary: 'Start the record of a new mandate (admin); its seats start empty; 409 mandate_exists',
  })
  createMandate(@CurrentUser() u: AuthUser, @ValidBody(CreateMandateSchema) body: CreateMandateRequest) {
    return this.mandates.create(u, body);
  }

  @Get('mandates/:id/seats')
  @Answers(MandateSeatsViewSchema)
  @ApiOperation({ summary: 'Every seat of the council in the mandate: its holder and who held it, from when to when' })
  @Authenticated({ permission: 'council.mandate.read' })
  mandateSeats(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.mandates.seats(u, p.id);
  }

  @Get('mandates/:id/candidates')
  @Answers([CouncilMemberRefSchema])
  @Authenticated({ permission: 'council.seat.manage' })
  @ApiOperation({
    summary: 'Who may take a seat (clerk): enabled accounts with the councillor role that hold no seat of the mandate',
  })
  seatCandidates(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.mandates.candidates(u, p.id);
  }

  @Put('mandates/:id/seats/:seat')
  @Answers(MandateSeatsViewSchema)
  @Authenticated({ permission: 'council.seat.manage' })
  @ApiOperation({
    summary:
      'Record who holds a seat (clerk) from a day; replacing a holder needs the reason their mandate ended (400 reason_required); 409 holds_seat',
  })
  assignSeat(
    @CurrentUser() u: AuthUser,
    @ValidParams(SeatParamsSchema) p: SeatParams,
    @ValidBody(AssignSeatSchema) body: AssignSeatRequest,
  ) {
    return this.mandates.assign(u, p.id, p.seat, body);
  }

  @Post('mandates/:id/seats/:seat/end')
  @Answers(MandateSeatsViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.seat.manage' })
  @ApiOperation({
    summary: "Record that a seat's holding ended, with its reason (clerk); the seat stays, empty; 409 seat_empty",
  })
  endSeat(
    @CurrentUser() u: AuthUser,
    @ValidParams(SeatParamsSchema) p: SeatParams,
    @ValidBody(EndSeatSchema) body: EndSeatRequest,
  ) {
    return this.mandates.end(u, p.id, p.seat, body);
  }

  @Post('sessions')
  @Answers(CouncilSessionViewSchema, 201)
  @Authenticated({ permission: 'council.sitting.prepare' })
  @ApiOperation({ summary: 'Create a session (a meeting in the council chamber) with its agenda, as a draft' })
  create(@CurrentUser() u: AuthUser, @ValidBody(CreateCouncilSessionSchema) body: CreateCouncilSessionRequest) {
    return this.council.create(u, body);
  }

  @Patch('sessions/:id')
  @Answers(CouncilSessionViewSchema)
  @Authenticated({ permission: 'council.sitting.prepare' })
  @ApiOperation({
    summary:
      'Edit a draft (clerk): title, description, time, the whole agenda in order (items with id kept, without id added, left out removed); 409 not_draft once published',
  })
  update(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(UpdateCouncilSessionSchema) body: UpdateCouncilSessionRequest,
  ) {
    return this.council.updateDraft(u, p.id, body);
  }

  @Post('sessions/:id/video/join')
  @Answers(CouncilVideoJoinSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.video.join' })
  @ApiOperation({
    summary:
      "A LiveKit token for the session's room (members of the body, the chair, the clerk; open or paused: else 409 session_not_live; 503 video_not_configured)",
  })
  joinVideo(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.video.join(u, p.id);
  }

  @Post('sessions/:id/video/mute')
  @HttpCode(204)
  @Authenticated({ permission: 'council.video.mute' })
  @ApiOperation({ summary: "Mute a member's published audio (chair); 404 when they are not in the room" })
  async muteVideo(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(CouncilMuteSchema) body: CouncilMuteRequest,
  ): Promise<void> {
    await this.video.mute(u, p.id, body.userId);
  }

  @Post('sessions/:id/video/remove')
  @HttpCode(204)
  @Authenticated({ permission: 'council.video.remove' })
  @ApiOperation({
    summary:
      "Take a participant out of the session's video room (chair; they may join again); 404 when they are not in the room, 400 cannot_remove_self",
  })
  async removeFromVideo(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(CouncilMuteSchema) body: CouncilMuteRequest,
  ): Promise<void> {
    await this.video.remove(u, p.id, body.userId);
  }

  @Get('sessions')
  @Answers([CouncilSessionSummarySchema])
  @Authenticated({ permission: 'council.sitting.read' })
  @ApiOperation({ summary: 'Council sessions (drafts only for clerks and the chair)' })
  list(@CurrentUser() u: AuthUser) {
    return this.council.list(u);
  }

  @Get('sessions/:id')
  @Answers(CouncilSessionViewSchema)
  @Authenticated({ permission: 'council.sitting.read' })
  @ApiOperation({ summary: 'A session with its agenda, attendance, quorum and votes' })
  get(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.get(u, p.id);
  }

  @Post('sessions/:id/publish')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.sitting.publish' })
  @ApiOperation({
    summary:
      "Publish a draft (freezes the agenda; makes it public; records publishedAt); a regular sitting at least its body's noticeDays before it starts, else 409 notice_period",
  })
  publish(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'publish');
  }

  @Post('sessions/:id/reschedule')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.sitting.prepare' })
  @ApiOperation({
    summary:
      'Move a published sitting that has not opened to a new time or place, with the reason (clerk); the members are told by mail and their calendars move; 409 not_published, notice_period (a regular sitting moved earlier), slot_taken',
  })
  reschedule(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(RescheduleSittingSchema) body: RescheduleSittingRequest,
  ) {
    return this.changes.reschedule(u, p.id, body);
  }

  @Post('sessions/:id/open')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.sitting.chair' })
  @ApiOperation({ summary: 'Open the session (chair)' })
  open(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'open');
  }

  @Post('sessions/:id/pause')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.sitting.chair' })
  @ApiOperation({ summary: 'Pause the session (chair)' })
  pause(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'pause');
  }

  @Post('sessions/:id/resume')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.sitting.chair' })
  @ApiOperation({ summary: 'Resume a paused session; the quorum is announced again (chair)' })
  resume(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'resume');
  }

  @Post('sessions/:id/close')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.sitting.chair' })
  @ApiOperation({ summary: 'Close the session (chair)' })
  close(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'close');
  }

  @Post('sessions/:id/attendance')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.attendance.record' })
  @ApiOperation({ summary: 'Check in or out ({present:false}); the clerk registers others with {userId}' })
  attendance(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(AttendanceRequestSchema) body: AttendanceRequest,
  ) {
    return this.sittingAttendance.attendance(u, p.id, body);
  }

  @Post('sessions/:id/attendance/bulk')
  @Answers(BulkAttendanceResultSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.attendance.recordOthers' })
  @ApiOperation({
    summary:
      'The clerk registers several members at once (all or nothing); `changed` lists whom it changed, for an undo',
  })
  attendanceBulk(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(BulkAttendanceRequestSchema) body: BulkAttendanceRequest,
  ) {
    return this.sittingAttendance.registerMany(u, p.id, body);
  }

  @Post('sessions/:id/items/:itemId/activate')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.sitting.chair' })
  @ApiOperation({ summary: 'Make an agenda item the current one (chair)' })
  activate(@CurrentUser() u: AuthUser, @ValidParams(SittingItemParamsSchema) p: { id: string; itemId: string }) {
    return this.council.activateItem(u, p.id, p.itemId);
  }

  @Post('sessions/:id/items/:itemId/conflicts')
  @Answers(CouncilSessionViewSchema, 201)
  @Authenticated({ permission: 'council.conflict.declare' })
  @ApiOperation({
    summary:
      'Declare a conflict of interest on an item (the member then takes no part in its debate or vote); the clerk records one declared in the hall with {userId}',
  })
  conflict(
    @CurrentUser() u: AuthUser,
    @ValidParams(SittingItemParamsSchema) p: { id: string; itemId: string },
    @ValidBody(ConflictRequestSchema) body: ConflictRequest,
  ) {
    return this.conflicts.declareConflict(u, p.id, p.itemId, body);
  }

  @Post('sessions/:id/votes')
  @Answers(VoteViewSchema, 201)
  @Authenticated({ permission: 'council.vote.open' })
  @ApiOperation({ summary: 'Open a vote on the current item (chair); 409 no_quorum without quorum' })
  openVote(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(OpenVoteRequestSchema) body: OpenVoteInput,
  ) {
    return this.votes.openVote(u, p.id, body);
  }

  @Post('sessions/:id/items/proposals')
  @Answers(ProposedItemResultSchema, 201)
  @Authenticated({ permission: 'council.item.propose' })
  @ApiOperation({
    summary:
      'Propose an urgent item at an open sitting (a member of the body or the chair): it waits, `proposed`, for an agenda_change vote; its materials are uploaded to it meanwhile',
  })
  async proposeItem(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(ProposeItemRequestSchema) body: ProposeItemInput,
  ) {
    const itemId = await this.procedure.proposeItem(u, p.id, body);
    await this.council.announce(p.id, 'proposal');
    return { itemId, session: await this.council.get(u, p.id) };
  }

  @Get('votes/:id')
  @Answers(VoteViewSchema)
  @Authenticated({ permission: 'council.vote.read' })
  @ApiOperation({ summary: 'A vote: totals (secret: only once closed), roll-call names, result' })
  vote(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.votes.getVote(u, p.id);
  }

  @Post('votes/:id/ballots')
  @Answers(VoteViewSchema, 201)
  @Authenticated({ permission: 'council.vote.cast' })
  @ApiOperation({
    summary:
      'Cast a ballot (present members of the body without a conflict; any ballot, secret ones too, may be changed until close: the last counts); the clerk records a hand vote with {userId} (not secret)',
  })
  ballot(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(BallotRequestSchema) body: BallotRequest,
  ) {
    return this.votes.ballot(u, p.id, body);
  }

  @Post('votes/:id/close')
  @Answers(VoteViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.vote.close' })
  @ApiOperation({ summary: 'Close a vote: the result is computed and stored (chair)' })
  closeVote(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.votes.closeVote(u, p.id);
  }

  @Get('sessions/:id/speakers')
  @Answers([SpeakerViewSchema])
  @Authenticated({ permission: 'council.sitting.read' })
  @ApiOperation({ summary: "The speakers' list" })
  speakers(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.floor.speakers(u, p.id);
  }

  @Post('sessions/:id/speakers')
  @Answers(SpeakerViewSchema, 201)
  @Authenticated({ permission: 'council.floor.request' })
  @ApiOperation({
    summary:
      'Ask for the floor on the current item: speech, reply or counter_reply (answersId: the speech; at most 3 replies, 1 counter-reply by its speaker), procedural (ahead of the queue); not under a declared conflict',
  })
  requestFloor(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(FloorRequestSchema) body: FloorRequest,
  ) {
    return this.floor.requestFloor(u, p.id, body);
  }

  @Post('speakers/:id/grant')
  @Answers(SpeakerViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.floor.give' })
  @ApiOperation({
    summary:
      "Give the floor (chair); whoever was speaking is finished; the body's limit for the kind is fixed on the request",
  })
  grant(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.floor.speakerStep(u, p.id, 'grant');
  }

  @Post('speakers/:id/finish')
  @Answers(SpeakerViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.floor.give' })
  @ApiOperation({ summary: 'End a speech (chair); the time spoken is kept' })
  finish(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.floor.speakerStep(u, p.id, 'finish');
  }

  @Post('speakers/:id/move')
  @Answers(SpeakerViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.floor.order' })
  @ApiOperation({ summary: 'Move a waiting request to a place in the queue, 1 = next (chair)' })
  move(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(MoveSpeakerSchema) body: MoveSpeakerRequest,
  ) {
    return this.floor.moveSpeaker(u, p.id, body.position);
  }

  @Post('speakers/:id/withdraw')
  @Answers(SpeakerViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.floor.withdraw' })
  @ApiOperation({ summary: 'Withdraw a request for the floor (the member who asked, or the chair)' })
  withdraw(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.floor.speakerStep(u, p.id, 'withdraw');
  }

  @Get('decisions')
  @Authenticated({ permission: 'council.decision.read' })
  @Answers([DecisionViewSchema], 200, { 'text/csv': 'the same entries as CSV (?format=csv)' })
  @ApiOperation({
    summary:
      "The council's register of decisions (?format=json|csv): adopted ones numbered, drafts not adopted recorded without a number",
  })
  async decisionRegister(
    @CurrentUser() u: AuthUser,
    @ValidQuery(DecisionsQuerySchema) q: DecisionsQuery,
    @Res({ passthrough: true }) res: Reply,
  ) {
    return sendDecisions(res, q.format, await this.decisions.list(u), this.decisions);
  }

  @Post('decisions/:id/dispatch')
  @HttpCode(200)
  @Answers(DecisionViewSchema)
  @Authenticated({ permission: 'council.decision.dispatch' })
  @ApiOperation({
    summary:
      'Record that an adopted decision was sent to the mayor or the regional governor, or made public (now; once each; ЗМСМА чл. 22: within 7 days)',
  })
  dispatchDecision(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(DispatchDecisionSchema) body: DispatchDecisionRequest,
  ) {
    return this.decisions.dispatch(u, p.id, body);
  }

  @Get('sessions/:id/minutes')
  @Authenticated({ permission: 'council.minutes.read' })
  @Answers(CouncilMinutesWithTextSchema, 200, {
    'text/html': 'the minutes as HTML (?format=html)',
    'application/pdf': 'the minutes as PDF (?format=pdf)',
  })
  @ApiOperation({
    summary:
      'The minutes (?format=json|html|pdf&version=N): the latest published version byte for byte, else the draft generated from the record (clerks, the chair, members of the body)',
  })
  async minutesOf(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidQuery(MinutesQuerySchema) q: MinutesQuery,
    @Res({ passthrough: true }) res: Reply,
  ) {
    return sendMinutes(res, q.format, await this.minutes.document(u, p.id, q.format, q.version));
  }

  @Get('sessions/:id/minutes/status')
  @Answers(MinutesStateViewSchema)
  @Authenticated({ permission: 'council.minutes.read' })
  @ApiOperation({
    summary:
      'Where the minutes stand: status, review period, corrections, signatures, versions, what the reader may do',
  })
  minutesStatus(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.minutes.state(u, p.id);
  }

  @Post('sessions/:id/minutes/corrections')
  @Answers(MinutesStateViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.minutes.correct' })
  @ApiOperation({
    summary:
      'A member of the body asks for a correction of the draft minutes (409 review_closed after the review period)',
  })
  requestCorrection(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(MinutesCorrectionSchema) body: MinutesCorrectionRequest,
  ) {
    return this.minutes.requestCorrection(u, p.id, body.text);
  }

  @Post('sessions/:id/minutes/corrections/:correctionId/answer')
  @Answers(MinutesStateViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.minutes.manage' })
  @ApiOperation({ summary: 'The clerk answers a correction request: accepted or not, with the answer (once)' })
  answerCorrection(
    @CurrentUser() u: AuthUser,
    @ValidParams(MinutesCorrectionParamsSchema) p: { id: string; correctionId: string },
    @ValidBody(MinutesAnswerSchema) body: MinutesAnswerRequest,
  ) {
    return this.minutes.answerCorrection(u, p.id, p.correctionId, body);
  }

  @Put('sessions/:id/minute-taker')
  @Answers(MinutesStateViewSchema)
  @Authenticated({ permission: 'council.minutes.manage' })
  @ApiOperation({ summary: 'Name the minute-taker (clerk; a clerk or an official; without userId: the clerk)' })
  setMinuteTaker(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(MinuteTakerSchema) body: MinuteTakerRequest,
  ) {
    return this.minutes.setMinuteTaker(u, p.id, body.userId);
  }

  @Post('sessions/:id/minutes/sign')
  @Answers(MinutesStateViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.minutes.sign' })
  @ApiOperation({
    summary:
      'The chair or the minute-taker signs the SHA-256 of the content (after the review period, every correction answered: 409 review_open, corrections_open)',
  })
  signMinutes(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(MinutesSignSchema) body: MinutesSignRequest,
  ) {
    return this.minutes.sign(u, p.id, body.role);
  }

  @Post('sessions/:id/minutes/publish')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.minutes.manage' })
  @ApiOperation({
    summary:
      'Publish the signed minutes (clerk): JSON, HTML and PDF are stored and served byte for byte; 409 session_not_closed, not_signed, minutes_changed',
  })
  publishMinutes(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.minutes.publish(u, p.id);
  }

  @Post('sessions/:id/minutes/versions')
  @Answers(MinutesStateViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.minutes.manage' })
  @ApiOperation({
    summary: 'Start a new version of published minutes, with its reason (clerk); the published ones stay available',
  })
  newMinutesVersion(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(MinutesNewVersionSchema) body: MinutesNewVersionRequest,
  ) {
    return this.minutes.newVersion(u, p.id, body.reason);
  }

  @Post('sessions/:id/items/:itemId/materials')
  @Answers(MaterialViewSchema, 201)
  @Authenticated({ permission: 'council.material.upload' })
  @ApiConsumes(...MATERIAL_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOperation({
    summary:
      'Attach a material (PDF, DOCX or ODT as the raw body with its Content-Type, ?filename=; at most 20 MB; the bytes must match the type)',
  })
  uploadMaterial(
    @CurrentUser() u: AuthUser,
    @ValidParams(SittingItemParamsSchema) p: ItemParams,
    @ValidQuery(MaterialUploadQuerySchema) q: MaterialUploadQuery,
    @Req() req: { body?: unknown; headers: Record<string, string | string[] | undefined> },
  ) {
    const type = req.headers['content-type'];
    return this.materials.upload(u, p.id, p.itemId, {
      filename: q.filename,
      contentType: typeof type === 'string' ? type : undefined,
      body: req.body,
    });
  }

  @Get('sessions/:id/items/:itemId/materials/:materialId')
  @Authenticated({ permission: 'council.material.read' })
  @ApiProduces(...MATERIAL_TYPES)
  @ApiOperation({
    summary: 'Download a material (a draft’s only by the clerks and the council’s chair; 404 for others)',
  })
  async material(
    @CurrentUser() u: AuthUser,
    @ValidParams(MaterialParamsSchema) p: MaterialParams,
    @Res({ passthrough: true }) res: Reply,
  ) {
    return sendMaterial(res, await this.materials.download(u, p.id, p.itemId, p.materialId));
  }
}

/** The same picture without login: published sessions, named roll-call lists, secret totals. */
@ApiTags('public')
@Controller('public/council')
@Public()
export class PublicCouncilController {
  constructor(
    private readonly council: CouncilService,
    private readonly minutes: MinutesService,
    private readonly materials: MaterialsService,
    private readonly bodies: BodiesService,
    private readonly decisions: DecisionsService,
    private readonly video: CouncilVideo,
  ) {}

  @Get('bodies')
  @Answers([CouncilBodyViewSchema])
  @ApiOperation({ summary: 'The council and the standing committees with their members (no login)' })
  listBodies() {
    return this.bodies.publicList();
  }

  @Post('sessions/:id/viewer-token')
  @Answers(CouncilViewerTokenSchema)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A hidden, subscribe-only LiveKit token to watch an open or paused session (no login; rate limited; 409 session_not_live; 503 video_not_configured)',
  })
  viewerToken(@ValidParams(IdParamSchema) p: Id, @Req() req: { ip?: string }) {
    return this.video.viewerToken(p.id, req.ip ?? 'unknown');
  }

  @Get('sessions')
  @Answers([CouncilSessionSummarySchema])
  @ApiOperation({ summary: 'Published council sessions (no login)' })
  list() {
    return this.council.publicList();
  }

  @Get('sessions/:id')
  @Answers(CouncilSessionViewSchema)
  @ApiOperation({ summary: 'A published session: agenda, current item, attendance, quorum, votes (no login)' })
  get(@ValidParams(IdParamSchema) p: Id) {
    return this.council.publicGet(p.id);
  }

  @Get('sessions/:id/recordings/:recordingId/chapters.vtt')
  @ApiProduces('text/vtt')
  @ApiOperation({
    summary:
      "A complete recording's chapters as WebVTT: a cue for each agenda item taken up while it ran (no login; 404 for a draft, an unknown or unfinished recording)",
  })
  async chapters(
    @ValidParams(RecordingParamsSchema) p: { id: string; recordingId: string },
    @Res({ passthrough: true }) res: Reply,
  ) {
    const vtt = await this.council.publicChapters(p.id, p.recordingId);
    res.header('content-type', 'text/vtt; charset=utf-8');
    return vtt;
  }

  @Get('sessions/:id/minutes')
  @Answers(CouncilMinutesWithTextSchema, 200, {
    'text/html': 'the minutes as HTML (?format=html)',
    'application/pdf': 'the minutes as PDF (?format=pdf)',
  })
  @ApiOperation({
    summary:
      'Published minutes, byte for byte as published (?format=json|html|pdf&version=N, default the latest; no login; 404 until published)',
  })
  async minutesOf(
    @ValidParams(IdParamSchema) p: Id,
    @ValidQuery(MinutesQuerySchema) q: MinutesQuery,
    @Res({ passthrough: true }) res: Reply,
  ) {
    return sendMinutes(res, q.format, await this.minutes.document(null, p.id, q.format, q.version));
  }

  @Get('decisions')
  @Answers([DecisionViewSchema], 200, { 'text/csv': 'the same entries as CSV (?format=csv)' })
  @ApiOperation({ summary: "The council's register of decisions as open data (?format=json|csv; no login)" })
  async decisionRegister(@ValidQuery(DecisionsQuerySchema) q: DecisionsQuery, @Res({ passthrough: true }) res: Reply) {
    return sendDecisions(res, q.format, await this.decisions.publicList(), this.decisions);
  }

  @Get('sessions/:id/agenda')
  @Answers(PublicAgendaSchema, 200, { 'text/csv': 'one row per item and material (?format=csv)' })
  @ApiOperation({ summary: 'The published agenda as open data (?format=json|csv; UTF-8, materials with SHA-256)' })
  async agenda(
    @ValidParams(IdParamSchema) p: Id,
    @ValidQuery(PublicAgendaQuerySchema) q: PublicAgendaQuery,
    @Res({ passthrough: true }) res: Reply,
  ) {
    const agenda = await this.materials.publicAgenda(p.id);
    if (q.format !== 'csv') return agenda;
    res.header('content-type', 'text/csv; charset=utf-8; header=present');
    res.header('content-disposition', `attachment; filename="agenda-${agenda.session.number}.csv"`);
    return this.materials.publicAgendaCsv(agenda);
  }

  @Get('sessions/:id/items/:itemId/materials/:materialId')
  @ApiProduces(...MATERIAL_TYPES)
  @ApiOperation({ summary: 'Download a material of a published session (no login)' })
  async material(@ValidParams(MaterialParamsSchema) p: MaterialParams, @Res({ passthrough: true }) res: Reply) {
    return sendMaterial(res, await this.materials.publicDownload(p.id, p.itemId, p.materialId));
  }
}
