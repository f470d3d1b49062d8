import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { FakeLiveKit } from '../support/livekit-server.js';
import { openSittingWith } from '../support/council.js';

/**
 * No public stream or recording of a closed-door item (ЗМСМА чл. 28), on LiveKit (the fake
 * server speaks its Twirp API): taking the item up stops the Egress recording and removes the
 * hidden viewers, the viewer token is refused (409 closed_door) while it is current; taking up
 * an open item again starts a new recording and viewers are let in again.
 */
describe('closed-door: no stream or recording of a closed-door item', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let sitting: { id: string; items: { id: string }[] };
  const viewerToken = () =>
    app.api.post('/api/public/council/sessions/:id/viewer-token', { params: { id: sitting.id } });
  const activate = (n: number) =>
    app.post(`/api/council/sessions/${sitting.id}/items/${sitting.items[n]!.id}/activate`, {}, { token: chair.token });

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    app = await TestApp.start({ env: lk.env });
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    sitting = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Заседание с видео и закрита точка',
        startsAt: new Date(Date.now() + 60_000),
        agenda: [
          { title: 'Отчет', voteMode: 'open', majority: 'present' },
          { title: 'Лични данни', voteMode: 'open', majority: 'present' },
        ],
      },
    );
    const closed = await app.post(
      `/api/council/sessions/${sitting.id}/items/${sitting.items[1]!.id}/closed-door`,
      { closed: true, reason: 'Решение № 7' },
      { token: clerk.token },
    );
    expect(closed.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await lk?.close();
  });

  it('the open item is recorded and watched; the closed-door one is neither; then again', async () => {
    const room = `council-${sitting.id}`;
    expect(lk.callsOf('StartRoomCompositeEgress')).toHaveLength(1);
    expect((await viewerToken()).status).toBe(200);
    lk.addParticipant(room, 'viewer-1', 'Гражданин', true);
    lk.addParticipant(room, chair.user.id, 'Председател');

    expect((await activate(1)).status).toBe(200);
    expect(lk.callsOf('StopEgress')).toHaveLength(1);
    expect([...lk.rooms.get(room)!.participants.keys()]).toEqual([chair.user.id]);
    const refused = await viewerToken();
    expectError(refused, 409, 'closed_door');
    // LiveKit says the recording ended (it answered "ending" to the stop).
    const egress = [...lk.egresses.values()][0]!;
    expect(lk.callsOf('StopEgress')[0]!.body.egressId).toBe(egress.egressId);
    egress.status = 'EGRESS_COMPLETE';
    egress.endedAt = String(BigInt(Date.now()) * 1_000_000n);
    const hook = await lk.signWebhook(
      FakeLiveKit.egressEvent('egress_ended', egress, { location: 'https://r.example.org/1.mp4' }),
    );
    const delivered = await app.request('POST', '/api/livekit/webhook', undefined, {
      raw: hook.body,
      headers: { 'content-type': 'application/webhook+json', authorization: hook.authorization },
    });
    expect(delivered.status).toBe(200);

    expect((await activate(0)).status).toBe(200);
    expect(lk.callsOf('StartRoomCompositeEgress')).toHaveLength(2);
    expect((await viewerToken()).status).toBe(200);
  });
});
