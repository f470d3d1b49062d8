import type { z } from 'zod';
import type {
  AgendaItemInputSchema,
  BallotChoice,
  CouncilSessionView,
  VoteResult,
} from '../../libs/contracts/src/index.js';
import { ok } from './api.js';
import type { SignedIn, TestApp } from './app.js';

/**
 * The clerk makes a sitting at `startsAt` (`hours` long, two by default) with the given agenda
 * (one item voted openly by a majority of those present by default) and publishes it; the chair
 * opens it. It is an extraordinary sitting (with its reason): a regular one is published at
 * least the body's notice period (7 days) ahead, and these tests sit at once. The sitting as the
 * clerk created it (`id`, `items`, …).
 */
export async function openSittingWith(
  app: TestApp,
  people: { clerk: SignedIn; chair: SignedIn },
  sitting: { title: string; startsAt: Date; hours?: number; agenda?: z.input<typeof AgendaItemInputSchema>[] },
): Promise<CouncilSessionView> {
  const { title, startsAt, hours = 2, agenda = [{ title: 'Точка', voteMode: 'open', majority: 'present' }] } = sitting;
  const created = await ok(
    app.api.post('/api/council/sessions', {
      body: {
        title,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + hours * 3_600_000).toISOString(),
        agenda,
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: people.clerk.token,
    }),
    'create the sitting',
  );
  const params = { id: created.id };
  await ok(
    app.api.post('/api/council/sessions/:id/publish', { params, body: {}, token: people.clerk.token }),
    'publish',
  );
  await ok(app.api.post('/api/council/sessions/:id/open', { params, body: {}, token: people.chair.token }), 'open');
  return created;
}

/** {@link openSittingWith} with one item and two hours; the sitting's id. */
export async function openSitting(
  app: TestApp,
  people: { clerk: SignedIn; chair: SignedIn },
  title: string,
  startsAt: Date,
): Promise<string> {
  return (await openSittingWith(app, people, { title, startsAt })).id;
}

/** The reason the tests give for a sitting held sooner than the notice period allows. */
export const EXTRAORDINARY_REASON = 'Спешен въпрос: тестово заседание, свикано без предизвестие';

/** The member asks for the floor (a speech) and the chair grants it; the speaker request's id. */
export async function giveTheFloor(
  app: TestApp,
  sittingId: string,
  member: SignedIn,
  chair: SignedIn,
): Promise<string> {
  const asked = await ok(
    app.api.post('/api/council/sessions/:id/speakers', {
      params: { id: sittingId },
      body: { kind: 'speech' },
      token: member.token,
    }),
    'ask for the floor',
  );
  await ok(
    app.api.post('/api/council/speakers/:id/grant', { params: { id: asked.id }, body: {}, token: chair.token }),
    'grant the floor',
  );
  return asked.id;
}

/**
 * The minutes of a closed sitting through their whole course at once: the admin sets the
 * body's review period to 0 days, the clerk names themself minute-taker, the chair and the
 * clerk sign, the clerk publishes. Returns the publication's response (the session view).
 */
export async function signAndPublishMinutes(
  app: TestApp,
  sittingId: string,
  people: { admin: SignedIn; clerk: SignedIn; chair: SignedIn },
): Promise<CouncilSessionView> {
  const params = { id: sittingId };
  const sitting = await ok(
    app.api.get('/api/council/sessions/:id', { params, token: people.clerk.token }),
    'read the sitting',
    200,
  );
  await ok(
    app.api.patch('/api/council/bodies/:id', {
      params: { id: sitting.body!.id },
      body: { reviewDays: 0 },
      token: people.admin.token,
    }),
    'review period 0',
    200,
  );
  await ok(
    app.api.put('/api/council/sessions/:id/minute-taker', { params, body: {}, token: people.clerk.token }),
    'minute-taker',
    200,
  );
  await ok(
    app.api.post('/api/council/sessions/:id/minutes/sign', { params, body: {}, token: people.chair.token }),
    'the chair signs',
    200,
  );
  await ok(
    app.api.post('/api/council/sessions/:id/minutes/sign', { params, body: {}, token: people.clerk.token }),
    'the minute-taker signs',
    200,
  );
  return ok(
    app.api.post('/api/council/sessions/:id/minutes/publish', { params, body: {}, token: people.clerk.token }),
    'publish',
    200,
  );
}

/** The chair opens the vote on an item (its own mode and majority); the vote's id. */
export async function openVote(
  app: TestApp,
  sittingId: string,
  itemId: string,
  chair: SignedIn,
  what = 'open the vote',
): Promise<string> {
  const vote = await ok(
    app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId },
      token: chair.token,
    }),
    what,
  );
  return vote.id;
}

/**
 * The clerk records the same choice for each member in the hall (a show of hands), then the
 * chair closes the vote; the vote's result.
 */
export async function showOfHands(
  app: TestApp,
  voteId: string,
  memberIds: string[],
  { clerk, chair }: { clerk: SignedIn; chair: SignedIn },
  choice: BallotChoice = 'for',
): Promise<VoteResult> {
  const params = { id: voteId };
  for (const userId of memberIds)
    await ok(
      app.api.post('/api/council/votes/:id/ballots', { params, body: { choice, userId }, token: clerk.token }),
      `ballot of ${userId}`,
      201,
    );
  const closed = await ok(
    app.api.post('/api/council/votes/:id/close', { params, body: {}, token: chair.token }),
    'close the vote',
  );
  if (!closed.result) throw new Error(`the closed vote has no result: ${JSON.stringify(closed)}`);
  return closed.result;
}

/**
 * The sitting's first vote adopts its agenda (issue 15: on by default for every body): the chair
 * opens the agenda's vote, the clerk records a show of hands "for" of the members in the hall
 * (`memberIds`; by default everyone registered present), the chair closes it. The sitting must
 * have its quorum. The vote's id.
 */
export async function adoptAgenda(
  app: TestApp,
  sittingId: string,
  people: { clerk: SignedIn; chair: SignedIn },
  memberIds?: string[],
): Promise<string> {
  const params = { id: sittingId };
  const present =
    memberIds ??
    (
      await ok(app.api.get('/api/council/sessions/:id', { params, token: people.clerk.token }), 'read the sitting', 200)
    ).attendance
      .filter((a) => a.present)
      .map((a) => a.member.id);
  const vote = await ok(
    app.api.post('/api/council/sessions/:id/votes', { params, body: { kind: 'agenda' }, token: people.chair.token }),
    'open the agenda’s vote',
  );
  const result = await showOfHands(app, vote.id, present, people);
  if (!result.passed) throw new Error(`the agenda was not adopted: ${JSON.stringify(result)}`);
  return vote.id;
}
