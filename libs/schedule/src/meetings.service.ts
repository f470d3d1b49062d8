import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { MeetingKind, MeetingStatus, MeetingView, ParticipantResponse, UserView } from '@egov-box/contracts';
import { UsersService } from '@egov-box/directory';
import {
  AccessService,
  AppConfig,
  AppError,
  EventBus,
  MailService,
  isSlotTaken,
  type AuthUser,
} from '@egov-box/platform';
import type { EntityManager } from 'typeorm';
import type { Meeting } from './entities/meeting.entity.js';
import { enqueueMeetingMails, type MeetingMailContent } from './meeting-mail.js';
import { toMeetingView } from './meeting-view.js';
import { MeetingsRepository, type MeetingRow, type ParticipantRow } from './meetings.repository.js';
import { JOIN_EARLY_MINUTES, ScheduleErrors } from './schedule.errors.js';

/** What another module asks for when it creates a meeting. */
export interface NewMeeting {
  spaceId: string;
  kind: MeetingKind;
  title: string;
  description?: string | null;
  organizerId: string;
  startsAt: Date;
  endsAt: Date;
  /** `pending` holds the slot until a clerk approves. Default `confirmed`. */
  status?: Exclude<MeetingStatus, 'cancelled'>;
  inviteeIds?: string[];
  /** The organizer's own response (default `accepted`). */
  organizerResponse?: ParticipantResponse;
  /**
   * The invitees' response when they already gave it (a one-on-one both people agreed on);
   * by default they have not answered yet (`needs_action`).
   */
  inviteeResponse?: ParticipantResponse;
  seriesId?: string | null;
  recurrenceRule?: string | null;
}

export interface MeetingChange {
  title?: string;
  description?: string | null;
  startsAt?: Date;
  endsAt?: Date;
  seriesId?: string | null;
  /** Another room (a council sitting moved to another hall); the database checks it is free. */
  spaceId?: string;
  /** Back to awaiting approval (a moved booking in a hall that needs it). */
  status?: 'pending';
}

export interface TimeRange {
  startsAt: Date;
  endsAt: Date;
}

/** What a change check asks of an accepted move. */
export interface ChangeVerdict {
  /** The new time needs a clerk's approval again (the meeting goes back to pending). */
  approvalRequired?: boolean;
}

/**
 * Runs before a meeting of a kind moves to a new time (e.g. halls re-check their booking
 * policy). Throws an AppError to refuse.
 */
export type MeetingChangeCheck = (
  meeting: Meeting,
  next: TimeRange,
  actor: AuthUser,
) => Promise<ChangeVerdict | void> | ChangeVerdict | void;

/** Raised inside a transaction when the exclusion constraint (or a buffer) refuses a range. */
class SlotConflict extends Error {
  constructor(
    readonly spaceId: string,
    readonly ranges: TimeRange[],
    readonly excludeIds: string[],
    readonly bufferMinutes: number,
  ) {
    super('slot taken');
  }
}

/**
 * One unit of work on meetings: create, move, change, cancel — inside one database
 * transaction. Conflicts are found by the database (exclusion constraint), never by a
 * check-then-insert; the events go out only after the commit.
 */
export class MeetingsTx {
  readonly created = new Set<string>();
  readonly updated = new Set<string>();
  readonly cancelled = new Set<string>();
  private readonly lockedSpaces = new Set<string>();

  constructor(
    readonly em: EntityManager,
    private readonly repo: MeetingsRepository,
  ) {}

  /**
   * Holds these people's attendance still until the transaction ends: whoever checks a
   * person's meetings (one-on-one acceptance) and whoever adds one (a booking, an RSVP)
   * take the same lock, so such a check holds under concurrency. Adders that look at
   * nothing may take it `shared` (they then only exclude checkers, not one another).
   */
  lockPeople(userIds: string[], options: { shared?: boolean } = {}): Promise<void> {
    return this.repo.lockPeople(userIds, this.em, options.shared ?? false);
  }

  /**
   * The spaces' locks (see `MeetingsRepository.lock`), each once per transaction, with the
   * people who accept a new meeting (shared) taken first in the same round trip.
   */
  private async lockSpaces(spaceIds: string[], options: { people?: string[] } = {}): Promise<void> {
    const spaces = spaceIds.filter((id) => !this.lockedSpaces.has(id));
    await this.repo.lock(this.em, { people: options.people, sharedPeople: true, spaces });
    for (const id of spaces) this.lockedSpaces.add(id);
  }

  /** Creates meetings all or nothing; returns their ids in order. */
  async create(items: NewMeeting[], options: { bufferMinutes?: number } = {}): Promise<string[]> {
    const buffer = options.bufferMinutes ?? 0;
    const rows: MeetingRow[] = [];
    const participants: ParticipantRow[] = [];
    for (const item of items) {
      const id = randomUUID();
      rows.push({
        id,
        spaceId: item.spaceId,
        kind: item.kind,
        title: item.title,
        description: item.description ?? null,
        organizerId: item.organizerId,
        startsAt: item.startsAt,
        endsAt: item.endsAt,
        status: item.status ?? 'confirmed',
        seriesId: item.seriesId ?? null,
        recurrenceRule: item.recurrenceRule ?? null,
        icalUid: `${id}@egov-box`,
      });
      participants.push({
        meetingId: id,
        userId: item.organizerId,
        role: 'organizer',
        response: item.organizerResponse ?? 'accepted',
        responded: item.organizerResponse !== undefined,
      });
      for (const userId of new Set(item.inviteeIds ?? [])) {
        if (userId !== item.organizerId)
          participants.push({
            meetingId: id,
            userId,
            role: 'invitee',
            response: item.inviteeResponse ?? 'needs_action',
            responded: item.inviteeResponse !== undefined,
          });
      }
    }
    const bySpace = new Map<string, MeetingRow[]>();
    for (const r of rows) bySpace.set(r.spaceId, [...(bySpace.get(r.spaceId) ?? []), r]);
    // One round trip: the people who accept (shared: creating only adds attendance and looks
    // at nobody's meetings, so bookings by one organizer run side by side yet wait for a
    // one-on-one's check), then each space (one writer at a time, see `lock`).
    await this.lockSpaces([...bySpace.keys()], {
      people: participants.filter((p) => p.response === 'accepted').map((p) => p.userId),
    });
    for (const [spaceId, list] of bySpace) {
      // A buffer is wider than the constraint: look, under the space's lock. A series is
      // checked in one query first so that the answer can list every clash without
      // aborting the transaction; the constraint still decides.
      if (buffer > 0 || list.length > 1) {
        const found = await this.repo.conflicts(spaceId, list, [], buffer, this.em);
        if (found.length) throw new SlotConflict(spaceId, list, [], buffer);
      }
    }
    try {
      await this.repo.insert(rows, participants, this.em);
    } catch (err) {
      if (isSlotTaken(err)) {
        const first = rows[0]!;
        throw new SlotConflict(
          first.spaceId,
          rows.filter((r) => r.spaceId === first.spaceId),
          [],
          buffer,
        );
      }
      throw err;
    }
    for (const r of rows) this.created.add(r.id);
    return rows.map((r) => r.id);
  }

  /** Changes meetings (a new time is conflict-checked by the database); raises SEQUENCE. */
  async change(
    meeting: Pick<Meeting, 'id' | 'spaceId'>,
    changes: MeetingChange,
    scopeIds: string[] = [meeting.id],
  ): Promise<void> {
    // A new time or room is a write of the spaces' times: under their locks (see `lock`).
    if (changes.startsAt || changes.endsAt || changes.spaceId)
      await this.lockSpaces([meeting.spaceId, ...(changes.spaceId ? [changes.spaceId] : [])]);
    try {
      await this.repo.update(meeting.id, changes, this.em);
    } catch (err) {
      if (isSlotTaken(err) && changes.startsAt && changes.endsAt) {
        throw new SlotConflict(meeting.spaceId, [{ startsAt: changes.startsAt, endsAt: changes.endsAt }], scopeIds, 0);
      }
      throw err;
    }
    this.updated.add(meeting.id);
  }

  /** Moves several meetings of one space; on a clash the answer lists all new ranges. */
  async reschedule(spaceId: string, moves: { id: string; startsAt: Date; endsAt: Date }[], extra: MeetingChange = {}) {
    const ids = moves.map((m) => m.id);
    await this.lockSpaces([spaceId, ...(extra.spaceId ? [extra.spaceId] : [])]);
    try {
      for (const m of moves) {
        await this.repo.update(m.id, { ...extra, startsAt: m.startsAt, endsAt: m.endsAt }, this.em);
        this.updated.add(m.id);
      }
    } catch (err) {
      if (isSlotTaken(err)) throw new SlotConflict(spaceId, moves, ids, 0);
      throw err;
    }
  }

  /**
   * Invites people to a meeting that exists (a council session once published); the
   * meeting is announced to everyone in it after the commit, as if new to them.
   */
  async invite(meetingId: string, userIds: string[]): Promise<void> {
    if (await this.repo.addInvitees(meetingId, userIds, this.em)) this.created.add(meetingId);
  }

  async cancel(id: string, reason: string | null): Promise<void> {
    await this.repo.update(id, { status: 'cancelled', cancelReason: reason }, this.em);
    this.cancelled.add(id);
  }

  async confirm(id: string): Promise<void> {
    await this.repo.update(id, { status: 'confirmed' }, this.em);
    this.updated.add(id);
  }
}

/**
 * Meetings for every module (halls, one-on-ones, council): create, reschedule and cancel
 * inside a transaction; a clash becomes 409 `slot_taken` with the meetings in the way.
 */
@Injectable()
export class MeetingsService {
  private readonly logger = new Logger('Meetings');
  private readonly checks = new Map<MeetingKind, MeetingChangeCheck>();
  private readonly managed = new Map<MeetingKind, () => AppError>();
  private readonly mailContents = new Map<MeetingKind, MeetingMailContent>();

  constructor(
    private readonly repo: MeetingsRepository,
    private readonly users: UsersService,
    private readonly bus: EventBus,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly access: AccessService,
  ) {}

  /** Lets the module owning a kind of meeting vet new times (e.g. a hall's policy). */
  registerChangeCheck(kind: MeetingKind, check: MeetingChangeCheck): void {
    this.checks.set(kind, check);
  }

  /**
   * Meetings of this kind belong to another module (a council session, a one-on-one): they
   * change and end only through that module's routes, which keep their own records in step;
   * the meetings routes answer with `refusal` instead.
   */
  registerManagedKind(kind: MeetingKind, refusal: () => AppError): void {
    this.managed.set(kind, refusal);
  }

  /** Lets the module owning a kind of meeting add to its invitations (and choose their kind of mail). */
  registerMailContent(kind: MeetingKind, content: MeetingMailContent): void {
    this.mailContents.set(kind, content);
  }

  /** Throws the owning module's refusal when a meeting of a managed kind is changed directly. */
  assertChangeableHere(meeting: Pick<Meeting, 'kind'>): void {
    const refusal = this.managed.get(meeting.kind);
    if (refusal) throw refusal();
  }

  async checkChange(meeting: Meeting, next: TimeRange, actor: AuthUser): Promise<ChangeVerdict> {
    return (await this.checks.get(meeting.kind)?.(meeting, next, actor)) ?? {};
  }

  /**
   * Runs `work` in one transaction, with the mails about it (invitees' meeting requests and
   * cancellations) written into the outbox in the same transaction. After the commit the participants hear about every
   * created, changed or cancelled meeting; a clash rolls everything back and answers
   * 409 `slot_taken` listing the meetings in the way (looked up after the failure).
   */
  async transaction<T>(work: (tx: MeetingsTx) => Promise<T>, viewer?: AuthUser): Promise<T> {
    return (await this.run(work, viewer)).result;
  }

  /** Creates meetings all or nothing (a whole series or none). */
  async create(
    items: NewMeeting[],
    options: { bufferMinutes?: number; viewer?: AuthUser } = {},
  ): Promise<MeetingView[]> {
    const { result: ids, announced } = await this.run((tx) => tx.create(items, options), options.viewer);
    // The views announced after the commit are the answer too (read once, not twice).
    const views = ids.map((id) => announced.get(id));
    return views.every((v): v is MeetingView => Boolean(v)) ? views : this.views(ids);
  }

  /** `viewer`: who is told about the meetings in the way of a clash (see `slotTaken`). */
  private async run<T>(
    work: (tx: MeetingsTx) => Promise<T>,
    viewer?: AuthUser,
  ): Promise<{ result: T; announced: Map<string, MeetingView> }> {
    let tx: MeetingsTx | undefined;
    let result: T;
    try {
      result = await this.repo.transaction(async (em) => {
        tx = new MeetingsTx(em, this.repo);
        const out = await work(tx);
        // The invitations, changes and cancellations go into the outbox with the change itself.
        await enqueueMeetingMails(this.mail, this.repo, em, tx, this.config.mail?.from ?? '', this.mailContents);
        return out;
      });
    } catch (err) {
      if (err instanceof SlotConflict) throw await this.slotTaken(err, viewer);
      if (isSlotTaken(err)) throw ScheduleErrors.slotTaken('The space is taken at that time', { conflicts: [] });
      throw err;
    }
    const announced = await this.announce(tx!).catch((err: unknown) => {
      this.logger.error({ err }, 'announcing meetings failed');
      return new Map<string, MeetingView>();
    });
    return { result, announced };
  }

  /**
   * Non-cancelled time ranges taken in spaces between two instants (free/busy), with each
   * meeting's id, title and organizer for the caller to show or withhold.
   */
  busy(spaceIds: string[], from: Date, to: Date) {
    return this.repo.busy(spaceIds, from, to).then((rows) =>
      rows.map((r) => ({
        id: r.id,
        spaceId: r.space_id,
        title: r.title,
        organizerId: r.organizer_id,
        startsAt: new Date(r.starts_at),
        endsAt: new Date(r.ends_at),
        status: r.status,
      })),
    );
  }

  /**
   * Whether the user may enter the space's video because of a meeting there: organizer or
   * invitee (not declined) of a meeting in its join window. Personal rooms ask this, so a
   * closed or knock door still lets a one-on-one's requester in.
   */
  invitedNow(spaceId: string, userId: string): Promise<boolean> {
    return this.repo.invitedNow(spaceId, userId, JOIN_EARLY_MINUTES);
  }

  async get(id: string): Promise<Meeting | null> {
    return this.repo.findById(id);
  }

  /** Full views (space, organizer, participants) of meetings, in the order of `ids`. */
  async views(ids: string[]): Promise<MeetingView[]> {
    if (!ids.length) return [];
    const [meetings, participants] = await Promise.all([this.repo.findByIds(ids), this.repo.participants(ids)]);
    const userIds = new Set<string>();
    for (const m of meetings) userIds.add(m.organizerId);
    for (const p of participants) userIds.add(p.userId);
    const users = new Map<string, UserView>((await this.users.views([...userIds])).map((u) => [u.id, u]));
    const byId = new Map(meetings.map((m) => [m.id, toMeetingView(m, participants, users)]));
    return ids.map((id) => byId.get(id)).filter((v): v is MeetingView => Boolean(v));
  }

  async view(id: string): Promise<MeetingView> {
    const [v] = await this.views([id]);
    if (!v) throw AppError.notFound('Meeting');
    return v;
  }

  /**
   * 409 `slot_taken` with the meetings in the way: their times for anyone, their titles only
   * for someone who may read them (`meeting.read`: who takes part in them, a clerk or an
   * administrator — a private meeting's title is not every colleague's business; `title` is
   * null then).
   */
  private async slotTaken(c: SlotConflict, viewer?: AuthUser): Promise<AppError> {
    const found = await this.repo.conflicts(c.spaceId, c.ranges, c.excludeIds, c.bufferMinutes);
    const readable = viewer
      ? await this.access.allowed(
          viewer,
          'meeting.read',
          found.map((f) => f.id),
        )
      : new Set<string>();
    const pad = c.bufferMinutes * 60_000;
    const clashes = c.ranges.filter((r) =>
      found.some(
        (f) => f.startsAt.getTime() < r.endsAt.getTime() + pad && r.startsAt.getTime() - pad < f.endsAt.getTime(),
      ),
    );
    return ScheduleErrors.slotTaken('The space is taken at that time', {
      conflicts: found.map((f) => ({
        id: f.id,
        title: readable.has(f.id) ? f.title : null,
        status: f.status,
        startsAt: f.startsAt.toISOString(),
        endsAt: f.endsAt.toISOString(),
      })),
      occurrences: clashes.map((r) => ({ startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() })),
    });
  }

  /** meeting.created / updated / cancelled to every participant of each meeting. */
  private async announce(tx: MeetingsTx): Promise<Map<string, MeetingView>> {
    const groups: ['meeting.created' | 'meeting.updated' | 'meeting.cancelled', Set<string>][] = [
      ['meeting.created', tx.created],
      ['meeting.updated', new Set([...tx.updated].filter((id) => !tx.cancelled.has(id) && !tx.created.has(id)))],
      ['meeting.cancelled', tx.cancelled],
    ];
    const all = [...new Set(groups.flatMap(([, ids]) => [...ids]))];
    if (!all.length) return new Map();
    const views = new Map((await this.views(all)).map((v) => [v.id, v]));
    for (const [event, ids] of groups) {
      for (const id of ids) {
        const meeting = views.get(id);
        if (meeting) this.publish(event, meeting);
      }
    }
    return views;
  }

  /** Tells the organizer and every participant what became of a meeting. */
  publish(event: 'meeting.created' | 'meeting.updated' | 'meeting.cancelled', meeting: MeetingView): void {
    const users = [...new Set([meeting.organizer.id, ...meeting.participants.map((p) => p.user.id)])];
    this.bus.publish(event, { meeting }, { users });
  }
}
