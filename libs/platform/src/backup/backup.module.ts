import { Module } from '@nestjs/common';
import { BackupController } from './backup.controller.js';

/** The administrator's backup of a running server (`POST /api/admin/backup`). */
@Module({ controllers: [BackupController] })
export class BackupModule {}
