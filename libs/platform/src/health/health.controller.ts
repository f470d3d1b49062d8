import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Public } from '../auth/decorators.js';
import { CommonErrors } from '../errors/common-errors.js';
import { Answers } from '../validation/zod.js';
import { SharedProbe } from './shared-probe.js';
import { HealthViewSchema, type HealthView } from '@egov-box/contracts';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  /** `SELECT 1`, given up after 3 s; requests that come while one runs share the next. */
  private readonly probe: SharedProbe;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly config: AppConfig,
  ) {
    this.probe = new SharedProbe(() =>
      Promise.race([
        db.query('SELECT 1').then(() => undefined),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
      ]),
    );
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Is the portal up and its database answering?' })
  @Answers(HealthViewSchema)
  @ApiServiceUnavailableResponse({ description: 'database_unavailable' })
  async health(): Promise<HealthView> {
    try {
      await this.probe.run();
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
