import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  LocalVideoTrack,
  Room,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoFrame,
  VideoSource,
  dispose,
} from '@livekit/rtc-node';
import { RoomServiceClient, TrackSource as LkTrackSource } from 'livekit-server-sdk';
import { expectError, expectOk } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { openSitting } from '../support/council.js';
import { eventually } from '../support/eventually.js';
import { RealLiveKit } from '../support/livekit/real.js';

// LiveKit's native client is one per process: released once, at the end.
afterAll(async () => {
  await dispose().catch(() => undefined);
});

/**
 * The camera rule of a remote sitting (ЗМСМА чл. 28а) against a real LiveKit server and its own
 * client (@livekit/rtc-node): a member connected to the sitting's video without a camera cannot
 * check in; once their camera track is published they can. In a remote sitting the member's
 * token lets them publish the camera but not the microphone (that comes with the floor).
 */
describe('a remote sitting on a real LiveKit: check-in needs the camera on', () => {
  let lk: RealLiveKit;
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let member: SignedIn;
  let sittingId: string;
  const rooms: Room[] = [];
  let frames: ReturnType<typeof setInterval> | undefined;

  beforeAll(async () => {
    lk = await RealLiveKit.start();
    app = await TestApp.start({ env: { ...lk.env, COUNCIL_CHECK_IN_CODE: 'true' } });
    [clerk, chair, member] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('councillor05')]);
    sittingId = await openSitting(app, { clerk, chair }, 'Заседание от разстояние', new Date(Date.now() + 3_600_000));
    const declared = await app.post(
      `/api/council/sessions/${sittingId}/remote`,
      { emergencyReference: 'Решение на Министерския съвет за обявяване на извънредна епидемична обстановка' },
      { token: chair.token },
    );
    expect(declared.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    if (frames) clearInterval(frames);
    for (const r of rooms) await r.disconnect().catch(() => undefined);
    await app?.close();
    await lk?.close();
  });

  const checkIn = () =>
    app.api.post('/api/council/sessions/:id/attendance', { params: { id: sittingId }, body: {}, token: member.token });

  it('connected without a camera: refused; the microphone is not theirs to publish; with the camera on: checked in', async () => {
    const joined = await app.api.post('/api/council/sessions/:id/video/join', {
      params: { id: sittingId },
      body: {},
      token: member.token,
    });
    expectOk(joined, 200);
    expect(joined.body.canPublish).toBe(true);
    const room = new Room();
    rooms.push(room);
    await room.connect(joined.body.url, joined.body.token, { autoSubscribe: false, dynacast: false });

    const without = await checkIn();
    expectError(without, 403, 'camera_required');

    // The camera is theirs to publish, the microphone not (it comes with the floor): LiveKit's own view.
    const api = new RoomServiceClient(`http://127.0.0.1:${lk.port}`, lk.apiKey, lk.apiSecret);
    const seen = (await api.listParticipants(`council-${sittingId}`)).find((p) => p.identity === member.user.id);
    expect(seen?.permission?.canPublish).toBe(true);
    expect(seen?.permission?.canPublishSources).toEqual([LkTrackSource.CAMERA]);

    const source = new VideoSource(64, 48);
    const black = new VideoFrame(new Uint8Array(64 * 48 * 4), 64, 48, VideoBufferType.RGBA);
    frames = setInterval(() => source.captureFrame(black), 100);
    const camera = LocalVideoTrack.createVideoTrack('camera', source);
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_CAMERA;
    await room.localParticipant!.publishTrack(camera, options);

    // LiveKit lists the track once the publication is through: ask until then.
    const ok = await eventually(async () => {
      const r = await checkIn();
      if (!r.ok || r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return r;
    });
    expect(ok.body.attendance.some((a) => a.member.id === member.user.id && a.present)).toBe(true);
  }, 60_000);
});
