import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, type MailLine } from '@egov-box/platform';
import { MeetingsService } from '@egov-box/schedule';
import type { EntityManager } from 'typeorm';
import { CouncilRepository } from './council.repository.js';

const WORDS = {
  bg: { agenda: 'Дневен ред', materials: 'Материали', open: 'Заседанието и материалите в портала' },
  en: { agenda: 'Agenda', materials: 'Materials', open: 'The sitting and its materials in the portal' },
};

/**
 * Council invitations: when a sitting is published its members are invited to the sitting's
 * meeting (schedule mails the meeting request); the council adds the agenda, the materials of
 * each item with links to their public download (a published sitting's materials need no
 * sign-in) and to the sitting in the portal (with PUBLIC_URL), and files the mail as kind `council`.
 */
@Injectable()
export class CouncilMail implements OnModuleInit {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly config: AppConfig,
    private readonly repo: CouncilRepository,
  ) {}

  onModuleInit(): void {
    for (const kind of ['council_session', 'committee_meeting'] as const) {
      this.meetings.registerMailContent(kind, (meeting, em) => this.content(meeting.id, em));
    }
  }

  private async content(meetingId: string, em: EntityManager) {
    const session = await this.repo.sessionOfMeeting(meetingId, em);
    if (!session) return null;
    const items = await this.repo.items(session.id, em);
    const materials = await this.repo.materials(session.id, em);
    const base = this.config.publicUrl;
    return {
      kind: 'council' as const,
      lines: (lang: 'bg' | 'en'): MailLine[] => {
        const w = WORDS[lang];
        const lines: MailLine[] = [`${w.agenda}:`];
        for (const item of items) {
          lines.push(`${item.position}. ${item.title}`);
          for (const m of materials.filter((x) => x.itemId === item.id)) {
            lines.push(
              base
                ? {
                    link: `${base}/api/public/council/sessions/${session.id}/items/${item.id}/materials/${m.id}`,
                    text: `   ${w.materials}: ${m.filename}`,
                  }
                : `   ${w.materials}: ${m.filename}`,
            );
          }
        }
        if (base) lines.push({ link: `${base}/council/${session.id}`, text: w.open });
        return lines;
      },
    };
  }
}
