import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import {
  CreateKnockRequestSchema,
  IdParamSchema,
  KnockHistoryQuerySchema,
  ListSpacesQuerySchema,
  MuteTrackRequestSchema,
  PeopleQuerySchema,
  ParticipantParamsSchema,
  UpdateRoomRequestSchema,
  type CreateKnockRequest,
  type ListSpacesQuery,
  type MuteTrackRequest,
  type PeopleQuery,
  type UpdateRoomRequest,
  SpaceViewSchema,
  KnockViewSchema,
  SpaceJoinResponseSchema,
  PeoplePageSchema,
  ParticipantRemovedSchema,
  TrackMutedSchema,
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
import { RoomsService } from './rooms.service.js';

@ApiTags('rooms')
@Controller('rooms')
@Authenticated()
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get('me')
  @ApiOperation({ summary: 'My personal room: door, who is inside' })
  @Answers(SpaceViewSchema)
  me(@CurrentUser() actor: AuthUser) {
    return this.rooms.myRoom(actor);
  }

  @Patch('me')
  @ApiOperation({ summary: 'Set the door of my room: open, knock or closed' })
  @Answers(SpaceViewSchema)
  setDoor(@CurrentUser() actor: AuthUser, @ValidBody(UpdateRoomRequestSchema) body: UpdateRoomRequest) {
    return this.rooms.setDoor(actor, body.door);
  }

  @Get('me/knocks')
  @ApiOperation({ summary: 'Knocks on my room, newest first (history)' })
  @Answers([KnockViewSchema])
  knocks(@CurrentUser() actor: AuthUser, @ValidQuery(KnockHistoryQuerySchema) query: { limit: number }) {
    return this.rooms.history(actor, query.limit);
  }
}

@ApiTags('rooms')
@Controller('spaces')
@Authenticated()
export class SpacesController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  @ApiOperation({ summary: 'Spaces (personal rooms, halls, chamber) with door, owner and who is inside' })
  @Answers([SpaceViewSchema])
  list(@CurrentUser() actor: AuthUser, @ValidQuery(ListSpacesQuerySchema) query: ListSpacesQuery) {
    return this.rooms.list(actor, query.kind);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One space with door, owner and who is inside' })
  @ApiNotFoundResponse({ description: 'not_found' })
  @Answers(SpaceViewSchema)
  get(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.rooms.get(actor, params.id);
  }

  @Post(':id/join')
  @HttpCode(200)
  @ApiOperation({ summary: 'A LiveKit join token for the space, decided by its door' })
  @ApiForbiddenResponse({ description: 'knock_required | door_closed | not_invited' })
  @ApiServiceUnavailableResponse({ description: 'video_unavailable' })
  @Answers(SpaceJoinResponseSchema)
  join(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.rooms.join(actor, params.id);
  }

  @Post(':id/knocks')
  @ApiOperation({ summary: "Knock on a colleague's room; the owner is told at once" })
  @ApiForbiddenResponse({ description: 'door_closed' })
  @ApiConflictResponse({ description: 'knock_pending' })
  @ApiTooManyRequestsResponse({ description: 'too_many_requests' })
  @Answers(KnockViewSchema, 201)
  knock(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(CreateKnockRequestSchema) body: CreateKnockRequest,
  ) {
    return this.rooms.knock(actor, params.id, body.message);
  }

  @Post(':id/participants/:identity/remove')
  @HttpCode(200)
  @ApiOperation({ summary: 'Owner: remove a participant from the video room' })
  @Answers(ParticipantRemovedSchema)
  async remove(
    @CurrentUser() actor: AuthUser,
    @ValidParams(ParticipantParamsSchema) params: { id: string; identity: string },
  ) {
    await this.rooms.removeParticipant(actor, params.id, params.identity);
    return { removed: true };
  }

  @Post(':id/participants/:identity/mute')
  @HttpCode(200)
  @ApiOperation({ summary: "Owner: mute (or unmute) a participant's published track" })
  @Answers(TrackMutedSchema)
  mute(
    @CurrentUser() actor: AuthUser,
    @ValidParams(ParticipantParamsSchema) params: { id: string; identity: string },
    @ValidBody(MuteTrackRequestSchema) body: MuteTrackRequest,
  ) {
    return this.rooms.muteTrack(actor, params.id, params.identity, body);
  }
}

@ApiTags('people')
@Controller('people')
@Authenticated()
export class PeopleController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  @ApiOperation({
    summary: 'The people directory: enabled colleagues of every department with their room, door and presence',
  })
  @Answers(PeoplePageSchema)
  list(@CurrentUser() actor: AuthUser, @ValidQuery(PeopleQuerySchema) query: PeopleQuery) {
    return this.rooms.people(actor, query);
  }
}

@ApiTags('rooms')
@Controller('knocks')
@Authenticated()
export class KnocksController {
  constructor(private readonly rooms: RoomsService) {}

  @Post(':id/admit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Owner: let the visitor in (they may join once within 10 minutes)' })
  @ApiForbiddenResponse({ description: 'not_room_owner' })
  @ApiConflictResponse({ description: 'knock_not_pending' })
  @Answers(KnockViewSchema)
  admit(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.rooms.admit(actor, params.id);
  }

  @Post(':id/deny')
  @HttpCode(200)
  @ApiOperation({ summary: 'Owner: turn the visitor away' })
  @ApiForbiddenResponse({ description: 'not_room_owner' })
  @ApiConflictResponse({ description: 'knock_not_pending' })
  @Answers(KnockViewSchema)
  deny(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.rooms.deny(actor, params.id);
  }
}
