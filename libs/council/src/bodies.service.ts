import { Injectable } from '@nestjs/common';
import type {
  CouncilBodyView,
  CreateBodyRequest,
  UpdateBodyMembersRequest,
  UpdateBodyRequest,
} from '@egov-box/contracts';
import { AccessService, AuditService, type AuthUser, CommonErrors } from '@egov-box/platform';
import { DirectoryReader } from '@egov-box/directory';
import type { DataSource, EntityManager } from 'typeorm';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { CouncilViews } from './council-views.js';
import { MandatesService } from './mandates.service.js';
import type { CouncilBody } from './entities/index.js';

/** A committee has no more members than seats (400 `validation_failed` at `path`). */
function fitsSeats(members: number, seats: number, path: string): void {
  if (members > seats)
    throw CommonErrors.validationFailed('More members than seats', {
      issues: [{ path: [path], message: `${members} members for ${seats} seats` }],
    });
}

/** The council and its standing committees: committees are made and staffed by the clerk. */
@Injectable()
export class BodiesService {
  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly views: CouncilViews,
    private readonly audit: AuditService,
    private readonly mandates: MandatesService,
    private readonly access: AccessService,
  ) {}

  /** The council first, then the committees by name. */
  async list(actor: AuthUser): Promise<CouncilBodyView[]> {
    await this.access.requireAccess(actor, 'council.body.read');
    return this.all();
  }

  /** The same list for anyone, without login (the public record). */
  publicList(): Promise<CouncilBodyView[]> {
    return this.all();
  }

  private async all(): Promise<CouncilBodyView[]> {
    const out: CouncilBodyView[] = [];
    for (const b of await this.bodiesRepo.bodies()) out.push(await this.views.bodyView(b));
    return out;
  }

  async create(actor: AuthUser, input: CreateBodyRequest): Promise<CouncilBodyView> {
    await this.access.requireAccess(actor, 'council.body.manage');
    const chairId = input.chairId ?? null;
    await this.checkMembers(input.memberIds, chairId);
    const id = await this.bodiesRepo.transaction(async (em) => {
      const seats = input.seats ?? new Set(input.memberIds).size;
      const id = await this.bodiesRepo.insertBody(
        { kind: 'committee', name: input.name, chairId, seats },
        input.memberIds,
        em,
      );
      await this.record(
        actor,
        'council.body.created',
        id,
        { name: input.name, members: input.memberIds.length, chairId, seats },
        em,
      );
      return id;
    });
    return this.views.bodyView((await this.bodiesRepo.body(id))!);
  }

  async setMembers(actor: AuthUser, id: string, input: UpdateBodyMembersRequest): Promise<CouncilBodyView> {
    await this.access.requireAccess(actor, 'council.body.manage', id);
    const body = (await this.bodiesRepo.body(id))!;
    if (body.kind === 'council')
      throw CouncilErrors.councilMembersFixed(
        "The council's members are the holders of its seats (/api/council/mandates/:id/seats); its chair is the user with the council_chair role",
      );
    const chairId = input.chairId === undefined ? body.chairId : input.chairId;
    await this.checkMembers(input.memberIds, chairId);
    const members = new Set(input.memberIds).size;
    // A member replaced keeps the seat count; more members than seats needs more seats.
    const seats = input.seats ?? Math.max(body.seats, members);
    fitsSeats(members, seats, 'memberIds');
    await this.bodiesRepo.transaction(async (em) => {
      await this.bodiesRepo.lockBody(id, em);
      await this.bodiesRepo.setBodyMembers(id, input.memberIds, em);
      await this.bodiesRepo.updateBody(id, { chairId, seats }, em);
      await this.record(
        actor,
        'council.body.members_set',
        id,
        { members: input.memberIds.length, chairId, seats, seatsBefore: body.seats },
        em,
      );
    });
    return this.views.bodyView((await this.bodiesRepo.body(id))!);
  }

  /** An admin sets a body's settings: its notice period (the days a regular sitting's agenda is published before it). */
  async update(actor: AuthUser, id: string, input: UpdateBodyRequest): Promise<CouncilBodyView> {
    await this.access.requireAccess(actor, 'council.body.configure', id);
    const body = (await this.bodiesRepo.body(id))!;
    if (input.seats !== undefined && body.kind === 'committee')
      fitsSeats((await this.bodiesRepo.memberIds(id)).length, input.seats, 'seats');
    if (input.seats !== undefined && body.kind === 'council') await this.mandates.checkSeats(input.seats);
    await this.bodiesRepo.transaction(async (em) => {
      const before = await this.bodiesRepo.lockBody(id, em);
      const changes: Partial<CouncilBody> = {};
      if (input.noticeDays !== undefined) changes.noticeDays = input.noticeDays;
      if (input.reviewDays !== undefined) changes.reviewDays = input.reviewDays;
      if (input.seats !== undefined) changes.seats = input.seats;
      if (input.agendaVote !== undefined) changes.agendaVote = input.agendaVote;
      // Speaking time per kind (the body's rulebook); requests already given the floor keep theirs.
      const limits = input.speakingLimits;
      if (limits?.speech !== undefined) changes.speechSeconds = limits.speech;
      if (limits?.reply !== undefined) changes.replySeconds = limits.reply;
      if (limits?.counter_reply !== undefined) changes.counterReplySeconds = limits.counter_reply;
      if (limits?.procedural !== undefined) changes.proceduralSeconds = limits.procedural;
      await this.bodiesRepo.updateBody(id, changes, em);
      await this.record(
        actor,
        'council.body.updated',
        id,
        { ...changes, noticeDaysBefore: before?.noticeDays ?? null, seatsBefore: before?.seats ?? null },
        em,
      );
    });
    return this.views.bodyView((await this.bodiesRepo.body(id))!);
  }

  /** Members must hold a seat of the council (400 `not_a_councillor`); the chair one of them (400 `chair_not_member`). */
  private async checkMembers(memberIds: string[], chairId: string | null): Promise<void> {
    const councillors = new Set(await this.bodiesRepo.councillors(memberIds));
    const others = [...new Set(memberIds)].filter((m) => !councillors.has(m));
    if (others.length)
      throw CouncilErrors.notACouncillor('Members of a committee are councillors', {
        userIds: others,
      });
    if (chairId && !memberIds.includes(chairId))
      throw CouncilErrors.chairNotMember('The chair must be one of the members');
  }

  private record(
    actor: AuthUser,
    action: string,
    id: string,
    details: Record<string, unknown>,
    em: EntityManager,
  ): Promise<void> {
    return this.audit.record({ actorId: actor.id, action, targetType: 'council_body', targetId: id, details }, em);
  }
}

/** Demo committees of the demo municipality (fresh demo installs only; changes nothing if any committee exists). */
export const DEMO_COMMITTEES = [
  {
    name: 'Постоянна комисия по бюджет и финанси',
    members: [
      'councillor01',
      'councillor02',
      'councillor03',
      'councillor04',
      'councillor05',
      'councillor06',
      'councillor07',
    ],
    chair: 'councillor01',
  },
  {
    name: 'Постоянна комисия по устройство на територията',
    members: ['councillor08', 'councillor09', 'councillor10', 'councillor11', 'councillor12'],
    chair: 'councillor08',
  },
] as const;

/** The seats of the demo municipality's council (a municipality of its size: ЗМСМА чл. 19). */
export const DEMO_COUNCIL_SEATS = 51;

/** The demo council's mandate (the term elected in the local elections of October 2023). */
export const DEMO_MANDATE = { name: '2023–2027', startsOn: '2023-11-01', endsOn: '2027-10-31' } as const;

/**
 * The demo council (fresh demo installs, with the demo municipality's accounts): 51 seats,
 * the mandate 2023–2027, and its holders — the chair in seat 1, councillor01…50 in seats 2…51.
 * Changes nothing once any seat has a holder.
 */
export async function seedDemoCouncil(db: DataSource): Promise<void> {
  await db.transaction(async (em) => {
    await em.query(`UPDATE council_body SET seats = $1 WHERE kind = 'council'`, [DEMO_COUNCIL_SEATS]);
    const [{ n }] = (await em.query(`SELECT count(*)::int AS n FROM council_seat_holder`)) as [{ n: number }];
    if (Number(n) > 0) return;
    const [{ sittings }] = (await em.query(`SELECT count(*)::int AS sittings FROM council_session`)) as [
      { sittings: number },
    ];
    if (Number(sittings) === 0)
      await em.query(
        `UPDATE council_mandate SET name = $1, starts_on = $2, ends_on = $3
         WHERE id = (SELECT id FROM council_mandate ORDER BY starts_on LIMIT 1)`,
        [DEMO_MANDATE.name, DEMO_MANDATE.startsOn, DEMO_MANDATE.endsOn],
      );
    // The chair first, then the councillors by username (the demo's accounts).
    const holders = (await new DirectoryReader(db).accountsWith('councillor', em))
      .sort((a, b) => Number(a.username !== 'chair') - Number(b.username !== 'chair'))
      .slice(0, DEMO_COUNCIL_SEATS);
    await em.query(
      `INSERT INTO council_seat_holder (mandate_id, seat, user_id, display_name, held_from)
       SELECT m.id, h.seat, h.user_id, h.display_name, m.starts_on
       FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS h (user_id, display_name, seat),
            (SELECT id, starts_on FROM council_mandate ORDER BY starts_on DESC LIMIT 1) m`,
      [holders.map((h) => h.id), holders.map((h) => h.displayName)],
    );
  });
}

export async function seedDemoCommittees(db: DataSource): Promise<void> {
  await db.transaction(async (em) => {
    const [{ n }] = (await em.query(`SELECT count(*)::int AS n FROM council_body WHERE kind = 'committee'`)) as [
      { n: number },
    ];
    if (Number(n) > 0) return;
    const councillors = await new DirectoryReader(db).accountsWith('councillor', em, { enabledOnly: false });
    for (const c of DEMO_COMMITTEES) {
      const users = councillors.filter((u) => (c.members as readonly string[]).includes(u.username));
      if (!users.length) continue;
      const chairId = users.find((u) => u.username === c.chair)?.id ?? null;
      const rows: { id: string }[] = await em.query(
        `WITH i AS (INSERT INTO council_body (kind, name, chair_id, seats) VALUES ('committee', $1, $2, $3)
           ON CONFLICT (name) DO NOTHING RETURNING id) SELECT id FROM i`,
        [c.name, chairId, users.length],
      );
      if (!rows[0]) continue;
      await em.query(
        `INSERT INTO council_body_member (body_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [rows[0].id, users.map((u) => u.id)],
      );
    }
  });
}
