import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  IdParamSchema,
  RegisterQuerySchema,
  SittingsQuerySchema,
  type RegisterQuery,
  type SittingsQuery,
  PublicDecisionViewSchema,
  RegisterPageSchema,
  SittingsPageSchema,
} from '@egov-box/contracts';
import { Answers, Public, ValidParams, ValidQuery } from '@egov-box/platform';
import { PublicRecordService } from './public-record.service.js';

/** The council's record for citizens (no login): sittings and decisions, searched and paged. */
@ApiTags('public')
@Controller('public/council')
@Public()
export class PublicRecordController {
  constructor(private readonly record: PublicRecordService) {}

  @Get('sittings')
  @Answers(SittingsPageSchema)
  @ApiOperation({
    summary:
      'Published sittings of the council and the committees, paged: ?q= (title or an agenda title), year, bodyId, when=upcoming|past, limit, offset (no login)',
  })
  sittings(@ValidQuery(SittingsQuerySchema) q: SittingsQuery) {
    return this.record.sittings(q);
  }

  @Get('register')
  @Answers(RegisterPageSchema)
  @ApiOperation({
    summary:
      "The council's register of decisions, searched and paged: ?q= (title or text), number, from, to (Sofia days), subject, outcome, limit, offset (no login)",
  })
  register(@ValidQuery(RegisterQuerySchema) q: RegisterQuery) {
    return this.record.register(q);
  }

  @Get('decisions/:id')
  @Answers(PublicDecisionViewSchema)
  @ApiOperation({ summary: 'A decision with its sitting, its agenda item (and materials) and its vote (no login)' })
  decision(@ValidParams(IdParamSchema) p: { id: string }) {
    return this.record.decision(p.id);
  }
}
