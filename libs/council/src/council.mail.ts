import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, mailTimeRange, type MailLine } from '@egov-box/platform';
import { MeetingsService } from '@egov-box/schedule';
import type { EntityManager } from 'typeorm';
import { changeView } from './council-views.js';
import { SittingsRepository } from './sittings.repository.js';
import { MaterialsRepository } from './materials.repository.js';
import { SittingChangesRepository } from './sitting-changes.repository.js';
import type { SittingChangeView, SittingWhenWhere } from '@egov-box/contracts';

const WORDS = {
  bg: {
    agenda: 'Дневен ред',
    materials: 'Материали',
    open: 'Заседанието и материалите в портала',
    changes: 'Промени след обявяването',
    moved: 'Преместено',
    to: 'на',
    reason: 'Причина',
    added: 'Добавена точка',
    withdrawn: 'Оттеглена точка',
    withdrawnMark: 'оттеглена',
  },
  en: {
    agenda: 'Agenda',
    materials: 'Materials',
    open: 'The sitting and its materials in the portal',
    changes: 'Changes since it was announced',
    moved: 'Moved from',
    to: 'to',
    reason: 'Reason',
    added: 'Item added',
    withdrawn: 'Item withdrawn',
    withdrawnMark: 'withdrawn',
  },
};

/** One announced change as a line of the mail, in the reader's language (times in Sofia). */
function changeLine(c: SittingChangeView, lang: 'bg' | 'en'): string {
  const w = WORDS[lang];
  const whenWhere = (x: SittingWhenWhere) =>
    `${mailTimeRange(lang, new Date(x.startsAt), new Date(x.endsAt))}${x.place ? `, ${x.place}` : ''}`;
  if (c.kind === 'rescheduled' && c.before && c.after)
    return `– ${w.moved}: ${whenWhere(c.before)} ${w.to} ${whenWhere(c.after)}. ${w.reason}: ${c.reason ?? '—'}`;
  const what = c.kind === 'item_added' ? w.added : w.withdrawn;
  return `– ${what}: ${c.item?.position ?? ''}. ${c.item?.title ?? ''}`;
}

/**
 * Council invitations: when a sitting is published its members are invited to the sitting's
 * meeting (schedule mails the meeting request); the council adds the agenda, the materials of
 * each item with links to their public download (a published sitting's materials need no
 * sign-in) and to the sitting in the portal (with PUBLIC_URL), and files the mail as kind `council`.
 * A change after publishing (a new time or place, an item added or withdrawn at the sitting:
 * SittingChanges) mails the same content again, headed by the changes and their reasons.
 */
@Injectable()
export class CouncilMail implements OnModuleInit {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly config: AppConfig,
    private readonly sittingsRepo: SittingsRepository,
    private readonly materialsRepo: MaterialsRepository,
    private readonly changes: SittingChangesRepository,
  ) {}

  onModuleInit(): void {
    for (const kind of ['council_session', 'committee_meeting'] as const) {
      this.meetings.registerMailContent(kind, (meeting, em) => this.content(meeting.id, em));
    }
  }

  private async content(meetingId: string, em: EntityManager) {
    const sitting = await this.sittingsRepo.sittingOfMeeting(meetingId, em);
    if (!sitting) return null;
    const items = await this.sittingsRepo.items(sitting.id, em);
    const materials = await this.materialsRepo.materials(sitting.id, em);
    const changes = (await this.changes.list(sitting.id, em)).map(changeView);
    const base = this.config.publicUrl;
    return {
      kind: 'council' as const,
      lines: (lang: 'bg' | 'en'): MailLine[] => {
        const w = WORDS[lang];
        const lines: MailLine[] = [];
        // What changed since the invitation, newest first, each with its reason (issue 15, part 8).
        if (changes.length) lines.push(`${w.changes}:`, ...changes.toReversed().map((c) => changeLine(c, lang)), '');
        lines.push(`${w.agenda}:`);
        // The agenda as it stands: a proposal not (yet) added is not on it; a withdrawn item keeps its number, marked.
        for (const item of items.filter((i) => i.state !== 'proposed' && i.state !== 'rejected')) {
          lines.push(`${item.position}. ${item.title}${item.state === 'withdrawn' ? ` (${w.withdrawnMark})` : ''}`);
          for (const m of materials.filter((x) => x.itemId === item.id)) {
            lines.push(
              base
                ? {
                    // A closed-door sitting's or item's files are not public (ЗМСМА чл. 28): the sitting's page, signed in.
                    link:
                      sitting.closedDoorAt || item.closedDoorAt
                        ? `${base}/council/${sitting.id}`
                        : `${base}/api/public/council/sessions/${sitting.id}/items/${item.id}/materials/${m.id}`,
                    text: `   ${w.materials}: ${m.filename}`,
                  }
                : `   ${w.materials}: ${m.filename}`,
            );
          }
        }
        if (base) lines.push({ link: `${base}/council/${sitting.id}`, text: w.open });
        return lines;
      },
    };
  }
}
