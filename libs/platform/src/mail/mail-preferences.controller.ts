import { Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MAIL_KINDS,
  MailPreferencesSchema,
  MailPreferencesViewSchema,
  type MailPreferences,
  type MailPreferencesView,
} from '@egov-box/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/decorators.js';
import { Answers, ValidBody } from '../validation/zod.js';
import { MailService } from './mail.service.js';

/** The signed-in person's own choice of which kinds of mail they get (nobody else's). */
@ApiTags('mail')
@Controller('me/mail-preferences')
export class MailPreferencesController {
  constructor(
    private readonly mail: MailService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Which kinds of mail I get' })
  @Answers(MailPreferencesViewSchema)
  get(@CurrentUser() user: AuthUser): Promise<MailPreferencesView> {
    return this.view(user.id);
  }

  @Put()
  @Authenticated()
  @ApiOperation({ summary: 'Choose which kinds of mail I get (every kind named: true to get it)' })
  @Answers(MailPreferencesViewSchema)
  async put(
    @CurrentUser() user: AuthUser,
    @ValidBody(MailPreferencesSchema) body: MailPreferences,
  ): Promise<MailPreferencesView> {
    await this.mail.setDisabledKinds(
      user.id,
      MAIL_KINDS.filter((k) => !body.kinds[k]),
    );
    return this.view(user.id);
  }

  private async view(userId: string): Promise<MailPreferencesView> {
    const off = new Set(await this.mail.disabledKinds(userId));
    const rows: { email: string | null }[] = await this.db.query(`SELECT email FROM app_user WHERE id = $1`, [userId]);
    return {
      enabled: this.mail.enabled,
      address: rows[0]?.email || null,
      kinds: Object.fromEntries(MAIL_KINDS.map((k) => [k, !off.has(k)])) as MailPreferences['kinds'],
    };
  }
}
