import { Controller, Get, Header, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CalendarFeedParamSchema,
  CancelMeetingRequestSchema,
  IdParamSchema,
  RejectMeetingRequestSchema,
  RsvpRequestSchema,
  UpcomingQuerySchema,
  UpdateMeetingRequestSchema,
  type CalendarFeedResponse,
  type CancelMeetingRequest,
  type RejectMeetingRequest,
  type RsvpRequest,
  type UpcomingQuery,
  type UpdateMeetingRequest,
  UpcomingMeetingsPageSchema,
  MeetingViewSchema,
  MeetingJoinResponseSchema,
  CalendarFeedResponseSchema,
} from '@egov-box/contracts';
import {
  Authenticated,
  CurrentUser,
  Public,
  ValidBody,
  ValidParams,
  ValidQuery,
  type AuthUser,
  Answers,
} from '@egov-box/platform';
import { CalendarFeedService } from './calendar-feed.service.js';
import { SchedulesService } from './schedules.service.js';

@ApiTags('meetings')
@Controller('meetings')
@Authenticated()
export class MeetingsController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get('upcoming')
  @ApiOperation({ summary: 'Everything I organize or am invited to that has not ended, soonest first' })
  @Answers(UpcomingMeetingsPageSchema)
  upcoming(@CurrentUser() actor: AuthUser, @ValidQuery(UpcomingQuerySchema) query: UpcomingQuery) {
    return this.schedules.upcoming(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A meeting (participants, organizer, clerks and admins)' })
  @Answers(MeetingViewSchema)
  get(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.schedules.get(actor, params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change or reschedule (scope: this | following | series); 409 slot_taken' })
  @Answers(MeetingViewSchema)
  update(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(UpdateMeetingRequestSchema) body: UpdateMeetingRequest,
  ) {
    return this.schedules.update(actor, params.id, body);
  }

  @Post(':id/rsvp')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reply to an invitation' })
  @Answers(MeetingViewSchema)
  rsvp(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(RsvpRequestSchema) body: RsvpRequest,
  ) {
    return this.schedules.rsvp(actor, params.id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel (organizer, clerk, admin; scope: this | following | series)' })
  @Answers(MeetingViewSchema)
  cancel(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(CancelMeetingRequestSchema) body: CancelMeetingRequest,
  ) {
    return this.schedules.cancel(actor, params.id, body);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Authenticated({ permission: 'meeting.approve' })
  @ApiOperation({ summary: 'Approve a pending booking (with its pending series)' })
  @Answers(MeetingViewSchema)
  approve(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.schedules.approve(actor, params.id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated({ permission: 'meeting.approve' })
  @ApiOperation({ summary: 'Reject a pending booking (with its pending series)' })
  @Answers(MeetingViewSchema)
  reject(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(RejectMeetingRequestSchema) body: RejectMeetingRequest,
  ) {
    return this.schedules.reject(actor, params.id, body);
  }

  @Post(':id/join')
  @HttpCode(200)
  @ApiOperation({ summary: 'A LiveKit token: participants, 15 minutes before the start until the end' })
  @Answers(MeetingJoinResponseSchema)
  join(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.schedules.join(actor, params.id);
  }
}

interface OriginRequest {
  protocol: string;
  host?: string;
  hostname: string;
}

@ApiTags('meetings')
@Controller()
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Post('me/calendar-feed')
  @Authenticated()
  @ApiOperation({ summary: 'A new secret iCalendar URL (the previous one stops working)' })
  @Answers(CalendarFeedResponseSchema, 201)
  async rotate(@CurrentUser() actor: AuthUser, @Req() req: OriginRequest): Promise<CalendarFeedResponse> {
    return { url: `${req.protocol}://${req.host ?? req.hostname}${await this.feeds.rotate(actor)}` };
  }

  @Get('calendar/:file')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: 'A personal iCalendar feed (the secret is the access)' })
  ics(@ValidParams(CalendarFeedParamSchema) params: { file: string }) {
    return this.feeds.ics(params.file.slice(0, -'.ics'.length));
  }
}
