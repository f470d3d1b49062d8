import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Public } from '../auth/decorators.js';
import { CommonErrors } from '../errors/common-errors.js';
import { Answers } from '../validation/zod.js';
import { HealthViewSchema, type HealthView } from '@egov-box/contracts';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Is the portal up and its database answering?' })
  @Answers(HealthViewSchema)
  @ApiServiceUnavailableResponse({ description: 'database_unavailable' })
  async health(): Promise<HealthView> {
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
      ]);
    } catch {
      throw CommonErrors.databaseUnavailable('The database is not answering');
    }
    return {
      status: 'ok',
      database: this.config.databaseUrl ? 'postgresql' : 'embedded',
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
