import { DirectoryReader } from '@egov-box/directory';
import { Injectable } from '@nestjs/common';
import type {
  AssignSeatRequest,
  CouncilMemberRef,
  CouncilMandateView,
  CouncilSeatView,
  CreateMandateRequest,
  EndSeatRequest,
  MandateSeatsView,
  SeatHoldingView,
} from '@egov-box/contracts';
import { AccessService, AppError, AuditService, type AuthUser, CommonErrors } from '@egov-box/platform';
import { DateTime } from 'luxon';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import type { CouncilMandate, CouncilSeatHolder } from './entities/index.js';
import { MandatesRepository } from './mandates.repository.js';
import { sofiaDay } from './rules.js';

const dayBefore = (day: string): string => DateTime.fromISO(day).minus({ days: 1 }).toISODate()!;

function holdingView(h: CouncilSeatHolder): SeatHoldingView {
  return {
    userId: h.userId,
    displayName: h.displayName,
    heldFrom: h.heldFrom,
    heldUntil: h.heldUntil,
    endReason: h.endReason,
  };
}

/** A date outside the mandate, or before the holding it follows: 400 `validation_failed` at `path`. */
function invalidDate(path: string, message: string): AppError {
  return CommonErrors.validationFailed(message, { issues: [{ path: [path], message }] });
}

/**
 * The council's mandates and the membership history of its seats (issue 14, part 1).
 *
 * The council's members are who hold its seats in the mandate in force (ЗМСМА чл. 24, 30),
 * never who has an account or a role: quorum and the majorities "of all" are counted on the
 * seats (`council_body.seats`), an empty seat included, and a sitting fixes its roster when it
 * opens. When a councillor's mandate ends early (ЗМСМА чл. 30, ал. 4), the clerk records it
 * with its reason; the next on the same list (Изборен кодекс чл. 458) takes the same seat as
 * a new holding. The seat count never changes by it.
 */
@Injectable()
export class MandatesService {
  constructor(
    private readonly repo: MandatesRepository,
    private readonly bodiesRepo: BodiesRepository,
    private readonly directory: DirectoryReader,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  async list(actor: AuthUser): Promise<CouncilMandateView[]> {
    await this.access.requireAccess(actor, 'council.mandate.read');
    const all = await this.repo.mandates();
    const today = sofiaDay(new Date());
    const current = (await this.repo.mandateIdOn(today)) ?? null;
    return all.map((m) => this.view(m, current));
  }

  /** An admin starts the record of a new mandate; it is in force from its first day. */
  async create(actor: AuthUser, input: CreateMandateRequest): Promise<CouncilMandateView> {
    await this.access.requireAccess(actor, 'council.mandate.create');
    const id = await this.repo.transaction(async (em) => {
      const id = await this.repo.insertMandate(input, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.mandate.created',
          targetType: 'council_mandate',
          targetId: id,
          details: { ...input },
        },
        em,
      );
      return id;
    });
    const current = await this.repo.mandateIdOn(sofiaDay(new Date()));
    return this.view((await this.repo.mandate(id))!, current);
  }

  /** Every seat of the council in the mandate, with its holder and its history. */
  async seats(actor: AuthUser, mandateId: string): Promise<MandateSeatsView> {
    await this.access.requireAccess(actor, 'council.mandate.read', mandateId);
    return this.seatsOf(mandateId);
  }

  private async seatsOf(mandateId: string): Promise<MandateSeatsView> {
    const mandate = await this.repo.mandate(mandateId);
    if (!mandate) throw AppError.notFound('Mandate');
    const [council, holdings, current] = await Promise.all([
      this.bodiesRepo.councilBody(),
      this.repo.holdings(mandateId),
      this.repo.mandateIdOn(sofiaDay(new Date())),
    ]);
    const count = Math.max(council.seats, ...holdings.map((h) => h.seat));
    const seats: CouncilSeatView[] = [];
    for (let seat = 1; seat <= count; seat++) {
      const history = holdings.filter((h) => h.seat === seat);
      const now = history.find((h) => h.heldUntil === null);
      seats.push({ seat, holder: now ? holdingView(now) : null, history: history.map(holdingView) });
    }
    return { mandate: this.view(mandate, current), seats };
  }

  /**
   * Who may take a seat of the mandate: enabled accounts with the councillor role (the
   * administrator gives it to the next on the list) that hold none of its seats now.
   */
  async candidates(actor: AuthUser, mandateId: string): Promise<CouncilMemberRef[]> {
    await this.access.requireAccess(actor, 'council.seat.manage', mandateId);
    // The accounts are the directory's: its list (by name) less the seats' holders.
    const [councillors, seated] = await Promise.all([
      this.directory.enabledWith('councillor'),
      this.repo.seatedNow(mandateId),
    ]);
    return councillors.filter((p) => !seated.has(p.id));
  }

  /**
   * Records who holds a seat from `from` (default today). A seat held by someone else is a
   * replacement: `reason` is required and the previous holding ends the day before.
   */
  async assign(actor: AuthUser, mandateId: string, seat: number, input: AssignSeatRequest): Promise<MandateSeatsView> {
    await this.access.requireAccess(actor, 'council.seat.manage', mandateId);
    await this.repo.transaction(async (em) => {
      const mandate = await this.repo.lockMandate(mandateId, em);
      if (!mandate) throw AppError.notFound('Mandate');
      const council = await this.bodiesRepo.councilBody(em);
      if (seat > council.seats) throw AppError.notFound(`Seat ${seat} (the council has ${council.seats})`);
      const today = sofiaDay(new Date());
      const from = input.from ?? today;
      if (from < mandate.startsOn || from > mandate.endsOn)
        throw invalidDate('from', `The day is outside the mandate ${mandate.startsOn} – ${mandate.endsOn}`);
      // In a mandate in force, a holding counts from the moment it is recorded: not ahead of time.
      if (from > today && mandate.startsOn <= today) throw invalidDate('from', 'The day is in the future');
      const user = await this.directory.enabledUser(input.userId, em);
      if (!user)
        throw CommonErrors.validationFailed('No enabled account with this id', {
          issues: [{ path: ['userId'], message: 'no enabled account' }],
        });
      const elsewhere = await this.repo.current(mandateId, { userId: user.id }, em);
      if (elsewhere)
        throw CouncilErrors.holdsSeat(`${user.displayName} holds seat ${elsewhere.seat}`, {
          seat: elsewhere.seat,
        });
      const previous = await this.repo.current(mandateId, { seat }, em);
      if (previous) {
        if (!input.reason)
          throw CouncilErrors.reasonRequired(
            `Seat ${seat} is held by ${previous.displayName}: a replacement says why their mandate ended`,
          );
        if (from <= previous.heldFrom)
          throw invalidDate('from', `The new holder takes the seat after ${previous.heldFrom}`);
        await this.repo.endHolding(previous.id, dayBefore(from), input.reason, em);
      }
      await this.repo.insertHolding(
        { mandateId, seat, userId: user.id, displayName: user.displayName, heldFrom: from },
        em,
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.seat.assigned',
          targetType: 'council_mandate',
          targetId: mandateId,
          details: {
            seat,
            userId: user.id,
            from,
            replaced: previous ? { userId: previous.userId, until: dayBefore(from), reason: input.reason } : null,
          },
        },
        em,
      );
    });
    return this.seatsOf(mandateId);
  }

  /** Records that a holding ended (`on`, default today) with its reason; the seat stays, empty. */
  async end(actor: AuthUser, mandateId: string, seat: number, input: EndSeatRequest): Promise<MandateSeatsView> {
    await this.access.requireAccess(actor, 'council.seat.manage', mandateId);
    await this.repo.transaction(async (em) => {
      const mandate = await this.repo.lockMandate(mandateId, em);
      if (!mandate) throw AppError.notFound('Mandate');
      const holding = await this.repo.current(mandateId, { seat }, em);
      if (!holding) throw CouncilErrors.seatEmpty(`Seat ${seat} has no holder`);
      const today = sofiaDay(new Date());
      const on = input.on ?? today;
      if (on > today && mandate.startsOn <= today) throw invalidDate('on', 'The day is in the future');
      if (on < holding.heldFrom || on > mandate.endsOn)
        throw invalidDate('on', `The holding began on ${holding.heldFrom}; the mandate ends on ${mandate.endsOn}`);
      await this.repo.endHolding(holding.id, on, input.reason, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.seat.ended',
          targetType: 'council_mandate',
          targetId: mandateId,
          details: { seat, userId: holding.userId, on, reason: input.reason },
        },
        em,
      );
    });
    return this.seatsOf(mandateId);
  }

  /** Fewer seats than a seat with a holder in the mandate in force (or a later one) is refused: 409 `seat_held`. */
  async checkSeats(seats: number): Promise<void> {
    const highest = await this.repo.highestHeldSeat(sofiaDay(new Date()));
    if (seats < highest)
      throw CouncilErrors.seatHeld(`Seat ${highest} has a holder: end that holding first`, {
        seat: highest,
      });
  }

  private view(m: CouncilMandate, currentId: string | null): CouncilMandateView {
    return { id: m.id, name: m.name, startsOn: m.startsOn, endsOn: m.endsOn, current: m.id === currentId };
  }
}
