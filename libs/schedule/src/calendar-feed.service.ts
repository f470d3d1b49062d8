import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService, AppError, type AuthUser } from '@egov-box/platform';
import { buildCalendar } from './ical.js';
import { MeetingsRepository } from './meetings.repository.js';

/** How far back a feed reaches, and how many meetings it holds at most. */
const FEED_PAST_DAYS = 90;
const FEED_MAX_EVENTS = 5000;

export const FEED_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A personal iCalendar feed behind a secret URL; only the secret's hash is stored. */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly repo: MeetingsRepository,
    private readonly access: AccessService,
  ) {}

  /** A new secret for the user; the previous URL stops working at once. Returns the path. */
  async rotate(actor: AuthUser): Promise<string> {
    await this.access.requireAccess(actor, 'meeting.listOwn');
    const secret = randomBytes(32).toString('base64url');
    await this.repo.setFeed(actor.id, hash(secret));
    return `/api/calendar/${secret}.ics`;
  }

  /** Public: the secret in the URL is the access (no permission). */
  async ics(secret: string): Promise<string> {
    if (!FEED_SECRET_PATTERN.test(secret)) throw AppError.notFound('Calendar');
    const userId = await this.repo.feedOwner(hash(secret));
    if (!userId) throw AppError.notFound('Calendar');
    const since = new Date(Date.now() - FEED_PAST_DAYS * 86_400_000);
    const meetings = await this.repo.feedMeetings(userId, since, FEED_MAX_EVENTS);
    return buildCalendar('eGov Box', meetings);
  }
}
