import { describe, expect, it } from '@jest/globals';
import { EgressInfo, EgressStatus, TokenVerifier, WebhookEvent } from 'livekit-server-sdk';
import { AppConfig } from '@egov-box/platform';
import { JOIN_TOKEN_TTL_SECONDS, VideoService, egressState, eventTime } from './video.service.js';
import type { VideoRepository } from './video.repository.js';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const config = AppConfig.fromEnv({
  NODE_ENV: 'test',
  LIVEKIT_URL: 'http://127.0.0.1:1',
  LIVEKIT_API_KEY: 'APIkey',
  LIVEKIT_API_SECRET: secret,
});
const video = new VideoService(config, {} as VideoRepository);
const verify = (t: string) => new TokenVerifier('APIkey', secret).verify(t);

describe('VideoService tokens', () => {
  it('a participant token: one room, identity and name, publish/subscribe/data, no admin, create or list', async () => {
    const j = await video.token({ room: 'r1', identity: 'u1', name: 'Иван', role: 'participant', ttlSeconds: 99_999 });
    const c = await verify(j.token);
    expect(c.sub).toBe('u1');
    expect(c.name).toBe('Иван');
    expect(c.video).toEqual({ room: 'r1', roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
    expect(c.exp! - c.nbf!).toBeLessThanOrEqual(JOIN_TOKEN_TTL_SECONDS);
    expect(JOIN_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(3600);
  });

  it('a moderator token adds roomAdmin for that room only', async () => {
    const c = await verify((await video.token({ room: 'r1', identity: 'u1', name: 'x', role: 'moderator' })).token);
    expect(c.video).toMatchObject({ room: 'r1', roomAdmin: true });
    expect(c.video?.roomCreate).toBeUndefined();
    expect(c.video?.roomList).toBeUndefined();
  });

  it('a viewer token is hidden and subscribe-only', async () => {
    const c = await verify((await video.viewerToken({ room: 'council-1', identity: 'viewer-1' })).token);
    expect(c.video).toMatchObject({
      room: 'council-1',
      roomJoin: true,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      hidden: true,
    });
    expect(c.video?.roomAdmin).toBeUndefined();
  });

  it('without LiveKit settings every use is 503 video_unavailable', async () => {
    const off = new VideoService(AppConfig.fromEnv({ NODE_ENV: 'test' }), {} as VideoRepository);
    expect(off.available).toBe(false);
    await expect(off.token({ room: 'r', identity: 'u', name: 'n', role: 'participant' })).rejects.toMatchObject({
      code: 'video_unavailable',
    });
  });
});

describe('VideoService publish rights and recordings', () => {
  it('a token without publishing, and one limited to microphone and camera', async () => {
    const listen = await verify(
      (await video.token({ room: 'r', identity: 'u', name: 'n', role: 'participant', canPublish: false })).token,
    );
    expect(listen.video).toMatchObject({ room: 'r', canPublish: false, canSubscribe: true });
    expect(listen.video?.canPublishSources).toBeUndefined();
    const speak = await verify(
      (
        await video.token({
          room: 'r',
          identity: 'u',
          name: 'n',
          role: 'participant',
          publishSources: ['microphone', 'camera'],
        })
      ).token,
    );
    expect(speak.video).toMatchObject({ canPublish: true, canPublishSources: ['microphone', 'camera'] });
  });

  it.each([
    [EgressStatus.EGRESS_STARTING, undefined, 'active'],
    [EgressStatus.EGRESS_ACTIVE, undefined, 'active'],
    [EgressStatus.EGRESS_ENDING, undefined, 'active'],
    [EgressStatus.EGRESS_COMPLETE, 'https://files/x.mp4', 'complete'],
    [EgressStatus.EGRESS_FAILED, undefined, 'failed'],
    [EgressStatus.EGRESS_ABORTED, undefined, 'failed'],
    [EgressStatus.EGRESS_LIMIT_REACHED, 'https://files/x.mp4', 'complete'],
    [EgressStatus.EGRESS_LIMIT_REACHED, undefined, 'failed'],
  ])('egress status %s (file %s) is %s', (status, location, expected) => {
    const info = EgressInfo.fromJson({
      egressId: 'EG_1',
      roomName: 'council-1',
      status: EgressStatus[status],
      startedAt: '1700000000000000000',
      endedAt: '1700000060000000000',
      ...(location ? { fileResults: [{ location }] } : {}),
    });
    const state = egressState(info);
    expect(state).toMatchObject({ egressId: 'EG_1', room: 'council-1', status: expected, location: location ?? null });
    expect(state.startedAt).toEqual(new Date(1_700_000_000_000));
    expect(state.endedAt).toEqual(new Date(1_700_000_060_000));
  });
});

describe('the order of webhooks', () => {
  const second = 1_796_223_504n;
  // As LiveKit sends them (JSON), read by the SDK the way the webhook route reads them.
  const ev = (event: string, joinedAtMs?: bigint) =>
    WebhookEvent.fromJson({
      event,
      id: `EV_${event}`,
      createdAt: String(second),
      participant: { identity: 'u1', sid: 'PA_x', ...(joinedAtMs ? { joinedAtMs: String(joinedAtMs) } : {}) },
    });

  it('a rejoin in the same second as a leave is newer than the leave (createdAt has whole seconds)', () => {
    const left = eventTime(ev('participant_left', 1_796_223_503_691n));
    const rejoined = eventTime(ev('participant_joined', 1_796_223_504_754n));
    expect(rejoined > left).toBe(true);
  });

  it("a connection's leave comes after its own join, and before any later connection's events", () => {
    const joined = eventTime(ev('participant_joined', 1_000n));
    const left = eventTime(ev('participant_left', 1_000n));
    const aborted = eventTime(ev('participant_connection_aborted', 1_000n));
    expect(left > joined).toBe(true);
    expect(aborted.getTime()).toBe(left.getTime());
    // An old connection's leave reported after a new connection's join (a duplicate identity).
    expect(eventTime(ev('participant_joined', 1_500n)) > eventTime(ev('participant_left', 1_000n))).toBe(true);
  });

  it('without joinedAtMs (older servers) the event is placed at createdAt, as before', () => {
    expect(eventTime(ev('participant_left')).getTime()).toBe(Number(second) * 1000);
    expect(
      eventTime(WebhookEvent.fromJson({ event: 'room_finished', id: 'EV_r', createdAt: String(second) })).getTime(),
    ).toBe(Number(second) * 1000);
  });
});
