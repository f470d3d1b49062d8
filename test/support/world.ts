import { DateTime } from 'luxon';
import type { MaterialView } from '../../libs/contracts/src/index.js';
import { ok } from './api.js';
import type { SignedIn, TestApp } from './app.js';
import { adoptAgenda } from './council.js';

/**
 * A small world of real objects with known owners, for tests that must reach the service
 * behind the guard (object-level access, hostile input against existing rows):
 *
 * - `owner` (servant01) books a hall and invites `invitee` (servant03); `other` (servant02)
 *   is a staff member with no part in anything;
 * - `invitee` knocks on the owner's room (pending) and asks the owner for a one-on-one;
 * - the clerk makes and publishes a council session; the chair opens it.
 */
export interface World {
  s: Record<Persona, SignedIn>;
  hallId: string;
  meetingId: string;
  ownerRoomId: string;
  knockId: string;
  oneOnOneId: string;
  councilSittingId: string;
  itemIds: string[];
  /** A council session the clerk has not published: nobody else may see it. */
  draftSittingId: string;
  /** The calendar meetings of the draft and of the open session. */
  draftMeetingId: string;
  councilMeetingId: string;
  absenceId: string;
  /** The council itself (its members are all councillors, fixed). */
  councilBodyId: string;
  /** A standing committee chaired by `councillor2`, of which `councillor` is not a member. */
  committeeId: string;
  /** A meeting of that committee, published and opened by its chair. */
  committeeSittingId: string;
  committeeItemIds: string[];
  /** The draft's items, a material on its first item and one on the open session's second item. */
  draftItemIds: string[];
  draftMaterialId: string;
  materialId: string;
  /** The file name of the owner's private calendar feed (`/api/calendar/<file>`). */
  feedFile: string;
  /** Set by `openVoteWithQuorum` (and the speaker by `askForFloor`). */
  voteId?: string;
  speakerId?: string;
}

export type Persona = 'admin' | 'clerk' | 'chair' | 'councillor' | 'councillor2' | 'owner' | 'other' | 'invitee';

export const PERSONA_USERS: Record<Persona, string> = {
  admin: 'admin',
  clerk: 'clerk',
  chair: 'chair',
  councillor: 'councillor01',
  councillor2: 'councillor02',
  owner: 'servant01',
  other: 'servant02',
  invitee: 'servant03',
};

const ZONE = 'Europe/Sofia';

/** The k-th working day (Mon–Fri) starting `from` days ahead, at hh:mm Sofia time. */
export function workday(k: number, hour: number, from = 3): DateTime {
  let d = DateTime.now().setZone(ZONE).plus({ days: from }).startOf('day');
  for (let seen = -1; ; d = d.plus({ days: 1 })) if (d.weekday <= 5 && ++seen === k) break;
  return d.set({ hour, minute: 0 });
}

/**
 * The one anchor every time of the world is derived from: the Monday (00:00 Sofia) of the
 * first whole week that starts at least a week from now. Whatever today is (a weekend, a
 * daylight-saving night, New Year's Eve, 29 February), the world's objects then fall on
 * working days in the future, each on a day of its own.
 */
export function worldAnchor(now: DateTime = DateTime.now()): DateTime {
  const soon = now.setZone(ZONE).plus({ days: 7 }).startOf('day');
  return soon.plus({ days: (8 - soon.weekday) % 7 });
}

/** When each of the world's timed objects takes place: [week from the anchor, weekday, hour, minutes]. */
const PLAN = {
  oneOnOne: [0, 2, 11, 30], // Tuesday 11:00–11:30, within the owner's working hours
  booking: [0, 4, 10, 60], // Thursday 10:00–11:00 in the world's own hall
  // The sittings are regular ones: published now, each starts more than a week after the
  // anchor (itself at least 7 days ahead), beyond the council's and the committee's notice
  // period (7 days, the default of every body).
  council: [1, 1, 10, 180], // Monday 10:00–13:00 in the chamber (published, then opened)
  draft: [1, 2, 10, 120], // Tuesday 10:00–12:00 in the chamber (never published)
  committee: [1, 3, 10, 120], // Wednesday 10:00–12:00 (published, then opened)
} as const satisfies Record<string, readonly [number, number, number, number]>;

export type WorldSlot = keyof typeof PLAN;

type Timed = Record<string, { start: DateTime; end: DateTime }>;

/** Each time on a working day, in the future, and no two overlapping. */
export function assertWorldInvariants(times: Timed, now: DateTime): void {
  const list = Object.entries(times);
  for (const [a, x] of list) {
    if (x.start.setZone(ZONE).weekday > 5) throw new Error(`world: ${a} falls on a weekend`);
    if (x.start <= now) throw new Error(`world: ${a} is not in the future`);
    for (const [b, y] of list)
      if (a < b && x.start < y.end && y.start < x.end) throw new Error(`world: ${a} overlaps ${b}`);
  }
}

/**
 * The world's times, all from one anchor; throws when one falls on a weekend or in the past,
 * or when two overlap (the world's invariants, checked each time it is built).
 */
export function worldTimes(now: DateTime = DateTime.now()): Record<WorldSlot, { start: DateTime; end: DateTime }> {
  const anchor = worldAnchor(now);
  const times = Object.fromEntries(
    Object.entries(PLAN).map(([name, [week, weekday, hour, minutes]]) => {
      const start = anchor.plus({ weeks: week, days: weekday - 1 }).set({ hour, minute: 0 });
      return [name, { start, end: start.plus({ minutes }) }];
    }),
  ) as Record<WorldSlot, { start: DateTime; end: DateTime }>;
  assertWorldInvariants(times, now);
  return times;
}

/** The smallest file the material upload accepts as a PDF. */
export const MINIMAL_PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';

const iso = (d: DateTime) => d.toUTC().toISO()!;

export async function buildWorld(app: TestApp): Promise<World> {
  const at = worldTimes();
  const s = {} as Record<Persona, SignedIn>;
  for (const [p, u] of Object.entries(PERSONA_USERS)) s[p as Persona] = await app.login(u);

  const hall = await ok(
    app.api.post('/api/halls', {
      body: {
        name: `Зала за проверки ${Math.random().toString(36).slice(2, 8)}`,
        capacity: 10,
        equipment: ['projector'],
        policy: {
          bookableHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
          minNoticeMinutes: 0,
          bookingWindowDays: 3650,
          maxDurationMinutes: 1440,
        },
      },
      token: s.admin.token,
    }),
    'hall',
  );
  const meeting = await ok(
    app.api.post('/api/halls/:id/bookings', {
      params: { id: hall.id },
      body: {
        title: 'Среща на собственика',
        inviteeIds: [s.invitee.user.id],
        startsAt: iso(at.booking.start),
        endsAt: iso(at.booking.end),
      },
      token: s.owner.token,
    }),
    'booking',
  );
  const room = await ok(app.api.get('/api/rooms/me', { token: s.owner.token }), 'room');
  const knock = await ok(
    app.api.post('/api/spaces/:id/knocks', {
      params: { id: room.id },
      body: { message: 'Може ли?' },
      token: s.invitee.token,
    }),
    'knock',
  );
  const oneOnOne = await ok(
    app.api.post('/api/one-on-ones', {
      body: {
        inviteeId: s.owner.user.id,
        topic: 'Разговор',
        slots: [{ startsAt: iso(at.oneOnOne.start), endsAt: iso(at.oneOnOne.end) }],
      },
      token: s.invitee.token,
    }),
    'one-on-one',
  );
  const council = await ok(
    app.api.post('/api/council/sessions', {
      body: {
        title: 'Заседание за проверки',
        startsAt: iso(at.council.start),
        endsAt: iso(at.council.end),
        agenda: [
          { title: 'Тайно гласуване', voteMode: 'secret', majority: 'present' },
          { title: 'Явно гласуване', voteMode: 'open', majority: 'present' },
        ],
      },
      token: s.clerk.token,
    }),
    'council session',
  );
  await ok(
    app.api.post('/api/council/sessions/:id/publish', { params: { id: council.id }, body: {}, token: s.clerk.token }),
    'publish',
  );
  await ok(
    app.api.post('/api/council/sessions/:id/open', { params: { id: council.id }, body: {}, token: s.chair.token }),
    'open',
  );

  const draft = await ok(
    app.api.post('/api/council/sessions', {
      body: {
        title: 'Чернова',
        startsAt: iso(at.draft.start),
        endsAt: iso(at.draft.end),
        agenda: [{ title: 'Непубликувана точка', voteMode: 'open', majority: 'present' }],
      },
      token: s.clerk.token,
    }),
    'draft session',
  );
  // A committee chaired by councillor02 (members 02–04; councillor01 is not one of them).
  const councillors = await ok(
    app.api.get('/api/admin/users', { query: { q: 'councillor0', limit: 100 }, token: s.admin.token }),
    'councillors',
  );
  const idOf = (username: string): string => {
    const u = councillors.items.find((x) => x.username === username);
    if (!u) throw new Error(`no ${username}`);
    return u.id;
  };
  const committee = await ok(
    app.api.post('/api/council/bodies', {
      body: {
        name: `Комисия за проверки ${Math.random().toString(36).slice(2, 8)}`,
        memberIds: ['councillor02', 'councillor03', 'councillor04'].map(idOf),
        chairId: s.councillor2.user.id,
      },
      token: s.clerk.token,
    }),
    'committee',
  );
  const bodies = await ok(app.api.get('/api/council/bodies', { token: s.clerk.token }), 'bodies');
  const councilBody = bodies.find((b) => b.kind === 'council');
  if (!councilBody) throw new Error('world: no council among the bodies');
  const committeeSitting = await ok(
    app.api.post('/api/council/sessions', {
      body: {
        title: 'Заседание на комисията',
        bodyId: committee.id,
        startsAt: iso(at.committee.start),
        endsAt: iso(at.committee.end),
        agenda: [{ title: 'Становище', voteMode: 'open', majority: 'present' }],
      },
      token: s.clerk.token,
    }),
    'committee session',
  );
  await ok(
    app.api.post('/api/council/sessions/:id/publish', {
      params: { id: committeeSitting.id },
      body: {},
      token: s.clerk.token,
    }),
    'publish committee session',
  );
  await ok(
    app.api.post('/api/council/sessions/:id/open', {
      params: { id: committeeSitting.id },
      body: {},
      token: s.councillor2.token,
    }),
    'the committee chair opens its meeting',
  );
  // The upload's body is the file itself: an untyped call, its answer a material.
  const upload = async (sittingId: string, itemId: string) => {
    const res = await app.request<MaterialView>(
      'POST',
      `/api/council/sessions/${sittingId}/items/${itemId}/materials?filename=doklad.pdf`,
      undefined,
      {
        token: s.clerk.token,
        raw: MINIMAL_PDF,
        headers: { 'content-type': 'application/pdf' },
      },
    );
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`material: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const draftMaterial = await upload(draft.id, draft.items[0]!.id);
  const material = await upload(council.id, council.items[1]!.id);
  const feed = await ok(app.api.post('/api/me/calendar-feed', { body: {}, token: s.owner.token }), 'calendar feed');

  const absence = await ok(
    app.api.post('/api/me/absences', {
      body: { kind: 'leave', startsOn: '2031-07-01', endsOn: '2031-07-03' },
      token: s.owner.token,
    }),
    'absence',
  );

  return {
    s,
    absenceId: absence.id,
    draftSittingId: draft.id,
    draftMeetingId: draft.meetingId,
    councilMeetingId: council.meetingId,
    hallId: hall.id,
    meetingId: meeting.id,
    ownerRoomId: room.id,
    knockId: knock.id,
    oneOnOneId: oneOnOne.id,
    councilSittingId: council.id,
    itemIds: council.items.map((i) => i.id),
    councilBodyId: councilBody.id,
    committeeId: committee.id,
    committeeSittingId: committeeSitting.id,
    committeeItemIds: committeeSitting.items.map((i) => i.id),
    draftItemIds: draft.items.map((i) => i.id),
    draftMaterialId: draftMaterial.id,
    materialId: material.id,
    feedFile: String(feed.url).split('/').pop()!,
  };
}

/**
 * Checks in enough members for quorum (the clerk registers them), adopts the agenda if it is
 * not yet, and opens a vote on the current item; returns the vote id.
 */
export async function openVoteWithQuorum(app: TestApp, w: World, itemId: string): Promise<string> {
  const params = { id: w.councilSittingId };
  const users = await ok(
    app.api.get('/api/admin/users', { query: { q: 'councillor', limit: 100 }, token: w.s.admin.token }),
    'councillors',
  );
  const ids: string[] = [w.s.chair.user.id, ...users.items.map((u) => u.id)];
  const present = ids.slice(0, 30);
  for (let i = 0; i < present.length; i += 10)
    await Promise.all(
      present.slice(i, i + 10).map((id) =>
        ok(
          app.api.post('/api/council/sessions/:id/attendance', {
            params,
            body: { userId: id },
            token: w.s.clerk.token,
          }),
          'check-in',
        ),
      ),
    );
  const current = await ok(app.api.get('/api/council/sessions/:id', { params, token: w.s.clerk.token }), 'session');
  // The sitting's first vote adopts its agenda (issue 15), by a show of hands of the members
  // present but the personas: the only ballot they cast stays the world's secret one (the
  // object-access crawl flags any choice it sees).
  const personas = new Set(Object.values(w.s).map((p) => p.user.id));
  if (!current.agendaVoteId)
    await adoptAgenda(
      app,
      w.councilSittingId,
      w.s,
      present.filter((id) => !personas.has(id)),
    );
  if (current.currentItemId !== itemId)
    await ok(
      app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
        params: { ...params, itemId },
        body: {},
        token: w.s.chair.token,
      }),
      'activate',
    );
  const vote = await ok(
    app.api.post('/api/council/sessions/:id/votes', { params, body: { itemId }, token: w.s.chair.token }),
    'vote',
  );
  return vote.id;
}

/** The councillor asks for the floor on the current item; returns the request id. */
export async function askForFloor(app: TestApp, w: World): Promise<string> {
  const r = await ok(
    app.api.post('/api/council/sessions/:id/speakers', {
      params: { id: w.councilSittingId },
      body: { kind: 'speech' },
      token: w.s.councillor.token,
    }),
    'speaker',
  );
  return (w.speakerId = r.id);
}

export const FILLER_ID = '00000000-0000-4000-8000-000000000000';

/**
 * A concrete path for an OpenAPI path template, with the ids of real objects of the world
 * where the route is about one (else a well-formed id that exists nowhere).
 */
export function resolvePath(template: string, w: World): string {
  const rules: [RegExp, string | undefined][] = [
    [/^\/api\/admin\/users\/\{id\}/, w.s.owner.user.id],
    [/^\/api\/users\/\{id\}/, w.s.owner.user.id],
    [/^\/api\/halls\/\{id\}/, w.hallId],
    [/^\/api\/meetings\/\{id\}/, w.meetingId],
    [/^\/api\/knocks\/\{id\}/, w.knockId],
    [/^\/api\/spaces\/\{id\}/, w.ownerRoomId],
    [/^\/api\/one-on-ones\/\{id\}/, w.oneOnOneId],
    [/^\/api\/me\/absences\/\{id\}/, w.absenceId],
    [/^\/api\/(public\/)?council\/sessions\/\{id\}/, w.councilSittingId],
    [/^\/api\/council\/votes\/\{id\}/, w.voteId],
    [/^\/api\/council\/speakers\/\{id\}/, w.speakerId],
    [/^\/api\/council\/bodies\/\{id\}/, w.committeeId],
  ];
  if (template.includes('{materialId}'))
    template = template.replace('{itemId}', w.itemIds[1] ?? FILLER_ID).replace('{materialId}', w.materialId);
  const id = rules.find(([re]) => re.test(template))?.[1] ?? FILLER_ID;
  return template
    .replace('{id}', id)
    .replace('{itemId}', w.itemIds[0] ?? FILLER_ID)
    .replace('{identity}', w.s.invitee.user.id)
    .replace('{file}', 'x.ics')
    .replace(/\{[^}]+\}/g, FILLER_ID);
}
