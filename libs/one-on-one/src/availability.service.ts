import { Injectable } from '@nestjs/common';
import {
  DEFAULT_WORKING_HOURS,
  DEFAULT_WORKING_TIME_ZONE,
  type AbsenceView,
  type CreateAbsenceRequest,
  type FreeSlot,
  type FreeSlotsQuery,
  type PutWorkingHoursRequest,
  type Slot,
  type WorkingHoursView,
} from '@egov-box/contracts';
import { UsersService } from '@egov-box/directory';
import { AccessService, AppError, type AuthUser } from '@egov-box/platform';
import { DateTime } from 'luxon';
import { AvailabilityRepository } from './availability.repository.js';
import type { Absence } from './entities/absence.entity.js';
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
  GRID_MINUTES,
  MAX_WINDOW_DAYS,
  MIN_NOTICE_MINUTES,
  OneOnOneErrors,
} from './one-on-one.errors.js';

interface Hours {
  zone: string;
  intervals: DayInterval[];
  isDefault: boolean;
}

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString();

/**
 * When a person can meet: their working hours (the defaults until they store theirs), their
 * absences with substitutes, their free slots, and whether proposed slots fit them. The
 * negotiation of one-on-ones (`OneOnOneService`) asks it before it offers slots.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly repo: AvailabilityRepository,
    private readonly users: UsersService,
    private readonly access: AccessService,
  ) {}

  // ---- working hours ----

  async workingHours(actor: AuthUser): Promise<WorkingHoursView> {
    await this.access.requireAccess(actor, 'availability.manageOwn');
    return this.hoursView(await this.hoursOf(actor.id));
  }

  async putWorkingHours(actor: AuthUser, input: PutWorkingHoursRequest): Promise<WorkingHoursView> {
    await this.access.requireAccess(actor, 'availability.manageOwn');
    const zone = input.timeZone ?? (await this.hoursOf(actor.id)).zone;
    if (!isValidZone(zone)) throw OneOnOneErrors.invalidTimeZone(`Unknown time zone ${zone}`);
    const intervals = toDayIntervals(input.intervals);
    const problem = workingHoursProblem(intervals);
    if (problem === 'start_after_end')
      throw OneOnOneErrors.invalidWorkingHours('Every interval must start before it ends');
    if (problem === 'overlap') throw OneOnOneErrors.overlappingWorkingHours('Intervals of a day must not overlap');
    await this.repo.replaceWorkingHours(actor.id, zone, intervals);
    return this.workingHours(actor);
  }

  async hoursOf(userId: string): Promise<Hours> {
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

  hoursView(h: Hours): WorkingHoursView {
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
    await this.access.requireAccess(actor, 'availability.manageOwn');
    return this.absenceViews(await this.repo.absences(actor.id));
  }

  async addAbsence(actor: AuthUser, input: CreateAbsenceRequest): Promise<AbsenceView> {
    await this.access.requireAccess(actor, 'availability.manageOwn');
    if (input.endsOn < input.startsOn) throw OneOnOneErrors.invalidAbsence('The absence must not end before it starts');
    const days = (Date.parse(input.endsOn) - Date.parse(input.startsOn)) / DAY;
    if (days > 366) throw OneOnOneErrors.invalidAbsence('An absence lasts at most a year');
    const substituteId = input.substituteId ?? null;
    if (substituteId === actor.id) throw OneOnOneErrors.invalidSubstitute('You cannot be your own substitute');
    if (substituteId) {
      const sub = await this.users.get(substituteId).catch(() => null);
      if (!sub || sub.disabledAt) throw OneOnOneErrors.invalidSubstitute('The substitute is not a user');
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

  /** One's own absence only: the delete names its owner (another's is 404, as a missing one). */
  async removeAbsence(actor: AuthUser, id: string): Promise<void> {
    await this.access.requireAccess(actor, 'availability.manageOwn');
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
  async freeSlots(actor: AuthUser, userId: string, query: FreeSlotsQuery): Promise<FreeSlot[]> {
    await this.access.requireAccess(actor, 'availability.read');
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from) throw OneOnOneErrors.invalidWindow('`to` must be after `from`');
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY)
      throw OneOnOneErrors.windowTooLong(`The window is at most ${MAX_WINDOW_DAYS} days`);
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

  // ---- proposed slots ----

  /** Proposed slots: in the future, 15 min – 8 h, inside the invitee's working hours, not while away. */
  async checkSlots(inviteeId: string, input: Slot[]): Promise<Range[]> {
    const slots = input.map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }));
    const now = Date.now();
    for (const s of slots) {
      const minutes = (s.endsAt.getTime() - s.startsAt.getTime()) / 60_000;
      if (minutes < 5 || minutes > 8 * 60)
        throw OneOnOneErrors.invalidSlot('A slot lasts between 5 minutes and 8 hours', {
          slot: { startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) },
        });
      if (s.startsAt.getTime() <= now)
        throw OneOnOneErrors.slotInPast('Propose times in the future', {
          slot: { startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) },
        });
    }
    if (new Set(slots.map((s) => `${s.startsAt.getTime()}-${s.endsAt.getTime()}`)).size !== slots.length)
      throw OneOnOneErrors.invalidSlot('The slots must differ');
    const hours = await this.hoursOf(inviteeId);
    const outside = slots.filter((s) => !withinWorkingHours(s, hours.zone, hours.intervals));
    if (outside.length)
      throw OneOnOneErrors.outsideWorkingHours('A slot is outside the invitee’s working hours', {
        slots: outside.map((s) => ({ startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) })),
        workingHours: this.hoursView(hours),
      });
    const first = DateTime.fromJSDate(new Date(Math.min(...slots.map((s) => s.startsAt.getTime()))), {
      zone: hours.zone,
    });
    const last = DateTime.fromJSDate(new Date(Math.max(...slots.map((s) => s.endsAt.getTime()))), { zone: hours.zone });
    const absences = await this.repo.absencesBetween(inviteeId, first.toISODate()!, last.toISODate()!);
    for (const s of slots) {
      const a = absenceDuring(s, hours.zone, absences);
      if (a) {
        const [substitute] = a.substituteId ? await this.users.views([a.substituteId]) : [];
        throw OneOnOneErrors.inviteeAbsent('The invitee is away then', {
          slot: { startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) },
          absence: { kind: a.kind, startsOn: a.startsOn, endsOn: a.endsOn },
          substitute: substitute ?? null,
        });
      }
    }
    return slots;
  }
}

function toFreeSlot(s: FreeRange): FreeSlot {
  return { startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), ...(s.tentative ? { tentative: true as const } : {}) };
}
