import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PresenceQuerySchema, type PresenceQuery, PresenceUpdatedSchema } from '@egov-box/contracts';
import { Authenticated, CurrentUser, ValidQuery, type AuthUser, Answers } from '@egov-box/platform';
import { PresenceService } from './presence.service.js';

@ApiTags('presence')
@Controller('presence')
@Authenticated()
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Get()
  @ApiOperation({ summary: 'The presence of some colleagues now (then follow presence.updated)' })
  @Answers([PresenceUpdatedSchema])
  @Answers([PresenceUpdatedSchema])
  snapshot(@CurrentUser() actor: AuthUser, @ValidQuery(PresenceQuerySchema) query: PresenceQuery) {
    return this.presence.read(actor, query.userIds);
  }
}
