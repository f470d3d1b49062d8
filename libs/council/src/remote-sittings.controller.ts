import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DeclareRemoteSittingSchema,
  IdParamSchema,
  IdentifyMemberSchema,
  RemoteMicrophoneSchema,
  type DeclareRemoteSittingRequest,
  type IdentifyMemberRequest,
  type RemoteMicrophoneRequest,
  CheckInCodeViewSchema,
  SittingFormViewSchema,
} from '@egov-box/contracts';
import { Answers, Authenticated, CurrentUser, ValidBody, ValidParams, type AuthUser } from '@egov-box/platform';
import { RemoteSittings } from './remote-sittings.service.js';

type Id = { id: string };

/** Where members take part: the chamber's check-in code, remote sittings (ЗМСМА чл. 28а), identification. */
@ApiTags('council')
@Controller('council')
@Authenticated()
export class RemoteSittingsController {
  constructor(private readonly remote: RemoteSittings) {}

  @Get('sessions/:id/check-in-code')
  @Answers(CheckInCodeViewSchema)
  @Authenticated({ permission: 'council.checkIn.readCode' })
  @ApiOperation({
    summary:
      "The chamber's check-in code now (six digits, changes every 30 s): the clerk and the chair only (403 otherwise); 409 session_not_open outside publication–close",
  })
  checkInCode(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.remote.checkInCode(u, p.id);
  }

  @Post('sessions/:id/remote')
  @Answers(SittingFormViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.sitting.chair' })
  @ApiOperation({
    summary:
      'The chair declares the sitting remote under ЗМСМА чл. 28а, with the declared emergency or epidemic situation (400 without it); 409 remote_needs_video without LiveKit, already_remote',
  })
  declare(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(DeclareRemoteSittingSchema) body: DeclareRemoteSittingRequest,
  ) {
    return this.remote.declare(u, p.id, body);
  }

  @Post('sessions/:id/identifications')
  @Answers(SittingFormViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.member.identify' })
  @ApiOperation({
    summary:
      "The clerk confirms a present member's identity by sight and voice (remote sittings while held; 409 not_remote, not_present, already_identified)",
  })
  identify(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(IdentifyMemberSchema) body: IdentifyMemberRequest,
  ) {
    return this.remote.identify(u, p.id, body);
  }

  @Post('sessions/:id/video/microphone')
  @HttpCode(204)
  @Authenticated({ permission: 'council.sitting.chair' })
  @ApiOperation({
    summary:
      'Remote sittings: the chair gives a member the microphone for the identification call or a roll-call answer, or takes it back (the camera stays); 409 not_remote, session_not_live; 404 when they are not in the video',
  })
  async microphone(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(RemoteMicrophoneSchema) body: RemoteMicrophoneRequest,
  ): Promise<void> {
    await this.remote.microphone(u, p.id, body);
  }
}
