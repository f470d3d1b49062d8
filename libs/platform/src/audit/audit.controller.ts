import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditPageSchema, AuditQuerySchema, type AuditQuery } from '@egov-box/contracts';
import { Authenticated } from '../auth/decorators.js';
import { Answers, ValidQuery } from '../validation/zod.js';
import { AuditService } from './audit.service.js';

@ApiTags('administration')
@Controller('admin/audit')
@Authenticated({ permission: 'audit.read' })
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Read the audit log (newest first), filtered by actor, action, target and time' })
  @Answers(AuditPageSchema)
  list(@ValidQuery(AuditQuerySchema) query: AuditQuery) {
    return this.audit.list(query);
  }
}
