import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Public } from '../auth/decorators.js';
import { CommonErrors } from '../errors/common-errors.js';

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
  @ApiOkResponse({ description: '{ status: "ok", database, uptimeSeconds }' })
  @ApiServiceUnavailableResponse({ description: 'database_unavailable' })
  async health() {
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
