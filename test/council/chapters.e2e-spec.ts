import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { BACKFILL_ITEM_TAKEN } from '../../apps/server/src/migrations/1795000340000-CouncilItemTaken.js';
import { vttTime } from '../../libs/council/src/chapters-vtt.js';
import type { AgendaItemView, CouncilSessionView } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { withConnection } from '../support/fingerprint.js';
import { FakeLiveKit, type FakeEgress } from '../support/livekit-server.js';
import { openSittingWith } from '../support/council.js';

/**
 * When each agenda item was taken up, and the recording's chapters (issue 16, part 2): the
 * opening (its first item) and each activation store the time in their own transaction (every
 * time; pressing the current item again is no new taking); the member's and the public view carry `takenUpAt`; a complete recording's
 * chapters are served as WebVTT with each taking's offset from the recording's start; a draft,
 * an unknown or an unfinished recording are 404. The migration's backfill from the audit log
 * rebuilds exactly what the activations wrote.
 */
describe('agenda items taken up, and the recording’s chapters', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let sitting: CouncilSessionView;
  let late: FakeEgress;
  const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);
  const memberView = () =>
    ok(app.api.get('/api/council/sessions/:id', { params: { id: sitting.id }, token: clerk.token }), 'sitting');
  const publicView = () =>
    ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sitting.id } }), 'public');
  // WebVTT: an untyped call.
  const vtt = (sittingId: string, recordingId: string) =>
    app.get(`/api/public/council/sessions/${sittingId}/recordings/${recordingId}/chapters.vtt`);
  const hook = async (event: Record<string, unknown>) => {
    const signed = await lk.signWebhook(event);
    const res = await app.request('POST', '/api/livekit/webhook', undefined, {
      raw: signed.body,
      headers: { 'content-type': 'application/webhook+json', authorization: signed.authorization },
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    app = await TestApp.start({ env: lk.env });
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    sitting = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Заседание с глави',
        startsAt: new Date(Date.now() + 2 * 86_400_000),
        agenda: [
          { title: 'Бюджет за 2027 г.', voteMode: 'open', majority: 'present' },
          { title: 'Отчет <за> дейността & още', voteMode: 'open', majority: 'present' },
          { title: 'Разни', voteMode: 'open', majority: 'present' },
        ],
      },
    );
    // A second recording LiveKit reports as started 100 s ago (its start answer was lost): it
    // is kept from the webhook with LiveKit's start time, so its chapters lie 100 s in.
    late = {
      egressId: `EG_${randomBytes(6).toString('hex')}`,
      roomName: `council-${sitting.id}`,
      status: 'EGRESS_ACTIVE',
      startedAt: ns(Date.now() - 100_000),
      request: {},
    };
    lk.egresses.set(late.egressId, late);
    await hook(FakeLiveKit.egressEvent('egress_started', late));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await lk?.close();
  });

  it('each activation is stored with its time, every time; pressing the current item again is none', async () => {
    const [first, second] = sitting.items.map((i) => i.id) as [string, string];
    const activate = (itemId: string) =>
      app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
        params: { id: sitting.id, itemId },
        body: {},
        token: chair.token,
      });
    for (const id of [first, second, second, first]) expectOk(await activate(id), 200);
    const member = await memberView();
    const pub = await publicView();
    const taken = (v: CouncilSessionView) => v.items.map((i) => i.takenUpAt.length);
    expect(taken(member)).toEqual([2, 1, 0]);
    expect(pub.items.map((i) => i.takenUpAt)).toEqual(member.items.map((i) => i.takenUpAt));
    // The sitting opened on its first item: taken up then (pressing it again after is no new taking).
    expect(Math.abs(Date.parse(member.items[0]!.takenUpAt[0]!) - Date.parse(member.openedAt!))).toBeLessThan(5000);
    const [a1, a2] = member.items[0]!.takenUpAt.map(Date.parse);
    const [b1] = member.items[1]!.takenUpAt.map(Date.parse);
    expect(a1).toBeLessThan(b1!);
    expect(b1).toBeLessThan(a2!);
    // A refused activation (an unknown item) stores nothing.
    expectError(await activate('00000000-0000-4000-8000-000000000000'), 404);
    expect(taken(await memberView())).toEqual([2, 1, 0]);
  });

  it('an unfinished recording has no chapters yet (404)', async () => {
    const pub = await publicView();
    expect(pub.recordings).toHaveLength(2);
    for (const r of pub.recordings!) {
      expect(r.status).toBe('recording');
      expect((await vtt(sitting.id, r.id)).status).toBe(404);
    }
  });

  it('a complete recording’s chapters are WebVTT cues at each taking’s offset from its start', async () => {
    expectOk(
      await app.api.post('/api/council/sessions/:id/close', {
        params: { id: sitting.id },
        body: {},
        token: chair.token,
      }),
      200,
    );
    for (const e of lk.egresses.values()) {
      e.status = 'EGRESS_COMPLETE';
      e.endedAt = ns(Date.now() + 1000);
      await hook(
        FakeLiveKit.egressEvent('egress_ended', e, { location: `https://media.example.org/${e.egressId}.mp4` }),
      );
    }
    const pub = await publicView();
    const recordings = pub.recordings!;
    const takings = pub.items
      .flatMap((i: AgendaItemView) => i.takenUpAt.map((at) => ({ i, at: Date.parse(at) })))
      .sort((x, y) => x.at - y.at);
    expect(takings).toHaveLength(3);
    expect(recordings.map((r) => r.status)).toEqual(['complete', 'complete']);
    for (const r of recordings) {
      const res = await vtt(sitting.id, r.id);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/vtt/);
      const text = res.body as string;
      expect(text.startsWith('WEBVTT\n')).toBe(true);
      const start = Date.parse(r.startedAt);
      const cues = [...text.matchAll(/^(\d+)\n(\S+) --> (\S+)\n(.+)$/gm)].map((m) => ({
        start: m[2],
        end: m[3],
        text: m[4],
      }));
      expect(cues.map((c) => c.start)).toEqual(takings.map((t) => vttTime((t.at - start) / 1000)));
      expect(cues.map((c) => c.text)).toEqual(
        takings.map(
          (t) => `т. ${t.i.position}. ${t.i.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`,
        ),
      );
      // Each cue runs to the next; the last to the recording's end.
      expect(cues.slice(0, -1).map((c) => c.end)).toEqual(cues.slice(1).map((c) => c.start));
      expect(cues.at(-1)!.end).toBe(vttTime((Date.parse(r.endedAt!) - start) / 1000));
    }
    // The late-reported recording started 100 s before the first taking.
    const lateView = recordings.find((r) => Date.parse(r.startedAt) < Date.parse(pub.openedAt!))!;
    const lateVtt = (await vtt(sitting.id, lateView.id)).body as string;
    expect(lateVtt).toMatch(/\n00:01:4\d\.\d{3} --> /);
  });

  it('no chapters for a draft, an unknown recording, or another sitting’s recording; 400 for a bad id', async () => {
    const pub = await publicView();
    const recordingId = pub.recordings![0]!.id;
    const draft = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Чернова',
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 30 * 86_400_000 + 3_600_000).toISOString(),
        agenda: [{ title: 'Точка', voteMode: 'open', majority: 'present' }],
      },
      token: clerk.token,
    });
    expectOk(draft, 201);
    expect((await vtt(draft.body.id, recordingId)).status).toBe(404);
    expect((await vtt(sitting.id, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await vtt('00000000-0000-4000-8000-000000000000', recordingId)).status).toBe(404);
    const bad = await vtt(sitting.id, 'nope');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('recordingId');
  });

  it('the migration’s backfill from the audit log rebuilds exactly what the activations stored', async () => {
    await app.close({ keepDatabase: true });
    const select = `SELECT session_id::text, sequence, item_id::text, taken_at FROM council_item_taken
                     WHERE session_id = '${sitting.id}' ORDER BY sequence`;
    await withConnection(app.db, async (db) => {
      const stored = (await db.query(select)).rows;
      expect(stored.map((r) => r.sequence)).toEqual([1, 2, 3]);
      // The opening, and four activations (two of them of the item already current) are in the audit log.
      const audit = await db.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'council.item.activated' AND target_id = '${sitting.id}'`,
      );
      expect(audit.rows[0]!.n).toBe(4);
      await db.query(`DELETE FROM council_item_taken WHERE session_id = '${sitting.id}'`);
      await db.query(BACKFILL_ITEM_TAKEN);
      expect((await db.query(select)).rows).toEqual(stored);
      // Again: a sitting that has its rows is left as it is.
      await db.query(BACKFILL_ITEM_TAKEN);
      expect((await db.query(select)).rows).toEqual(stored);
    });
    await app.db.drop();
  });
});
