import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { EXTRAORDINARY_REASON } from '../support/council.js';

/**
 * A sitting closed before its planned end frees the chamber (issue 22, item 9): its meeting
 * ends at the closing, so a sitting later the same afternoon is no longer `slot_taken`. Before,
 * the chamber stayed booked until the planned end. The sitting keeps its planned times.
 */
describe('closing a sitting frees the chamber', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
  }, 120_000);

  afterAll(() => app?.close());

  const create = (title: string, startsAt: Date, hours: number) =>
    app.api.post('/api/council/sessions', {
      body: {
        title,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + hours * 3_600_000).toISOString(),
        agenda: [{ title: 'Точка', voteMode: 'open', majority: 'present' }],
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    });

  it('a sitting closed early: its meeting ends then, and the chamber takes the next sitting', async () => {
    const at = new Date(Date.now() + 5 * 86_400_000);
    at.setUTCHours(12, 0, 0, 0); // 14:00 or 15:00 in Sofia
    const first = await create('Заседание от 15 ч.', at, 3);
    expectOk(first, 201);
    const later = new Date(at.getTime() + 2 * 3_600_000);
    // While the first sitting holds the chamber, a second one two hours in is refused.
    const refused = await create('Заседание от 17 ч.', later, 1);
    expectError(refused, 409, 'slot_taken');

    for (const step of ['publish', 'open', 'close'])
      expect(
        (
          await app.post(
            `/api/council/sessions/${first.body.id}/${step}`,
            {},
            {
              token: step === 'publish' ? clerk.token : chair.token,
            },
          )
        ).status,
      ).toBeLessThan(300);

    const meeting = await ok(
      app.api.get('/api/meetings/:id', { params: { id: first.body.meetingId }, token: clerk.token }),
      'the meeting',
    );
    // Closed before its planned start (the test sits days ahead): the meeting keeps one minute.
    expect(new Date(meeting.endsAt).getTime()).toBe(at.getTime() + 60_000);
    const sitting = await ok(
      app.api.get('/api/council/sessions/:id', { params: { id: first.body.id }, token: clerk.token }),
      'the sitting',
    );
    expect(sitting.endsAt).toBe(first.body.endsAt); // the planned end stays on the sitting
    expect(sitting.closedAt).not.toBeNull();

    const next = await create('Заседание от 17 ч.', later, 1);
    expect(next.status).toBe(201);
  });
});
