import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/decorators.js';
import { AppConfig } from '../config/app-config.js';
import { createBackup } from './backup.js';

interface Reply {
  header(name: string, value: string): unknown;
}

/** `egov-box-backup-2026-12-03-1845.tar.gz`, the time of day in Europe/Sofia. */
export function backupFileName(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Sofia',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `egov-box-backup-${p.year}-${p.month}-${p.day}-${p.hour}${p.minute}.tar.gz`;
}

@ApiTags('administration')
@Controller('admin/backup')
@Authenticated({ permission: 'backup.create' })
export class BackupController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A backup of the running portal (database and stored files) as a .tar.gz download; restore it with `npm run restore`',
  })
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: 'The backup file' })
  async backup(
    @CurrentUser() user: AuthUser,
    @Req() req: { ip?: string },
    @Res({ passthrough: true }) res: Reply,
  ): Promise<Buffer> {
    const file = await createBackup(this.db, { embedded: !this.config.databaseUrl, dataDir: this.config.dataDir });
    const name = backupFileName(new Date());
    await this.audit.record({
      actorId: user.id,
      action: 'backup_created',
      targetType: 'backup',
      ip: req.ip,
      details: { file: name, bytes: file.length },
    });
    res.header('content-type', 'application/gzip');
    res.header('content-disposition', `attachment; filename="${name}"`);
    res.header('cache-control', 'no-store');
    return file;
  }
}
