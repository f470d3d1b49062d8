import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateDisplayTokenSchema,
  IdParamSchema,
  type CreateDisplayTokenRequest,
  DisplayTokenCreatedSchema,
  DisplayTokenViewSchema,
} from '@egov-box/contracts';
import { Answers, Authenticated, CurrentUser, ValidBody, ValidParams, type AuthUser } from '@egov-box/platform';
import { CouncilDisplayGateway } from './display.gateway.js';
import { CouncilDisplayService } from './display.service.js';

type Id = { id: string };

/** Display tokens for the chamber's screen (issue 15, part 7): the clerks make and revoke them. */
@ApiTags('council')
@Controller('council')
@Authenticated()
export class CouncilDisplayController {
  constructor(
    private readonly display: CouncilDisplayService,
    private readonly gateway: CouncilDisplayGateway,
  ) {}

  @Post('sessions/:id/display-tokens')
  @Answers(DisplayTokenCreatedSchema, 201)
  @Authenticated({ permission: 'council.display.manage' })
  @ApiOperation({
    summary:
      "Make a display token for the sitting's chamber screen (clerk; a published sitting, else 409 sitting_draft): the token is answered once, with the screen's path /display#<token>; only its hash is kept",
  })
  create(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: Id,
    @ValidBody(CreateDisplayTokenSchema) body: CreateDisplayTokenRequest,
  ) {
    return this.display.create(u, p.id, body);
  }

  @Get('sessions/:id/display-tokens')
  @Answers([DisplayTokenViewSchema])
  @Authenticated({ permission: 'council.display.manage' })
  @ApiOperation({ summary: "The sitting's display tokens (clerk): label, made, revoked; never the token" })
  list(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    return this.display.list(u, p.id);
  }

  @Post('display-tokens/:id/revoke')
  @Answers(DisplayTokenViewSchema)
  @HttpCode(200)
  @Authenticated({ permission: 'council.display.revoke' })
  @ApiOperation({ summary: 'Revoke a display token (clerk): its screens are disconnected and it opens nothing again' })
  async revoke(@CurrentUser() u: AuthUser, @ValidParams(IdParamSchema) p: Id) {
    const token = await this.display.revoke(u, p.id);
    this.gateway.disconnectToken(token.id);
    return token;
  }
}
