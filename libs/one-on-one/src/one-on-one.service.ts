import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  type AcceptOneOnOneRequest,
  type CreateOneOnOneRequest,
  type OneOnOneAction,
  type OneOnOneView,
  type ProposeOneOnOneRequest,
  type ReasonRequest,
  type UserView,
} from '@egov-box/contracts';
import { DirectoryReader, UsersService } from '@egov-box/directory';
import { AccessService, AppError, EventBus, MailService, type AuthUser } from '@egov-box/platform';
import { MeetingsService } from '@egov-box/schedule';
import { AvailabilityService } from './availability.service.js';
import type { OneOnOneRequestRow } from './entities/one-on-one-request.entity.js';
import type { Range } from './free-slots.js';
import { enqueueOneOnOneMail } from './one-on-one.mail.js';
import { EXPIRY_SWEEP_MS, OneOnOneErrors } from './one-on-one.errors.js';
import { OneOnOneRepository } from './one-on-one.repository.js';

const iso = (d: Date) => d.toISOString();
const sameRange = (a: Range, b: Range) =>
  a.startsAt.getTime() === b.startsAt.getTime() && a.endsAt.getTime() === b.endsAt.getTime();

/**
 * One-on-one requests: a request goes back and
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
    private readonly availability: AvailabilityService,
    private readonly users: UsersService,
    private readonly directory: DirectoryReader,
    private readonly meetings: MeetingsService,
    private readonly bus: EventBus,
    private readonly mail: MailService,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    // One-on-ones move only by proposing and accepting (both people must agree).
    this.meetings.registerChangeCheck('one_on_one', () => {
      throw OneOnOneErrors.useOneOnOneFlow(
        'A one-on-one is moved by proposing new slots (POST /api/one-on-ones/:id/propose)',
      );
    });
    this.timer = setInterval(() => void this.expire({}), EXPIRY_SWEEP_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  // ---- requests ----

  async list(actor: AuthUser): Promise<OneOnOneView[]> {
    await this.access.requireAccess(actor, 'oneOnOne.request');
    await this.expire({ userId: actor.id });
    return this.views(await this.repo.listFor(actor.id));
  }

  async get(actor: AuthUser, id: string): Promise<OneOnOneView> {
    await this.access.requireAccess(actor, 'oneOnOne.read', id);
    await this.expire({ id });
    return this.view(id);
  }

  async create(actor: AuthUser, input: CreateOneOnOneRequest): Promise<OneOnOneView> {
    await this.access.requireAccess(actor, 'oneOnOne.request');
    if (input.inviteeId === actor.id) throw OneOnOneErrors.selfRequest('You cannot ask yourself for a one-on-one');
    const invitee = await this.users.get(input.inviteeId);
    if (invitee.disabledAt) throw AppError.notFound('User');
    const slots = await this.availability.checkSlots(input.inviteeId, input.slots);
    // The request and its mail to the invitee are written together.
    const id = await this.meetings.transaction(async (tx) => {
      const created = await this.repo.insertRequest(
        {
          requesterId: actor.id,
          inviteeId: input.inviteeId,
          topic: input.topic,
          slots: slots.map((s) => ({ startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) })),
          proposedById: actor.id,
          awaitingUserId: input.inviteeId,
          lastSlotStartsAt: lastStart(slots),
        },
        tx.em,
      );
      await enqueueOneOnOneMail(
        this.mail,
        this.directory,
        tx.em,
        { action: 'requested', slots },
        actor.id,
        input.inviteeId,
        input.topic,
      );
      return created;
    }, actor);
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
    await this.access.requireAccess(actor, 'oneOnOne.respond', id);
    const before = await this.request(id);
    await this.expire({ id });
    const slot = { startsAt: new Date(input.slot.startsAt), endsAt: new Date(input.slot.endsAt) };
    const spaceId = await this.directory.personalSpaceOf(before.inviteeId);
    if (!spaceId) throw OneOnOneErrors.noPersonalRoom('The invitee has no personal room');
    await this.meetings.transaction(async (tx) => {
      const r = await this.repo.lockRequest(id, tx.em);
      if (!r) throw OneOnOneErrors.notFound();
      this.mustBePending(r);
      if (r.awaitingUserId !== actor.id) throw OneOnOneErrors.notYourTurn();
      if (!OneOnOneRepository.slotsOf(r.slots).some((s) => sameRange(s, slot)))
        throw OneOnOneErrors.unknownSlot('Accept one of the proposed slots');
      if (slot.startsAt.getTime() <= Date.now()) throw OneOnOneErrors.slotBegun('That slot has already begun');
      const people = [r.requesterId, r.inviteeId];
      // Bookings and RSVPs take the same per-person lock: this look stays true until commit.
      await tx.lockPeople(people);
      const inTheWay = await this.repo.otherMeetingsInTheWay(people, slot, r.meetingId, tx.em);
      if (inTheWay.length)
        throw OneOnOneErrors.slotTaken('One of you is already in a meeting at that time', {
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
      const other = actor.id === r.requesterId ? r.inviteeId : r.requesterId;
      await enqueueOneOnOneMail(
        this.mail,
        this.directory,
        tx.em,
        { action: 'accepted', slot },
        actor.id,
        other,
        r.topic,
      );
    }, actor);
    return this.announce(id, 'accepted', actor.id);
  }

  /** Declining a new request closes it; declining a reschedule keeps the agreed time. */
  async decline(actor: AuthUser, id: string, input: ReasonRequest): Promise<OneOnOneView> {
    await this.access.requireAccess(actor, 'oneOnOne.respond', id);
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
      const other = actor.id === r.requesterId ? r.inviteeId : r.requesterId;
      await enqueueOneOnOneMail(
        this.mail,
        this.directory,
        tx.em,
        { action: 'declined', reason },
        actor.id,
        other,
        r.topic,
      );
    }, actor);
    return this.announce(id, 'declined', actor.id);
  }

  /**
   * Counter-proposal (by the side whose turn it is) or, once agreed, a reschedule (by
   * either side): the other side has to answer.
   */
  async propose(actor: AuthUser, id: string, input: ProposeOneOnOneRequest): Promise<OneOnOneView> {
    await this.access.requireAccess(actor, 'oneOnOne.respond', id);
    const before = await this.request(id);
    await this.expire({ id });
    const slots = await this.availability.checkSlots(before.inviteeId, input.slots);
    await this.meetings.transaction(async (tx) => {
      const r = await this.repo.lockRequest(id, tx.em);
      if (!r) throw OneOnOneErrors.notFound();
      if (r.status === 'pending') {
        if (r.awaitingUserId !== actor.id) throw OneOnOneErrors.notYourTurn();
      } else if (r.status !== 'accepted') {
        throw OneOnOneErrors.requestClosed(`The request is ${r.status}`, { status: r.status });
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
    await this.access.requireAccess(actor, 'oneOnOne.cancel', id);
    await this.expire({ id });
    await this.meetings.transaction(async (tx) => {
      const r = await this.repo.lockRequest(id, tx.em);
      if (!r) throw OneOnOneErrors.notFound();
      if (r.status !== 'pending' && r.status !== 'accepted')
        throw OneOnOneErrors.requestClosed(`The request is ${r.status}`, { status: r.status });
      const reason = input.reason ?? null;
      await this.repo.updateRequest(id, { status: 'cancelled', awaitingUserId: null, reason }, tx.em);
      // The trigger on meeting frees both people's busy time.
      if (r.meetingId) await tx.cancel(r.meetingId, reason);
    }, actor);
    return this.announce(id, 'cancelled', actor.id);
  }

  // ---- helpers ----

  /** A request (who may see it is `oneOnOne.read`: only its two people). */
  private async request(id: string): Promise<OneOnOneRequestRow> {
    const r = await this.repo.findRequest(id);
    if (!r) throw OneOnOneErrors.notFound();
    return r;
  }

  private mustBePending(r: OneOnOneRequestRow): void {
    if (r.status !== 'pending') throw OneOnOneErrors.requestClosed(`The request is ${r.status}`, { status: r.status });
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

function lastStart(slots: Range[]): Date {
  return new Date(Math.max(...slots.map((s) => s.startsAt.getTime())));
}
