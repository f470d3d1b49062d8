import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ElectionBallotSchema,
  IdParamSchema,
  OpenElectionSchema,
  PaperTotalsSchema,
  type ElectionBallotRequest,
  type OpenElectionRequest,
  type PaperTotalsRequest,
  ElectionViewSchema,
} from '@egov-box/contracts';
import { Answers, Authenticated, CurrentUser, ValidBody, ValidParams, type AuthUser } from '@egov-box/platform';
import { ElectionsService } from './elections.service.js';

type Id = { id: string };

/** Elections at a sitting: rounds of a secret vote with candidates (ЗМСМА чл. 24). */
@ApiTags('council')
@Controller('council')
@Authenticated()
export class ElectionsController {
  constructor(private readonly elections: ElectionsService) {}

  @Post('sessions/:id/elections')
  @Answers(ElectionViewSchema, 201)
  @Authenticated({ permission: 'council.election.open' })
  @ApiOperation({
    summary:
      'Open an election on the current item with its candidates (chair; members of the body); mode paper: the commission enters the totals',
  })
  open(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(OpenElectionSchema) body: OpenElectionRequest,
  ) {
    return this.elections.open(u, p.id, body);
  }

  @Get('elections/:id')
  @Answers(ElectionViewSchema)
  @Authenticated({ permission: 'council.election.read' })
  @ApiOperation({ summary: 'An election round: candidates, how many voted, the result once closed' })
  get(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.elections.get(u, p.id);
  }

  @Post('elections/:id/ballots')
  @Answers(ElectionViewSchema, 201)
  @Authenticated({ permission: 'council.election.vote' })
  @ApiOperation({
    summary:
      'A present member’s secret ballot: {candidateId} or {candidateId: null} (none); may be changed until the close, the last counts',
  })
  ballot(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(ElectionBallotSchema) body: ElectionBallotRequest,
  ) {
    return this.elections.ballot(u, p.id, body);
  }

  @Post('elections/:id/close')
  @Answers(ElectionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.election.chair' })
  @ApiOperation({ summary: 'Close an electronic round: counted, sealed, the result stored (chair)' })
  close(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.elections.close(u, p.id);
  }

  @Post('elections/:id/second-round')
  @Answers(ElectionViewSchema, 201)
  @Authenticated({ permission: 'council.election.chair' })
  @ApiOperation({ summary: 'Open the second round of a first round that elected nobody (chair)' })
  secondRound(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.elections.secondRound(u, p.id);
  }

  @Post('elections/:id/paper')
  @Answers(ElectionViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.election.paper' })
  @ApiOperation({
    summary:
      'A paper round’s totals from the counting commission (the clerk and two members present, by name), in one request; closes the round',
  })
  paper(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(PaperTotalsSchema) body: PaperTotalsRequest,
  ) {
    return this.elections.paper(u, p.id, body);
  }
}
