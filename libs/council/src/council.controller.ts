import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AttendanceRequestSchema,
  BallotRequestSchema,
  ConflictRequestSchema,
  CreateCouncilSessionSchema,
  IdParamSchema,
  MinutesQuerySchema,
  OpenVoteRequestSchema,
  SessionItemParamsSchema,
  SpeakerRequestSchema,
  type AttendanceRequest,
  type BallotRequest,
  type ConflictRequest,
  type CreateCouncilSessionRequest,
  type MinutesQuery,
  type OpenVoteRequest,
  type SpeakerRequest,
} from '@egov-box/contracts';
import {
  Authenticated,
  CurrentUser,
  Public,
  ValidBody,
  ValidParams,
  ValidQuery,
  type AuthUser,
} from '@egov-box/platform';
import { CouncilService } from './council.service.js';
import { MinutesService } from './minutes.service.js';

type Id = { id: string };
const CLERK = { roles: ['clerk', 'admin'] } as const;
const CHAIR = { roles: ['council_chair'] } as const;
const MEMBER = { roles: ['councillor'] } as const;

@ApiTags('council')
@Controller('council')
@Authenticated()
export class CouncilController {
  constructor(
    private readonly council: CouncilService,
    private readonly minutes: MinutesService,
  ) {}

  @Post('sessions')
  @Authenticated({ roles: [...CLERK.roles] })
  @ApiOperation({ summary: 'Create a session (a meeting in the council chamber) with its agenda, as a draft' })
  create(@CurrentUser() u: AuthUser, @ValidBody(CreateCouncilSessionSchema) body: CreateCouncilSessionRequest) {
    return this.council.create(u, body);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Council sessions (drafts only for clerks and the chair)' })
  list(@CurrentUser() u: AuthUser) {
    return this.council.list(u);
  }

  @Get('sessions/:id')
  @ApiOperation({ summary: 'A session with its agenda, attendance, quorum and votes' })
  get(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.get(u, p.id);
  }

  @Post('sessions/:id/publish')
  @HttpCode(200)
  @Authenticated({ roles: [...CLERK.roles] })
  @ApiOperation({ summary: 'Publish a draft (freezes the agenda; makes it public)' })
  publish(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'publish');
  }

  @Post('sessions/:id/open')
  @HttpCode(200)
  @Authenticated({ roles: [...CHAIR.roles] })
  @ApiOperation({ summary: 'Open the session (chair)' })
  open(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'open');
  }

  @Post('sessions/:id/pause')
  @HttpCode(200)
  @Authenticated({ roles: [...CHAIR.roles] })
  @ApiOperation({ summary: 'Pause the session (chair)' })
  pause(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'pause');
  }

  @Post('sessions/:id/resume')
  @HttpCode(200)
  @Authenticated({ roles: [...CHAIR.roles] })
  @ApiOperation({ summary: 'Resume a paused session; the quorum is announced again (chair)' })
  resume(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'resume');
  }

  @Post('sessions/:id/close')
  @HttpCode(200)
  @Authenticated({ roles: [...CHAIR.roles] })
  @ApiOperation({ summary: 'Close the session (chair)' })
  close(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.transition(u, p.id, 'close');
  }

  @Post('sessions/:id/attendance')
  @HttpCode(200)
  @Authenticated({ roles: ['councillor', 'clerk', 'admin'] })
  @ApiOperation({ summary: 'Check in or out ({present:false}); the clerk registers others with {userId}' })
  attendance(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(AttendanceRequestSchema) body: AttendanceRequest,
  ) {
    return this.council.attendance(u, p.id, body);
  }

  @Post('sessions/:id/items/:itemId/activate')
  @HttpCode(200)
  @Authenticated({ roles: [...CHAIR.roles] })
  @ApiOperation({ summary: 'Make an agenda item the current one (chair)' })
  activate(@CurrentUser() u: AuthUser, @ValidParams(SessionItemParamsSchema) p: { id: string; itemId: string }) {
    return this.council.activateItem(u, p.id, p.itemId);
  }

  @Post('sessions/:id/items/:itemId/conflicts')
  @Authenticated({ roles: [...MEMBER.roles] })
  @ApiOperation({ summary: 'Declare a conflict of interest on an item (the member then cannot vote on it)' })
  conflict(
    @CurrentUser() u: AuthUser,
    @ValidParams(SessionItemParamsSchema) p: { id: string; itemId: string },
    @ValidBody(ConflictRequestSchema) body: ConflictRequest,
  ) {
    return this.council.declareConflict(u, p.id, p.itemId, body);
  }

  @Post('sessions/:id/votes')
  @Authenticated({ roles: [...CHAIR.roles] })
  @ApiOperation({ summary: 'Open a vote on the current item (chair); 409 no_quorum without quorum' })
  openVote(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(OpenVoteRequestSchema) body: OpenVoteRequest,
  ) {
    return this.council.openVote(u, p.id, body.itemId);
  }

  @Get('votes/:id')
  @ApiOperation({ summary: 'A vote: totals (secret: only once closed), roll-call names, result' })
  vote(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.getVote(u, p.id);
  }

  @Post('votes/:id/ballots')
  @Authenticated({ roles: ['councillor', 'clerk', 'admin'] })
  @ApiOperation({
    summary:
      'Cast a ballot (present members without a conflict; open/roll-call may change it until close); the clerk records a hand vote with {userId}',
  })
  ballot(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(BallotRequestSchema) body: BallotRequest,
  ) {
    return this.council.ballot(u, p.id, body);
  }

  @Post('votes/:id/close')
  @HttpCode(200)
  @Authenticated({ roles: [...CHAIR.roles] })
  @ApiOperation({ summary: 'Close a vote: the result is computed and stored (chair)' })
  closeVote(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.closeVote(u, p.id);
  }

  @Get('sessions/:id/speakers')
  @ApiOperation({ summary: "The speakers' list" })
  speakers(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.speakers(u, p.id);
  }

  @Post('sessions/:id/speakers')
  @Authenticated({ roles: [...MEMBER.roles] })
  @ApiOperation({ summary: 'Ask for the floor on the current item: speech, reply, counter_reply, procedural' })
  requestFloor(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(SpeakerRequestSchema) body: SpeakerRequest,
  ) {
    return this.council.requestFloor(u, p.id, body);
  }

  @Post('speakers/:id/grant')
  @HttpCode(200)
  @Authenticated({ roles: [...CHAIR.roles] })
  @ApiOperation({ summary: 'Give the floor (chair); whoever was speaking is finished' })
  grant(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.speakerStep(u, p.id, 'grant');
  }

  @Post('speakers/:id/finish')
  @HttpCode(200)
  @Authenticated({ roles: [...CHAIR.roles] })
  @ApiOperation({ summary: 'End a speech (chair); the time spoken is kept' })
  finish(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.speakerStep(u, p.id, 'finish');
  }

  @Post('speakers/:id/withdraw')
  @HttpCode(200)
  @Authenticated({ roles: [...MEMBER.roles] })
  @ApiOperation({ summary: 'Withdraw a request for the floor (the member who asked, or the chair)' })
  withdraw(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.council.speakerStep(u, p.id, 'withdraw');
  }

  @Get('sessions/:id/minutes')
  @Authenticated({ roles: ['clerk', 'admin', 'council_chair'] })
  @ApiOperation({ summary: 'The minutes generated from the record (?format=json|html)' })
  async minutesOf(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidQuery(MinutesQuerySchema) q: MinutesQuery,
    @Res({ passthrough: true }) res: { header(name: string, value: string): unknown },
  ) {
    if (q.format === 'html') {
      const html = await this.minutes.html(u, p.id);
      res.header('content-type', 'text/html; charset=utf-8');
      return html;
    }
    return this.minutes.json(u, p.id);
  }
}

/** The same picture without login: published sessions, named roll-call lists, secret totals. */
@ApiTags('public')
@Controller('public/council')
@Public()
export class PublicCouncilController {
  constructor(private readonly council: CouncilService) {}

  @Get('sessions')
  @ApiOperation({ summary: 'Published council sessions (no login)' })
  list() {
    return this.council.publicList();
  }

  @Get('sessions/:id')
  @ApiOperation({ summary: 'A published session: agenda, current item, attendance, quorum, votes (no login)' })
  get(@ValidParams(IdParamSchema) p: Id) {
    return this.council.publicGet(p.id);
  }
}
