import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { RealLiveKit } from '../../support/livekit/server.mjs';
import { Api, freshDatabase, startEgov } from '../lib/egov.mjs';
import { cpuMsOf } from '../lib/proc.mjs';
import { hrNow, quantile, sleep } from '../lib/stats.mjs';

const JOIN = 'Joining a council sitting on a real LiveKit server: 50 participants at once';
const FANOUT = 'LiveKit server CPU: 1 publisher (microphone), 50 subscribers, 10 s';
const BASELINE = 'the same joins with tokens minted by livekit-server-sdk directly';
const PARTICIPANTS = 50;

// LiveKit's Node client logs at debug unless NODE_ENV is production: loaded on first use, quiet.
let rtc;
async function client() {
  if (!rtc) {
    process.env.NODE_ENV ??= 'production';
    rtc = await import('@livekit/rtc-node');
  }
  return rtc;
}

/** One connection; resolves with the connected room. */
async function connect(url, token) {
  const { Room } = await client();
  for (let attempt = 1; ; attempt++) {
    const room = new Room();
    try {
      await room.connect(url, token, { autoSubscribe: true, dynacast: false });
      return room;
    } catch (err) {
      // The Node client's native side now and then loses a fresh room's handle under load
      // ("handle not found"): that is the client, not the server; one more try.
      if (attempt > 1 || !/handle not found/.test(String(err?.message))) throw err;
    }
  }
}

/** `n` joins at once, each timed from asking for a token to connected; returns [ms], rooms. */
async function timedJoins(n, tokenFor, url) {
  const times = new Array(n);
  const rooms = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t0 = hrNow();
      const token = await tokenFor(i);
      const room = await connect(url, token);
      times[i] = hrNow() - t0;
      return room;
    }),
  );
  return { times, rooms };
}

/** A 440 Hz tone pushed in 10 ms frames until `stop` is set. */
function tone(source, stop) {
  const { AudioFrame } = rtc;
  const rate = 48_000;
  const samples = rate / 100;
  let phase = 0;
  return (async () => {
    while (!stop.done) {
      const data = new Int16Array(samples);
      for (let i = 0; i < samples; i++) data[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * phase++) / rate));
      await source.captureFrame(new AudioFrame(data, rate, 1, samples));
    }
  })();
}

/** LiveKit's CPU (ms per second) while one speaker publishes to everyone in `rooms`. */
async function publisherCpu(lk, speakerToken, seconds) {
  const { AudioSource, LocalAudioTrack, TrackPublishOptions, TrackSource } = await client();
  const speaker = await connect(lk.url, speakerToken);
  const source = new AudioSource(48_000, 1);
  const track = LocalAudioTrack.createAudioTrack('microphone', source);
  const options = new TrackPublishOptions();
  options.source = TrackSource.SOURCE_MICROPHONE;
  await speaker.localParticipant.publishTrack(track, options);
  const stop = { done: false };
  const pushing = tone(source, stop);
  await sleep(2_000); // everyone subscribed and the stream steady
  const cpu0 = cpuMsOf(lk.child.pid);
  const t0 = hrNow();
  await sleep(seconds * 1000);
  const cpu = ((cpuMsOf(lk.child.pid) - cpu0) / (hrNow() - t0)) * 1000;
  stop.done = true;
  await pushing;
  await speaker.disconnect();
  return cpu;
}

/**
 * The real-video figures of engineering.md: the pinned LiveKit server (built by
 * test/support/livekit/install.sh) on loopback, eGov Box configured for it, one open council
 * sitting. 50 councillors ask the portal for a token and connect (LiveKit's Node client), all
 * at once: time from the request to connected, p50 and p99. Baseline, same run: 50 joins
 * with tokens minted by the SDK in the bench process (no portal in the path). Then LiveKit's
 * CPU with one speaker publishing a microphone to the 50, for each set of joins.
 */
export async function video(ctx) {
  const { opts, db: kind, log } = ctx;
  const lk = await RealLiveKit.start();
  const db = await freshDatabase(kind);
  const server = await startEgov(db, { logLevel: opts.logLevel, env: lk.env });
  const rooms = [];
  try {
    const api = new Api(server.url);
    const councillors = Array.from({ length: PARTICIPANTS }, (_, i) => `councillor${String(i + 1).padStart(2, '0')}`);
    const [clerk, chair, ...members] = await api.loginAll(['clerk', 'chair', ...councillors]);
    const now = Date.now();
    const created = await api.post(
      '/api/council/sessions',
      {
        title: 'Benchmark sitting with video',
        startsAt: new Date(now + 60_000).toISOString(),
        endsAt: new Date(now + 3 * 3600_000).toISOString(),
        agenda: [{ title: 'Item', voteMode: 'open', majority: 'present' }],
        // Published and opened at once: an extraordinary sitting (no notice period).
        extraordinary: true,
        extraordinaryReason: 'Benchmark: a sitting held at once',
      },
      clerk.token,
    );
    if (created.status !== 201) throw new Error(`create session: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id;
    for (const [path, who] of [
      ['publish', clerk],
      ['open', chair],
    ]) {
      const r = await api.post(`/api/council/sessions/${id}/${path}`, {}, who.token);
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    }

    // Through the portal: POST /video/join, then connect.
    log(`  ${PARTICIPANTS} portal joins`);
    const portal = await timedJoins(
      PARTICIPANTS,
      async (i) => {
        const r = await api.post(`/api/council/sessions/${id}/video/join`, {}, members[i].token);
        if (r.status !== 200) throw new Error(`video/join: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body.token;
      },
      lk.url,
    );
    rooms.push(...portal.rooms);
    const roomName = portal.rooms[0].name;
    const chairJoin = await api.post(`/api/council/sessions/${id}/video/join`, {}, chair.token);
    const portalCpu = await publisherCpu(lk, chairJoin.body.token, opts.quick ? 3 : 10);
    await Promise.all(portal.rooms.map((r) => r.disconnect()));
    rooms.length = 0;
    await sleep(1_000);

    // Baseline: the same room, tokens minted here (same grants as the portal's listen-only ones).
    log(`  ${PARTICIPANTS} SDK-token joins (baseline)`);
    const mint = async (identity, canPublish) => {
      const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity, name: identity, ttl: 600 });
      at.addGrant({ room: roomName, roomJoin: true, canPublish, canSubscribe: true, canPublishData: true });
      return at.toJwt();
    };
    // The room closed when the last portal participant left; made again as the portal makes it.
    await new RoomServiceClient(`http://127.0.0.1:${lk.port}`, lk.apiKey, lk.apiSecret).createRoom({ name: roomName });
    const sdk = await timedJoins(PARTICIPANTS, (i) => mint(`sdk-${i}`, false), lk.url);
    rooms.push(...sdk.rooms);
    const sdkCpu = await publisherCpu(lk, await mint('sdk-speaker', true), opts.quick ? 3 : 10);

    const row = (figure, q) => ({
      section: JOIN,
      baselineLabel: BASELINE,
      figure,
      unit: 'ms',
      egov: quantile(portal.times, q),
      baseline: quantile(sdk.times, q),
      target: 'beside SDK-minted tokens',
    });
    ctx.add(row('token asked → connected, p50', 0.5));
    ctx.add(row('token asked → connected, p99', 0.99));
    ctx.add({
      section: FANOUT,
      baselineLabel: BASELINE,
      figure: 'LiveKit server CPU (ms per second)',
      unit: 'ms',
      egov: portalCpu,
      baseline: sdkCpu,
      target: 'same as with SDK tokens',
    });
  } finally {
    await Promise.all(rooms.map((r) => r.disconnect().catch(() => undefined)));
    await server.stop();
    await db.drop();
    await lk.close();
  }
}
