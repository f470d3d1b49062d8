import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AcceptOneOnOneRequestSchema,
  CreateAbsenceRequestSchema,
  CreateOneOnOneRequestSchema,
  FreeSlotsQuerySchema,
  IdParamSchema,
  ProposeOneOnOneRequestSchema,
  PutWorkingHoursRequestSchema,
  ReasonRequestSchema,
  type AcceptOneOnOneRequest,
  type CreateAbsenceRequest,
  type CreateOneOnOneRequest,
  type FreeSlotsQuery,
  type ProposeOneOnOneRequest,
  type PutWorkingHoursRequest,
  type ReasonRequest,
  WorkingHoursViewSchema,
  AbsenceViewSchema,
  FreeSlotSchema,
  OneOnOneViewSchema,
} from '@egov-box/contracts';
import {
  Authenticated,
  CurrentUser,
  ValidBody,
  ValidParams,
  ValidQuery,
  type AuthUser,
  Answers,
} from '@egov-box/platform';
import { AvailabilityService } from './availability.service.js';
import { OneOnOneService } from './one-on-one.service.js';

@ApiTags('one-on-ones')
@Controller()
@Authenticated()
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get('me/working-hours')
  @ApiOperation({ summary: 'My weekly working hours (the defaults until I store mine)' })
  @Answers(WorkingHoursViewSchema)
  workingHours(@CurrentUser() actor: AuthUser) {
    return this.availability.workingHours(actor);
  }

  @Put('me/working-hours')
  @ApiOperation({ summary: 'Replace my working hours (400 invalid_working_hours / overlapping_working_hours)' })
  @Answers(WorkingHoursViewSchema)
  putWorkingHours(
    @CurrentUser() actor: AuthUser,
    @ValidBody(PutWorkingHoursRequestSchema) body: PutWorkingHoursRequest,
  ) {
    return this.availability.putWorkingHours(actor, body);
  }

  @Get('me/absences')
  @ApiOperation({ summary: 'My absences (leave, business trips) with their substitutes' })
  @Answers([AbsenceViewSchema])
  absences(@CurrentUser() actor: AuthUser) {
    return this.availability.absences(actor);
  }

  @Post('me/absences')
  @ApiOperation({ summary: 'Record an absence (whole days) with an optional substitute' })
  @Answers(AbsenceViewSchema, 201)
  addAbsence(@CurrentUser() actor: AuthUser, @ValidBody(CreateAbsenceRequestSchema) body: CreateAbsenceRequest) {
    return this.availability.addAbsence(actor, body);
  }

  @Delete('me/absences/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove one of my absences' })
  removeAbsence(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.availability.removeAbsence(actor, params.id);
  }

  @Get('users/:id/free-slots')
  @ApiOperation({
    summary: 'Free slots of a person (working hours, absences, meetings, 2 h notice, 15 min grid; ≤ 31 days)',
  })
  @Answers([FreeSlotSchema])
  freeSlots(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidQuery(FreeSlotsQuerySchema) query: FreeSlotsQuery,
  ) {
    return this.availability.freeSlots(actor, params.id, query);
  }
}

@ApiTags('one-on-ones')
@Controller('one-on-ones')
@Authenticated()
export class OneOnOneController {
  constructor(private readonly oneOnOnes: OneOnOneService) {}

  @Get()
  @ApiOperation({ summary: 'My one-on-one requests, asked and asked of me' })
  @Answers([OneOnOneViewSchema])
  list(@CurrentUser() actor: AuthUser) {
    return this.oneOnOnes.list(actor);
  }

  @Post()
  @ApiOperation({ summary: 'Ask a colleague for a one-on-one, proposing 1–3 slots' })
  @Answers(OneOnOneViewSchema, 201)
  create(@CurrentUser() actor: AuthUser, @ValidBody(CreateOneOnOneRequestSchema) body: CreateOneOnOneRequest) {
    return this.oneOnOnes.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One request (only its two people)' })
  @Answers(OneOnOneViewSchema)
  get(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.oneOnOnes.get(actor, params.id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take one proposed slot: the meeting is booked (409 slot_taken if either is busy)' })
  @Answers(OneOnOneViewSchema)
  accept(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(AcceptOneOnOneRequestSchema) body: AcceptOneOnOneRequest,
  ) {
    return this.oneOnOnes.accept(actor, params.id, body);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline (a reschedule declined keeps the agreed time)' })
  @Answers(OneOnOneViewSchema)
  decline(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(ReasonRequestSchema) body: ReasonRequest,
  ) {
    return this.oneOnOnes.decline(actor, params.id, body);
  }

  @Post(':id/propose')
  @HttpCode(200)
  @ApiOperation({ summary: 'Propose other slots (counter-proposal, or reschedule once agreed)' })
  @Answers(OneOnOneViewSchema)
  propose(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(ProposeOneOnOneRequestSchema) body: ProposeOneOnOneRequest,
  ) {
    return this.oneOnOnes.propose(actor, params.id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call it off (either side); an agreed meeting is cancelled too' })
  @Answers(OneOnOneViewSchema)
  cancel(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(ReasonRequestSchema) body: ReasonRequest,
  ) {
    return this.oneOnOnes.cancel(actor, params.id, body);
  }
}
