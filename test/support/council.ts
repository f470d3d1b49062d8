import type { Session, TestApp } from './app.js';

async function ok(what: string, res: Promise<{ status: number; body: any }>, status = [200, 201]): Promise<any> {
  const r = await res;
  if (!status.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * The clerk makes a sitting at `startsAt` (`hours` long, two by default) with the given agenda
 * (one item voted openly by a majority of those present by default) and publishes it; the chair
 * opens it. It is an extraordinary sitting (with its reason): a regular one is published at
 * least the body's notice period (7 days) ahead, and these tests sit at once. The sitting as the
 * clerk created it (`id`, `items`, …).
 */
export async function openSittingWith(
  app: TestApp,
  people: { clerk: Session; chair: Session },
  sitting: { title: string; startsAt: Date; hours?: number; agenda?: Record<string, unknown>[] },
): Promise<any> {
  const { title, startsAt, hours = 2, agenda = [{ title: 'Точка', voteMode: 'open', majority: 'present' }] } = sitting;
  const created = await ok(
    'create the sitting',
    app.post(
      '/api/council/sessions',
      {
        title,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + hours * 3_600_000).toISOString(),
        agenda,
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      { token: people.clerk.token },
    ),
  );
  await ok('publish', app.post(`/api/council/sessions/${created.id}/publish`, {}, { token: people.clerk.token }));
  await ok('open', app.post(`/api/council/sessions/${created.id}/open`, {}, { token: people.chair.token }));
  return created;
}

/** {@link openSittingWith} with one item and two hours; the sitting's id. */
export async function openSitting(
  app: TestApp,
  people: { clerk: Session; chair: Session },
  title: string,
  startsAt: Date,
): Promise<string> {
  return (await openSittingWith(app, people, { title, startsAt })).id;
}

/** The reason the tests give for a sitting held sooner than the notice period allows. */
export const EXTRAORDINARY_REASON = 'Спешен въпрос: тестово заседание, свикано без предизвестие';

/** The member asks for the floor (a speech) and the chair grants it; the speaker request's id. */
export async function giveTheFloor(app: TestApp, sessionId: string, member: Session, chair: Session): Promise<string> {
  const asked = await ok(
    'ask for the floor',
    app.post(`/api/council/sessions/${sessionId}/speakers`, { kind: 'speech' }, { token: member.token }),
  );
  await ok('grant the floor', app.post(`/api/council/speakers/${asked.id}/grant`, {}, { token: chair.token }));
  return asked.id;
}

/**
 * The minutes of a closed sitting through their whole course at once: the admin sets the
 * body's review period to 0 days, the clerk names themself minute-taker, the chair and the
 * clerk sign, the clerk publishes. Returns the publication's response (the session view).
 */
export async function signAndPublishMinutes(
  app: TestApp,
  sessionId: string,
  people: { admin: Session; clerk: Session; chair: Session },
): Promise<any> {
  const url = `/api/council/sessions/${sessionId}`;
  const session = await ok('read the sitting', app.get(url, { token: people.clerk.token }), [200]);
  await ok(
    'review period 0',
    app.patch(`/api/council/bodies/${session.body.id}`, { reviewDays: 0 }, { token: people.admin.token }),
    [200],
  );
  await ok('minute-taker', app.put(`${url}/minute-taker`, {}, { token: people.clerk.token }), [200]);
  await ok('the chair signs', app.post(`${url}/minutes/sign`, {}, { token: people.chair.token }), [200]);
  await ok('the minute-taker signs', app.post(`${url}/minutes/sign`, {}, { token: people.clerk.token }), [200]);
  return ok('publish', app.post(`${url}/minutes/publish`, {}, { token: people.clerk.token }), [200]);
}

/**
 * The clerk records the same choice for each member in the hall (a show of hands), then the
 * chair closes the vote; the vote's result.
 */
export async function showOfHands(
  app: TestApp,
  voteId: string,
  memberIds: string[],
  { clerk, chair }: { clerk: Session; chair: Session },
  choice: 'for' | 'against' | 'abstain' = 'for',
): Promise<{ passed: boolean }> {
  for (const userId of memberIds)
    await ok(
      `ballot of ${userId}`,
      app.post(`/api/council/votes/${voteId}/ballots`, { choice, userId }, { token: clerk.token }),
      [201],
    );
  const closed = await ok('close the vote', app.post(`/api/council/votes/${voteId}/close`, {}, { token: chair.token }));
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
  sessionId: string,
  people: { clerk: Session; chair: Session },
  memberIds?: string[],
): Promise<string> {
  const present =
    memberIds ??
    (
      (
        await ok(
          'read the sitting',
          app.get(`/api/council/sessions/${sessionId}`, { token: people.clerk.token }),
          [200],
        )
      ).attendance as { member: { id: string }; present: boolean }[]
    )
      .filter((a) => a.present)
      .map((a) => a.member.id);
  const vote = await ok(
    'open the agenda’s vote',
    app.post(`/api/council/sessions/${sessionId}/votes`, { kind: 'agenda' }, { token: people.chair.token }),
  );
  const result = await showOfHands(app, vote.id, present, people);
  if (!result.passed) throw new Error(`the agenda was not adopted: ${JSON.stringify(result)}`);
  return vote.id;
}
