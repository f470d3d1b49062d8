import type { Session, TestApp } from './app.js';

async function ok(what: string, res: Promise<{ status: number; body: any }>, status = [200, 201]): Promise<any> {
  const r = await res;
  if (!status.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The clerk makes a sitting of one item at `startsAt` (two hours) and publishes it; the chair opens it. */
export async function openSitting(
  app: TestApp,
  people: { clerk: Session; chair: Session },
  title: string,
  startsAt: Date,
): Promise<string> {
  const { id } = await ok(
    'create the sitting',
    app.post(
      '/api/council/sessions',
      {
        title,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
        agenda: [{ title: 'Точка', voteMode: 'open', majority: 'present' }],
      },
      { token: people.clerk.token },
    ),
  );
  await ok('publish', app.post(`/api/council/sessions/${id}/publish`, {}, { token: people.clerk.token }));
  await ok('open', app.post(`/api/council/sessions/${id}/open`, {}, { token: people.chair.token }));
  return id;
}

/** The member asks for the floor (a speech) and the chair grants it; the speaker request's id. */
export async function giveTheFloor(app: TestApp, sessionId: string, member: Session, chair: Session): Promise<string> {
  const asked = await ok(
    'ask for the floor',
    app.post(`/api/council/sessions/${sessionId}/speakers`, { kind: 'speech' }, { token: member.token }),
  );
  await ok('grant the floor', app.post(`/api/council/speakers/${asked.id}/grant`, {}, { token: chair.token }));
  return asked.id;
}
