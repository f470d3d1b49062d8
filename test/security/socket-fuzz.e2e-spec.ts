import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { expectOk } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { gatewayEvents } from '../support/source-scan.js';

/**
 * Random and hostile payloads to every client→server event on both namespaces (read from the
 * gateways in the source, so a new handler is fuzzed without a new row): the server never
 * crashes, a handled event always answers `{ ok: false, code }` (or ok for a payload that
 * happens to be valid), an unknown event is ignored, and the same socket keeps serving
 * well-formed events afterwards. Sends are paced under the per-socket rate limit; the
 * limit itself and the payload size limit are checked on both namespaces at the end.
 */
const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('__proto__', 'constructor', '\u0000', '<script>', "' OR 1=1 --", 'x'.repeat(8000)),
);
const hostile = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('sessionId', 'status', '__proto__')), tie('value'), {
      maxKeys: 3,
    }),
  ),
})).value;

type Ack = { ok?: unknown; code?: unknown };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The ack for `args`, or 'none' if none comes within `ms`. */
function send(socket: Socket, event: string, args: unknown[], ms = 1500): Promise<Ack | 'none'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('none'), ms);
    socket.emit(event, ...args, (a: Ack) => {
      clearTimeout(timer);
      resolve(a);
    });
  });
}

describe('socket payload fuzzing', () => {
  let app: TestApp;
  let member: SignedIn;
  let sittingId: string;
  const events = gatewayEvents();

  beforeAll(async () => {
    app = await TestApp.start();
    member = await app.login('councillor01');
    const clerk = await app.login('clerk');
    const startsAt = new Date(Date.now() + 11 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const created = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Заседание за проверка на съобщенията',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        agenda: [{ title: 'Точка', voteMode: 'open', majority: 'present' }],
      },
      token: clerk.token,
    });
    expectOk(created, 201);
    sittingId = created.body.id;
    expect((await app.post(`/api/council/sessions/${sittingId}/publish`, {}, { token: clerk.token })).status).toBe(200);
  });
  afterAll(() => app?.close());

  /** A well-formed event each namespace must still answer with ok. */
  const healthy: Record<string, [string, () => unknown]> = {
    '/realtime': ['presence.set', () => ({ status: 'online' })],
    '/public': ['council.watch', () => ({ sessionId: sittingId })],
  };

  it('the gateways are found in the source (both namespaces)', () => {
    expect(events.map((e) => e.namespace)).toEqual(expect.arrayContaining(['/realtime', '/public']));
  });

  for (const namespace of ['/realtime', '/public']) {
    it(`hostile payloads on ${namespace}: coded refusals, unknown events ignored, the socket stays healthy`, async () => {
      const handled = events.filter((e) => e.namespace === namespace).map((e) => e.event);
      const others = events.filter((e) => e.namespace !== namespace).map((e) => e.event);
      const names = [...handled, ...others, 'unknown.event', 'disconnect', 'connect', '__proto__'];
      const sockets = await Promise.all(
        [0, 1, 2].map(() => app.socket(namespace === '/realtime' ? member.token : undefined, namespace)),
      );
      const wrong: string[] = [];
      let turn = 0;
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...names),
            // Under the 16 KiB message limit (going over it closes the socket: tested below).
            fc.array(hostile, { minLength: 0, maxLength: 3 }).filter((a) => (JSON.stringify(a)?.length ?? 0) < 12_000),
            async (event, args) => {
              const socket = sockets[turn++ % sockets.length]!;
              const started = Date.now();
              const shown = `${namespace} ${event} ${JSON.stringify(args)?.slice(0, 100)}`;
              let ack: Ack | 'none' | 'refused';
              let sent = 1;
              if (handled.includes(event)) {
                ack = await send(socket, event, args, 3000);
              } else {
                // Nothing may answer. The marker: a well-formed event sent after it on the same
                // socket; the server reads a socket's events in order, so an answer to this one
                // would come before the marker's.
                let answered: Ack | undefined;
                try {
                  socket.emit(event, ...args, (a: Ack) => (answered = a));
                  const [markerEvent, markerPayload] = healthy[namespace]!;
                  sent = 2;
                  if ((await send(socket, markerEvent, [markerPayload()], 3000)) === 'none')
                    wrong.push(`${shown}: no acknowledgement of the marker ${markerEvent}`);
                  ack = answered ?? 'none';
                } catch {
                  ack = 'refused'; // the client library refuses reserved names itself
                }
              }
              if (handled.includes(event)) {
                if (ack === 'none' || ack === 'refused') wrong.push(`${shown}: no acknowledgement`);
                else if (ack.ok !== true && (ack.ok !== false || typeof ack.code !== 'string'))
                  wrong.push(`${shown}: ack ${JSON.stringify(ack)}`);
              } else if (ack !== 'none' && ack !== 'refused') {
                wrong.push(`${shown}: answered ${JSON.stringify(ack)} on a namespace that does not handle it`);
              }
              if (!socket.connected) wrong.push(`${shown}: the socket was dropped`);
              // Three sockets, at most ~8 events a second each: under the rate limit.
              await sleep(Math.max(0, 40 * sent - (Date.now() - started)));
              return true;
            },
          ),
          { numRuns: 100 },
        );
        for (const socket of sockets) {
          const [event, payload] = healthy[namespace]!;
          const ack = await send(socket, event, [payload()], 5000);
          if (ack === 'none' || ack.ok !== true) wrong.push(`follow-up ${event} -> ${JSON.stringify(ack)}`);
        }
      } finally {
        for (const s of sockets) s.close();
      }
      expect(wrong).toEqual([]);
      expect((await app.get('/api/health')).status).toBe(200);
      expect(app.child.exitCode).toBeNull();
    }, 60_000);

    it(`${namespace}: a message over maxHttpBufferSize closes only that socket; a flood is rate limited`, async () => {
      const token = namespace === '/realtime' ? member.token : undefined;
      const [event, payload] = healthy[namespace]!;
      const big = await app.socket(token, namespace);
      const bystander = await app.socket(token, namespace);
      try {
        const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
        big.emit(event, { sessionId: sittingId, status: 'x'.repeat(20 * 1024) });
        expect(await closed).toBe('transport close');
        const ack = await send(bystander, event, [payload()], 5000);
        expect(ack).toMatchObject({ ok: true });

        const acks = await Promise.all(Array.from({ length: 40 }, () => send(bystander, event, [payload()], 5000)));
        const limited = acks.filter((a) => a !== 'none' && a.code === 'too_many_requests').length;
        // A burst of 20, then 10 a second: most of 40 at once are refused (some refill on a slow machine).
        expect(limited).toBeGreaterThanOrEqual(10);
        expect(acks.filter((a) => a !== 'none' && a.ok === true).length).toBeLessThanOrEqual(30);
        // The bucket refills with time (10 a second): asked again until answered ok, with a deadline.
        await eventually(async () =>
          expect(await send(bystander, event, [payload()], 5000)).toMatchObject({ ok: true }),
        );
      } finally {
        big.close();
        bystander.close();
      }
    });
  }
});
