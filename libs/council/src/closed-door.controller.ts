import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  IdParamSchema,
  SittingItemParamsSchema,
  SetClosedDoorSchema,
  type SetClosedDoorRequest,
  CouncilSessionViewSchema,
} from '@egov-box/contracts';
import { Answers, Authenticated, CurrentUser, ValidBody, ValidParams, type AuthUser } from '@egov-box/platform';
import { ClosedDoorService } from './closed-door.service.js';

const SUMMARY =
  'The clerk records the council’s decision that this be closed-door (ЗМСМА чл. 28; {closed: true, reason}) or undoes it on a draft ({closed: false}); 409 session_closed after the sitting, closed_door when undoing a published one';

/** Closed-door sittings and items (закрито заседание): the clerks record the council's decision. */
@ApiTags('council')
@Controller('council')
@Authenticated({ permission: 'council.closedDoor.record' })
export class ClosedDoorController {
  constructor(private readonly closedDoor: ClosedDoorService) {}

  @Post('sessions/:id/closed-door')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @ApiOperation({ summary: `A sitting: ${SUMMARY}` })
  sitting(
    @CurrentUser() u: AuthUser,
    @ValidParams(IdParamSchema) p: { id: string },
    @ValidBody(SetClosedDoorSchema) body: SetClosedDoorRequest,
  ) {
    return this.closedDoor.set(u, p.id, null, body);
  }

  @Post('sessions/:id/items/:itemId/closed-door')
  @Answers(CouncilSessionViewSchema)
  @HttpCode(200)
  @ApiOperation({ summary: `An agenda item: ${SUMMARY}` })
  item(
    @CurrentUser() u: AuthUser,
    @ValidParams(SittingItemParamsSchema) p: { id: string; itemId: string },
    @ValidBody(SetClosedDoorSchema) body: SetClosedDoorRequest,
  ) {
    return this.closedDoor.set(u, p.id, p.itemId, body);
  }
}
