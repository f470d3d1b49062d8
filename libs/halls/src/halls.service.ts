import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  DEFAULT_BOOKABLE_HOURS,
  DEFAULT_HALL_POLICY,
  MUNICIPAL_TIME_ZONE,
  type CreateBookingRequest,
  type CreateHallRequest,
  type HallBusySlot,
  type HallFreeBusy,
  type HallKind,
  type HallPolicy,
  type HallPolicyInput,
  type HallView,
  type ListHallsQuery,
  type BookingView,
  type UpdateHallRequest,
} from '@egov-box/contracts';
import { AccessService, AppError, mayTry, type AuthUser } from '@egov-box/platform';
import { MeetingsService, expandRecurrence, type Occurrence } from '@egov-box/schedule';
import { DateTime } from 'luxon';
import type { HallPolicyRow } from './entities/hall-policy.entity.js';
import { HallErrors } from './halls.errors.js';
import { HallsRepository, type HallRecord } from './halls.repository.js';
import { bookableIntervals, checkBookingPolicy, subtract } from './policy.js';

function toPolicy(row: HallPolicyRow | null): HallPolicy {
  if (!row) return { ...DEFAULT_HALL_POLICY };
  return {
    bookableHours: row.bookableHours ?? DEFAULT_BOOKABLE_HOURS,
    minNoticeMinutes: row.minNoticeMinutes,
    maxDurationMinutes: row.maxDurationMinutes,
    bookingWindowDays: row.bookingWindowDays,
    bufferMinutes: row.bufferMinutes,
    requiresApproval: row.requiresApproval,
    allowedRoles: row.allowedRoles,
    allowedDepartmentIds: row.allowedDepartmentIds,
  };
}

/** A booking by someone who may approve bookings (a clerk, an administrator) needs no approval. */
const needsApproval = (policy: HallPolicy, actor: AuthUser): boolean =>
  policy.requiresApproval && !mayTry(actor, 'meeting.approve');

/** Meeting halls: administration, free/busy, and bookings under each hall's policy. */
@Injectable()
export class HallsService implements OnModuleInit {
  constructor(
    private readonly halls: HallsRepository,
    private readonly meetings: MeetingsService,
    private readonly access: AccessService,
  ) {}

  /**
   * A hall booking that moves is held to the hall's policy again, and — in a hall that needs
   * approval — waits for a clerk again unless someone who may approve (a clerk, an
   * administrator) moved it.
   */
  onModuleInit(): void {
    this.meetings.registerChangeCheck('booking', async (meeting, next, actor) => {
      const hall = await this.halls.find(meeting.spaceId);
      if (!hall) return;
      const policy = toPolicy(hall.policy);
      const violation = checkBookingPolicy(policy, next, new Date());
      if (violation) throw violation.error(violation.message, this.occurrence(next));
      return { approvalRequired: needsApproval(policy, actor) };
    });
  }

  /** The halls; with a day or week, their free/busy, the viewer's own bookings named. */
  async list(viewer: AuthUser, query: ListHallsQuery): Promise<HallView[]> {
    await this.access.requireAccess(viewer, 'hall.read');
    const halls = await this.halls.list();
    const range = this.range(query);
    if (!range) return halls.map((h) => this.view(h));
    const busy = await this.meetings.busy(
      halls.map((h) => h.space.id),
      range.from,
      range.to,
    );
    return halls.map((h) => {
      const taken = busy.filter((b) => b.spaceId === h.space.id);
      const policy = toPolicy(h.policy);
      const free = subtract(
        bookableIntervals(policy.bookableHours, range.from, range.to).map((i) => ({
          startsAt: new Date(Math.max(i.startsAt.getTime(), range.from.getTime())),
          endsAt: new Date(Math.min(i.endsAt.getTime(), range.to.getTime())),
        })),
        taken,
      );
      const freeBusy: HallFreeBusy = {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        busy: taken.map((b): HallBusySlot => {
          const slot = { startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), status: b.status };
          return b.organizerId === viewer.id ? { ...slot, own: true, id: b.id, title: b.title } : slot;
        }),
        free: free.map((f) => ({ startsAt: f.startsAt.toISOString(), endsAt: f.endsAt.toISOString() })),
      };
      return { ...this.view(h), freeBusy };
    });
  }

  async create(actor: AuthUser, body: CreateHallRequest): Promise<HallView> {
    await this.access.requireAccess(actor, 'hall.manage');
    const id = await this.halls.transaction(async (em) => {
      const spaceId = await this.halls.insertSpace(
        {
          kind: body.kind,
          name: body.name,
          capacity: body.capacity,
          location: body.location ?? null,
          equipment: body.equipment,
          livekitRoom: `${body.kind}-${randomBytes(8).toString('hex')}`,
        },
        em,
      );
      await this.halls.savePolicy(this.policyRow(spaceId, DEFAULT_HALL_POLICY, body.policy), em);
      return spaceId;
    });
    return this.view(await this.hall(id));
  }

  async update(actor: AuthUser, id: string, body: UpdateHallRequest): Promise<HallView> {
    await this.access.requireAccess(actor, 'hall.manage', id);
    const hall = await this.hall(id);
    const { policy, ...space } = body;
    await this.halls.transaction(async (em) => {
      await this.halls.updateSpace(id, space, em);
      if (policy) await this.halls.savePolicy(this.policyRow(id, toPolicy(hall.policy), policy), em);
    });
    return this.view(await this.hall(id));
  }

  /**
   * Books a hall, once or as a whole series (all or nothing). The database refuses an
   * overlap (409 `slot_taken`); the policy is checked here for every occurrence. The
   * request's own shape (an end before its start) is answered first, as the validation of
   * its body would be, then who may book (`hall.book`).
   */
  async book(actor: AuthUser, hallId: string, body: CreateBookingRequest): Promise<BookingView> {
    if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) {
      const message = 'endsAt must be after startsAt';
      throw HallErrors.endsBeforeStart(message, {
        issues: [{ path: 'body.endsAt', message }],
      });
    }
    await this.access.requireAccess(actor, 'hall.book', hallId);
    const hall = await this.hall(hallId);
    const policy = toPolicy(hall.policy);
    const invitees = [...new Set(body.inviteeIds)].filter((id) => id !== actor.id);
    if (hall.space.capacity !== null && invitees.length + 1 > hall.space.capacity) {
      throw HallErrors.capacityExceeded(
        `The hall seats ${hall.space.capacity}; you invited ${invitees.length} besides yourself`,
        { capacity: hall.space.capacity, participants: invitees.length + 1 },
      );
    }
    if ((await this.halls.countUsers(invitees)) !== invitees.length) {
      throw HallErrors.unknownInvitee('Some invitees are not (enabled) users');
    }
    const first: Occurrence = { startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt) };
    const occurrences = body.recurrence ? expandRecurrence(body.recurrence, first.startsAt, first.endsAt) : [first];
    const now = new Date();
    for (const o of occurrences) {
      const violation = checkBookingPolicy(policy, o, now);
      if (violation) throw violation.error(violation.message, this.occurrence(o));
    }
    const seriesId = body.recurrence ? randomUUID() : null;
    const views = await this.meetings.create(
      occurrences.map((o) => ({
        spaceId: hall.space.id,
        kind: 'booking' as const,
        title: body.title,
        description: body.description ?? null,
        organizerId: actor.id,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        status: needsApproval(policy, actor) ? ('pending' as const) : ('confirmed' as const),
        inviteeIds: invitees,
        seriesId,
        recurrenceRule: body.recurrence ?? null,
      })),
      { bufferMinutes: policy.bufferMinutes, viewer: actor },
    );
    const view: BookingView = { ...views[0]! };
    if (seriesId) view.occurrences = views.map((v) => ({ id: v.id, startsAt: v.startsAt, endsAt: v.endsAt }));
    return view;
  }

  // ---- helpers ----

  private async hall(id: string): Promise<HallRecord> {
    const hall = await this.halls.find(id);
    if (!hall) throw AppError.notFound('Hall');
    return hall;
  }

  private occurrence(o: Occurrence) {
    return { occurrence: { startsAt: o.startsAt.toISOString(), endsAt: o.endsAt.toISOString() } };
  }

  private policyRow(spaceId: string, base: HallPolicy, input: HallPolicyInput = {}) {
    const merged: HallPolicy = {
      ...base,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    } as HallPolicy;
    return {
      spaceId,
      bookableHours: merged.bookableHours,
      minNoticeMinutes: merged.minNoticeMinutes,
      maxDurationMinutes: merged.maxDurationMinutes,
      bookingWindowDays: merged.bookingWindowDays,
      bufferMinutes: merged.bufferMinutes,
      requiresApproval: merged.requiresApproval,
      allowedRoles: merged.allowedRoles,
      allowedDepartmentIds: merged.allowedDepartmentIds,
    };
  }

  /** `?date=` → that Sofia day; `?week=` → Monday to Monday of that ISO week. */
  private range(query: ListHallsQuery): { from: Date; to: Date } | null {
    const zone = MUNICIPAL_TIME_ZONE;
    if (query.date) {
      const day = DateTime.fromISO(query.date, { zone }).startOf('day');
      return { from: day.toJSDate(), to: day.plus({ days: 1 }).toJSDate() };
    }
    if (query.week) {
      const start = (
        /W/.test(query.week) ? DateTime.fromISO(query.week, { zone }) : DateTime.fromISO(query.week, { zone })
      ).startOf('week');
      return { from: start.toJSDate(), to: start.plus({ weeks: 1 }).toJSDate() };
    }
    return null;
  }

  private view(h: HallRecord): HallView {
    return {
      id: h.space.id,
      kind: h.space.kind as HallKind,
      name: h.space.name,
      capacity: h.space.capacity,
      location: h.space.location,
      equipment: h.space.equipment,
      policy: toPolicy(h.policy),
    };
  }
}
