import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  DEFAULT_WORKING_HOURS,
  DEFAULT_WORKING_TIME_ZONE,
  type AbsenceView,
  type AcceptOneOnOneRequest,
  type CreateAbsenceRequest,
  type CreateOneOnOneRequest,
  type FreeSlot,
  type FreeSlotsQuery,
  type OneOnOneAction,
  type OneOnOneView,
  type ProposeOneOnOneRequest,
  type PutWorkingHoursRequest,
  type ReasonRequest,
  type Slot,
  type UserView,
  type WorkingHoursView,
} from '@egov-box/contracts';
import { UsersService } from '@egov-box/directory';
import { AppError, EventBus, type AuthUser } from '@egov-box/platform';
import { MeetingsService } from '@egov-box/schedule';
import { DateTime } from 'luxon';
import type { Absence } from './entities/absence.entity.js';
import type { OneOnOneRequestRow } from './entities/one-on-one-request.entity.js';
import {
  absenceDuring,
  formatClock,
  freeSlots,
  isValidZone,
  toDayIntervals,
  withinWorkingHours,
  workingHoursProblem,
  type DayInterval,
  type FreeRange,
  type Range,
} from './free-slots.js';
import {
  BUFFER_MINUTES,
  EXPIRY_SWEEP_MS,
  GRID_MINUTES,
  MAX_WINDOW_DAYS,
  MIN_NOTICE_MINUTES,
  ONE_ON_ONE_ERRORS,
  OneOnOneErrors,
} from './one-on-one.errors.js';
import { OneOnOneRepository } from './one-on-one.repository.js';

interface Hours {
  zone: string;
  intervals: DayInterval[];
  isDefault: boolean;
}

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString();
const sameRange = (a: Range, b: Range) =>
  a.startsAt.getTime() === b.startsAt.getTime() && a.endsAt.getTime() === b.endsAt.getTime();

/**
 * Working hours, absences, free slots and one-on-one requests: a request goes back and
 * forth (accept one slot, decline, propose others) until it is agreed, declined, cancelled
 * or expired. An agreed request is a meeting of kind one_on_one in the invitee's personal
 * room; both people's busy time is written in the same transaction and the database
 * refuses an overlap (409 slot_taken).
 */
@Injectable()
export class OneOnOneService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('OneOnOne');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repo: OneOnOneRepository,
    private readonly users: UsersService,
    private readonly meetings: MeetingsService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    // One-on-ones move only by proposing and accepting (both people must agree).
    this.meetings.registerChangeCheck('one_on_one', () => {
      throw AppError.conflict(
        ONE_ON_ONE_ERRORS.useOneOnOneFlow,
        'A one-on-one is moved by proposing new slots (POST /api/one-on-ones/:id/propose)',
      );
    });
    this.timer = setInterval(() => void this.expire({}), EXPIRY_SWEEP_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  // ---- working hours ----

  async workingHours(actor: AuthUser): Promise<WorkingHoursView> {
    return this.hoursView(await this.hoursOf(actor.id));
  }

  async putWorkingHours(actor: AuthUser, input: PutWorkingHoursRequest): Promise<WorkingHoursView> {
    const zone = input.timeZone ?? (await this.hoursOf(actor.id)).zone;
    if (!isValidZone(zone)) throw AppError.badRequest(ONE_ON_ONE_ERRORS.invalidTimeZone, `Unknown time zone ${zone}`);
    const intervals = toDayIntervals(input.intervals);
    const problem = workingHoursProblem(intervals);
    if (problem === 'start_after_end')
      throw AppError.badRequest(ONE_ON_ONE_ERRORS.invalidWorkingHours, 'Every interval must start before it ends');
    if (problem === 'overlap')
      throw AppError.badRequest(ONE_ON_ONE_ERRORS.overlappingWorkingHours, 'Intervals of a day must not overlap');
    await this.repo.replaceWorkingHours(actor.id, zone, intervals);
    return this.workingHours(actor);
  }

  private async hoursOf(userId: string): Promise<Hours> {
    const rows = await this.repo.workingHours(userId);
    if (rows.length) {
      return {
        zone: rows[0]!.timeZone,
        intervals: rows.map((r) => ({ weekday: r.weekday, startMinute: r.startMinute, endMinute: r.endMinute })),
        isDefault: false,
      };
    }
    return { zone: DEFAULT_WORKING_TIME_ZONE, intervals: toDayIntervals(DEFAULT_WORKING_HOURS), isDefault: true };
  }

  private hoursView(h: Hours): WorkingHoursView {
    return {
      timeZone: h.zone,
      isDefault: h.isDefault,
      intervals: h.intervals.map((i) => ({
        weekday: i.weekday,
        from: formatClock(i.startMinute),
        to: formatClock(i.endMinute),
      })),
    };
  }

  // ---- absences ----

  async absences(actor: AuthUser): Promise<AbsenceView[]> {
    return this.absenceViews(await this.repo.absences(actor.id));
  }

  async addAbsence(actor: AuthUser, input: CreateAbsenceRequest): Promise<AbsenceView> {
    if (input.endsOn < input.startsOn)
      throw AppError.badRequest(ONE_ON_ONE_ERRORS.invalidAbsence, 'The absence must not end before it starts');
    const days = (Date.parse(input.endsOn) - Date.parse(input.startsOn)) / DAY;
    if (days > 366) throw AppError.badRequest(ONE_ON_ONE_ERRORS.invalidAbsence, 'An absence lasts at most a year');
    const substituteId = input.substituteId ?? null;
    if (substituteId === actor.id)
      throw AppError.badRequest(ONE_ON_ONE_ERRORS.invalidSubstitute, 'You cannot be your own substitute');
    if (substituteId) {
      const sub = await this.users.get(substituteId).catch(() => null);
      if (!sub || sub.disabledAt)
        throw AppError.badRequest(ONE_ON_ONE_ERRORS.invalidSubstitute, 'The substitute is not a user');
    }
    const row = await this.repo.insertAbsence({
      userId: actor.id,
      kind: input.kind,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      substituteId,
      note: input.note ?? null,
    });
    return (await this.absenceViews([row]))[0]!;
  }

  async removeAbsence(actor: AuthUser, id: string): Promise<void> {
    if (!(await this.repo.deleteAbsence(id, actor.id))) throw AppError.notFound('Absence');
  }

  private async absenceViews(rows: Absence[]): Promise<AbsenceView[]> {
    const subs = new Map(
      (await this.users.views(rows.map((r) => r.substituteId).filter((x): x is string => Boolean(x)))).map((u) => [
        u.id,
        u,
      ]),
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.userId,
      kind: r.kind,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      substitute: r.substituteId ? (subs.get(r.substituteId) ?? null) : null,
      note: r.note,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  // ---- free slots ----

  /**
   * Anyone signed in may see anyone's free slots (times only, no titles). A slot touching a
   * meeting the person has not answered yet is marked `tentative` (it is still offered: an
   * unanswered invitation does not book the person).
   */
  async freeSlots(_actor: AuthUser, userId: string, query: FreeSlotsQuery): Promise<FreeSlot[]> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from) throw AppError.badRequest(ONE_ON_ONE_ERRORS.invalidWindow, '`to` must be after `from`');
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY)
      throw AppError.badRequest(ONE_ON_ONE_ERRORS.windowTooLong, `The window is at most ${MAX_WINDOW_DAYS} days`);
    await this.users.get(userId);
    const { slots, absences } = await this.slotsOf(userId, from, to, query.minutes);
    const out: FreeSlot[] = slots.map(toFreeSlot);
    // While the person is away, suggest their substitute's free time instead.
    const substituteIds = [...new Set(absences.map((a) => a.substituteId).filter((x): x is string => Boolean(x)))];
    const subs = new Map((await this.users.views(substituteIds)).map((u) => [u.id, u]));
    const hours = await this.hoursOf(userId);
    for (const a of absences) {
      const sub = a.substituteId ? subs.get(a.substituteId) : undefined;
      if (!sub) continue;
      const start = DateTime.fromISO(a.startsOn, { zone: hours.zone }).toJSDate();
      const end = DateTime.fromISO(a.endsOn, { zone: hours.zone }).plus({ days: 1 }).toJSDate();
      const f = new Date(Math.max(from.getTime(), start.getTime()));
      const t = new Date(Math.min(to.getTime(), end.getTime()));
      if (t <= f) continue;
      const theirs = await this.slotsOf(sub.id, f, t, query.minutes);
      for (const s of theirs.slots) out.push({ ...toFreeSlot(s), substitute: sub });
    }
    return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || (a.substitute ? 1 : 0) - (b.substitute ? 1 : 0));
  }

  private async slotsOf(userId: string, from: Date, to: Date, minutes: number) {
    const hours = await this.hoursOf(userId);
    const fromDay = DateTime.fromJSDate(from, { zone: hours.zone }).toISODate()!;
    const toDay = DateTime.fromJSDate(to, { zone: hours.zone }).toISODate()!;
    const pad = BUFFER_MINUTES * 60_000;
    const [absences, busy, tentative] = await Promise.all([
      this.repo.absencesBetween(userId, fromDay, toDay),
      this.repo.busyOf(userId, new Date(from.getTime() - pad), new Date(to.getTime() + pad)),
      this.repo.unansweredOf(userId, new Date(from.getTime() - pad), new Date(to.getTime() + pad)),
    ]);
    const slots = freeSlots({
      from,
      to,
      minutes,
      now: new Date(),
      zone: hours.zone,
      intervals: hours.intervals,
      absences,
      busy,
      tentative,
      noticeMinutes: MIN_NOTICE_MINUTES,
      bufferMinutes: BUFFER_MINUTES,
      gridMinutes: GRID_MINUTES,
    });
    return { slots, absences };
  }

  // ---- requests ----

  async list(actor: AuthUser): Promise<OneOnOneView[]> {
    await this.expire({ userId: actor.id });
    return this.views(await this.repo.listFor(actor.id));
  }

  async get(actor: AuthUser, id: string): Promise<OneOnOneView> {
    await this.readable(actor, id);
    await this.expire({ id });
    return this.view(id);
  }

  async create(actor: AuthUser, input: CreateOneOnOneRequest): Promise<OneOnOneView> {
    if (input.inviteeId === actor.id)
      throw AppError.badRequest(ONE_ON_ONE_ERRORS.selfRequest, 'You cannot ask yourself for a one-on-one');
    const invitee = await this.users.get(input.inviteeId);
    if (invitee.disabledAt) throw AppError.notFound('User');
    const slots = await this.checkSlots(input.inviteeId, input.slots);
    const id = await this.repo.insertRequest({
      requesterId: actor.id,
      inviteeId: input.inviteeId,
      topic: input.topic,
      slots: slots.map((s) => ({ startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) })),
      proposedById: actor.id,
      awaitingUserId: input.inviteeId,
      lastSlotStartsAt: lastStart(slots),
    });
    const view = await this.view(id);
    this.bus.publish(
      'one_on_one.requested',
      { action: 'requested', actorId: actor.id, request: view },
      {
        users: [input.inviteeId],
      },
    );
    return view;
  }

  /** The side whose turn it is takes one of the slots on the table: the meeting is booked. */
  async accept(actor: AuthUser, id: string, input: AcceptOneOnOneRequest): Promise<OneOnOneView> {
    const before = await this.readable(actor, id);
    await this.expire({ id });
    const slot = { startsAt: new Date(input.slot.startsAt), endsAt: new Date(input.slot.endsAt) };
    const spaceId = await this.repo.personalSpaceOf(before.inviteeId);
    if (!spaceId) throw AppError.conflict('no_personal_room', 'The invitee has no personal room');
    await this.meetings.transaction(async (tx) => {
      const r = await this.repo.lockRequest(id, tx.em);
      if (!r) throw OneOnOneErrors.notFound();
      this.mustBePending(r);
      if (r.awaitingUserId !== actor.id) throw OneOnOneErrors.notYourTurn();
      if (!OneOnOneRepository.slotsOf(r.slots).some((s) => sameRange(s, slot)))
        throw AppError.badRequest(ONE_ON_ONE_ERRORS.unknownSlot, 'Accept one of the proposed slots');
      if (slot.startsAt.getTime() <= Date.now())
        throw AppError.conflict(ONE_ON_ONE_ERRORS.slotInPast, 'That slot has already begun');
      const people = [r.requesterId, r.inviteeId];
      // Bookings and RSVPs take the same per-person lock: this look stays true until commit.
      await tx.lockPeople(people);
      const inTheWay = await this.repo.otherMeetingsInTheWay(people, slot, r.meetingId, tx.em);
      if (inTheWay.length)
        throw AppError.conflict(ONE_ON_ONE_ERRORS.slotTaken, 'One of you is already in a meeting at that time', {
          conflicts: inTheWay.map((c) => ({ startsAt: iso(c.startsAt), endsAt: iso(c.endsAt) })),
        });
      let meetingId = r.meetingId;
      if (meetingId) {
        // A reschedule: the meeting moves; the trigger moves both busy rows (and the
        // exclusion constraint may refuse).
        await tx.change({ id: meetingId, spaceId }, { startsAt: slot.startsAt, endsAt: slot.endsAt });
      } else {
        [meetingId] = await tx.create([
          {
            spaceId,
            kind: 'one_on_one',
            title: r.topic,
            organizerId: r.requesterId,
            startsAt: slot.startsAt,
            endsAt: slot.endsAt,
            inviteeIds: [r.inviteeId],
            // Both people agreed: each has accepted the meeting (schedule writes its own table).
            organizerResponse: 'accepted',
            inviteeResponse: 'accepted',
          },
        ]);
        await this.repo.insertBusy(meetingId!, people, slot, tx.em);
      }
      await this.repo.updateRequest(
        id,
        {
          status: 'accepted',
          awaitingUserId: null,
          acceptedStartsAt: slot.startsAt,
          acceptedEndsAt: slot.endsAt,
          meetingId,
          slots: [{ startsAt: iso(slot.startsAt), endsAt: iso(slot.endsAt) }],
          reason: null,
        },
        tx.em,
      );
    }, actor);
    return this.announce(id, 'accepted', actor.id);
  }

  /** Declining a new request closes it; declining a reschedule keeps the agreed time. */
  async decline(actor: AuthUser, id: string, input: ReasonRequest): Promise<OneOnOneView> {
    await this.readable(actor, id);
    await this.expire({ id });
    await this.meetings.transaction(async (tx) => {
      const r = await this.repo.lockRequest(id, tx.em);
      if (!r) throw OneOnOneErrors.notFound();
      this.mustBePending(r);
      if (r.awaitingUserId !== actor.id) throw OneOnOneErrors.notYourTurn();
      const reason = input.reason ?? null;
      if (r.meetingId) {
        await this.repo.updateRequest(
          id,
          {
            status: 'accepted',
            awaitingUserId: null,
            slots: [{ startsAt: iso(r.acceptedStartsAt!), endsAt: iso(r.acceptedEndsAt!) }],
            lastSlotStartsAt: r.acceptedStartsAt!,
            reason,
          },
          tx.em,
        );
      } else {
        await this.repo.updateRequest(id, { status: 'declined', awaitingUserId: null, reason }, tx.em);
      }
    }, actor);
    return this.announce(id, 'declined', actor.id);
  }

  /**
   * Counter-proposal (by the side whose turn it is) or, once agreed, a reschedule (by
   * either side): the other side has to answer.
   */
  async propose(actor: AuthUser, id: string, input: ProposeOneOnOneRequest): Promise<OneOnOneView> {
    const before = await this.readable(actor, id);
    await this.expire({ id });
    const slots = await this.checkSlots(before.inviteeId, input.slots);
    await this.meetings.transaction(async (tx) => {
      const r = await this.repo.lockRequest(id, tx.em);
      if (!r) throw OneOnOneErrors.notFound();
      if (r.status === 'pending') {
        if (r.awaitingUserId !== actor.id) throw OneOnOneErrors.notYourTurn();
      } else if (r.status !== 'accepted') {
        throw OneOnOneErrors.closed(r.status);
      }
      const other = actor.id === r.requesterId ? r.inviteeId : r.requesterId;
      await this.repo.updateRequest(
        id,
        {
          status: 'pending',
          slots: slots.map((s) => ({ startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) })),
          proposedById: actor.id,
          awaitingUserId: other,
          lastSlotStartsAt: lastStart(slots),
          reason: null,
        },
        tx.em,
      );
    }, actor);
    return this.announce(id, 'proposed', actor.id);
  }

  /** Either side may call it off (pending or agreed); an agreed meeting is cancelled too. */
  async cancel(actor: AuthUser, id: string, input: ReasonRequest): Promise<OneOnOneView> {
    await this.readable(actor, id);
    await this.expire({ id });
    await this.meetings.transaction(async (tx) => {
      const r = await this.repo.lockRequest(id, tx.em);
      if (!r) throw OneOnOneErrors.notFound();
      if (r.status !== 'pending' && r.status !== 'accepted') throw OneOnOneErrors.closed(r.status);
      const reason = input.reason ?? null;
      await this.repo.updateRequest(id, { status: 'cancelled', awaitingUserId: null, reason }, tx.em);
      // The trigger on meeting frees both people's busy time.
      if (r.meetingId) await tx.cancel(r.meetingId, reason);
    }, actor);
    return this.announce(id, 'cancelled', actor.id);
  }

  // ---- helpers ----

  /** Only the two people see a request; anyone else gets 404 (no hint that it exists). */
  private async readable(actor: AuthUser, id: string): Promise<OneOnOneRequestRow> {
    const r = await this.repo.findRequest(id);
    if (!r || (r.requesterId !== actor.id && r.inviteeId !== actor.id)) throw OneOnOneErrors.notFound();
    return r;
  }

  private mustBePending(r: OneOnOneRequestRow): void {
    if (r.status !== 'pending') throw OneOnOneErrors.closed(r.status);
  }

  /** Proposed slots: in the future, 15 min – 8 h, inside the invitee's working hours, not while away. */
  private async checkSlots(inviteeId: string, input: Slot[]): Promise<Range[]> {
    const slots = input.map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }));
    const now = Date.now();
    for (const s of slots) {
      const minutes = (s.endsAt.getTime() - s.startsAt.getTime()) / 60_000;
      if (minutes < 5 || minutes > 8 * 60)
        throw AppError.badRequest(ONE_ON_ONE_ERRORS.invalidSlot, 'A slot lasts between 5 minutes and 8 hours', {
          slot: { startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) },
        });
      if (s.startsAt.getTime() <= now)
        throw AppError.badRequest(ONE_ON_ONE_ERRORS.slotInPast, 'Propose times in the future', {
          slot: { startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) },
        });
    }
    if (new Set(slots.map((s) => `${s.startsAt.getTime()}-${s.endsAt.getTime()}`)).size !== slots.length)
      throw AppError.badRequest(ONE_ON_ONE_ERRORS.invalidSlot, 'The slots must differ');
    const hours = await this.hoursOf(inviteeId);
    const outside = slots.filter((s) => !withinWorkingHours(s, hours.zone, hours.intervals));
    if (outside.length)
      throw AppError.badRequest(
        ONE_ON_ONE_ERRORS.outsideWorkingHours,
        'A slot is outside the invitee’s working hours',
        {
          slots: outside.map((s) => ({ startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) })),
          workingHours: this.hoursView(hours),
        },
      );
    const first = DateTime.fromJSDate(new Date(Math.min(...slots.map((s) => s.startsAt.getTime()))), {
      zone: hours.zone,
    });
    const last = DateTime.fromJSDate(new Date(Math.max(...slots.map((s) => s.endsAt.getTime()))), { zone: hours.zone });
    const absences = await this.repo.absencesBetween(inviteeId, first.toISODate()!, last.toISODate()!);
    for (const s of slots) {
      const a = absenceDuring(s, hours.zone, absences);
      if (a) {
        const [substitute] = a.substituteId ? await this.users.views([a.substituteId]) : [];
        throw AppError.badRequest(ONE_ON_ONE_ERRORS.inviteeAbsent, 'The invitee is away then', {
          slot: { startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) },
          absence: { kind: a.kind, startsOn: a.startsOn, endsOn: a.endsOn },
          substitute: substitute ?? null,
        });
      }
    }
    return slots;
  }

  /** Expires requests whose slots have all begun, and tells both sides. */
  private async expire(filter: { id?: string; userId?: string }): Promise<void> {
    try {
      const ids = await this.repo.expireDue(filter);
      for (const id of ids) await this.announce(id, 'expired', null);
    } catch (err) {
      this.logger.error({ err }, 'expiring one-on-one requests failed');
    }
  }

  /** `one_on_one.updated` to both people (the other side, and the actor's other tabs). */
  private async announce(id: string, action: OneOnOneAction, actorId: string | null): Promise<OneOnOneView> {
    const view = await this.view(id);
    this.bus.publish(
      'one_on_one.updated',
      { action, actorId, request: view },
      { users: [view.requester.id, view.invitee.id] },
    );
    return view;
  }

  private async view(id: string): Promise<OneOnOneView> {
    const r = await this.repo.findRequest(id);
    if (!r) throw OneOnOneErrors.notFound();
    return (await this.views([r]))[0]!;
  }

  private async views(rows: OneOnOneRequestRow[]): Promise<OneOnOneView[]> {
    const users = new Map<string, UserView>(
      (await this.users.views(rows.flatMap((r) => [r.requesterId, r.inviteeId]))).map((u) => [u.id, u]),
    );
    const who = (id: string): UserView =>
      users.get(id) ?? { id, username: '', displayName: '', roles: [], department: null };
    return rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      status: r.status,
      requester: who(r.requesterId),
      invitee: who(r.inviteeId),
      slots: r.slots,
      proposedById: r.proposedById,
      awaitingUserId: r.awaitingUserId,
      acceptedSlot:
        r.acceptedStartsAt && r.acceptedEndsAt
          ? { startsAt: iso(r.acceptedStartsAt), endsAt: iso(r.acceptedEndsAt) }
          : null,
      meetingId: r.meetingId,
      reason: r.reason,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
    }));
  }
}

function toFreeSlot(s: FreeRange): FreeSlot {
  return { startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), ...(s.tentative ? { tentative: true as const } : {}) };
}

function lastStart(slots: Range[]): Date {
  return new Date(Math.max(...slots.map((s) => s.startsAt.getTime())));
}
