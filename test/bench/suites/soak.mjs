import { join } from 'node:path';
import pg from 'pg';
import { Worker } from '../lib/fleet.mjs';
import { adoptAgenda } from '../lib/egov.mjs';
import { runWorker } from '../lib/run-worker.mjs';
import { sleep } from '../lib/stats.mjs';
import { bookingSlots } from './bookings.mjs';

const SECTION = 'Soak: sockets reconnecting all the time while people book and vote';
const MB = 1024 * 1024;

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den ? num / den : 0;
}

async function expectOk(what, res, ...ok) {
  if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

/**
 * The soak (issue 9, "load without loss"): for `opts.soakMinutes`, client processes connect
 * and drop sockets all the time (/realtime with tokens, /public watching a council session),
 * the clerk books halls at a steady rate (with a deliberate clash now and then), and the
 * council votes again and again (51 members, two ballots each at once). The server's RSS and
 * heap are sampled every 5 s. At the end, what the clients were told (2xx) is compared with
 * what the database holds: every booking answered 201 is there once, nothing else is; every
 * vote holds one ballot per member who was answered 2xx, with a choice that member sent,
 * and the closing result counts exactly those.
 */
export async function soak(ctx) {
  const { opts, api } = ctx;
  const users = ctx.users;
  const started = Date.now();
  const endAt = started + opts.soakMinutes * 60_000;
  const run = Math.random().toString(36).slice(2, 8);
  const members = () => [users.chair, ...users.councillors];

  // Access tokens live 15 minutes in the bench: sign in again every 10.
  let signedInAt = Date.now();
  const refreshTokens = async () => {
    if (Date.now() - signedInAt < 10 * 60_000) return false;
    const names = ['admin', 'clerk', 'chair', ...users.councillors.map((c) => c.user.username)];
    const fresh = await api.loginAll(names);
    [users.admin, users.clerk, users.chair] = fresh;
    users.councillors = fresh.slice(3);
    signedInAt = Date.now();
    return true;
  };

  // Memory, every 5 s.
  const samples = [];
  const sample = async () => {
    const heap = await api.metric(users.admin.token, 'egov_nodejs_heap_size_used_bytes').catch(() => undefined);
    samples.push({ t: (Date.now() - started) / 1000, rss: ctx.server.rssBytes(), heap });
  };
  await sample();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(5000);
      if (sampling) await sample();
    }
  })();

  // A council session to vote in (and for /public sockets to watch).
  const now = Date.now();
  const newSession = async () => {
    const session = await expectOk(
      'create council session (clerk)',
      await api.post(
        '/api/council/sessions',
        {
          title: `Soak session ${run}`,
          startsAt: new Date(now + 60_000).toISOString(),
          endsAt: new Date(now + 6 * 3600_000).toISOString(),
          agenda: Array.from({ length: 200 }, (_, i) => ({
            title: `Soak item ${i + 1}`,
            voteMode: 'open',
            majority: 'present',
          })),
          // Published and opened at once: an extraordinary sitting (no notice period).
          extraordinary: true,
          extraordinaryReason: 'Soak test: a sitting held at once',
        },
        users.clerk.token,
      ),
      201,
    );
    await expectOk(
      'publish',
      await api.post(`/api/council/sessions/${session.id}/publish`, {}, users.clerk.token),
      200,
      201,
    );
    await expectOk('open', await api.post(`/api/council/sessions/${session.id}/open`, {}, users.chair.token), 200, 201);
    // In the chamber each member checks in with the code the chamber's screen shows (issue 15).
    const shown = await api.get(`/api/council/sessions/${session.id}/check-in-code`, users.clerk.token);
    await expectOk('check-in code', shown, 200);
    const checkIn = await runWorker('http-load.mjs', {
      baseUrl: ctx.server.url,
      token: users.chair.token,
      requests: members().map((m) => ({
        method: 'POST',
        path: `/api/council/sessions/${session.id}/attendance`,
        body: { code: shown.body.code },
        token: m.token,
      })),
      concurrency: 51,
    });
    const ok = (checkIn.statuses[200] ?? 0) + (checkIn.statuses[201] ?? 0);
    if (ok !== members().length) throw new Error(`attendance: ${JSON.stringify(checkIn.statuses)}`);
    // The sitting's first vote adopts its agenda (issue 15).
    await adoptAgenda(
      api,
      session.id,
      users,
      members().map((m) => m.user.id),
    );
    return { id: session.id, items: session.items.map((i) => i.id), next: 0 };
  };
  let session = await newSession();

  // Sockets that never sit still.
  const tokens = () => [users.chair, ...users.councillors, users.clerk].map((u) => u.token);
  const churners = Array.from({ length: opts.clientProcesses }, (_, i) => {
    const w = new Worker('churn.mjs', `churn ${i + 1}`);
    w.localAddress = `127.0.0.${i + 2}`;
    return w;
  });
  const lanesPer = Math.max(1, Math.round(opts.soakSockets / churners.length));
  await Promise.all(
    churners.map((w) =>
      w.call('start', {
        url: ctx.server.url,
        tokens: tokens(),
        sessionId: session.id,
        lanes: lanesPer,
        minLifeMs: 500,
        maxLifeMs: 5000,
        localAddress: w.localAddress,
      }),
    ),
  );

  // Bookings at a steady rate; every 25th repeats an earlier slot (must be refused).
  const halls = await api.get('/api/halls', users.clerk.token);
  const hallIds = halls.body.map((h) => h.id);
  const wanted = Math.ceil(opts.soakBookingRate * opts.soakMinutes * 60 * 1.1) + 50;
  const { slots } = bookingSlots(wanted, hallIds);
  const booked = []; // { title, status, id }
  let slotNext = 0;
  let sent = 0;
  const bookingLane = async () => {
    while (Date.now() < endAt && slotNext < slots.length) {
      const due = started + (sent / opts.soakBookingRate) * 1000;
      if (Date.now() < due) await sleep(due - Date.now());
      const n = sent++;
      const clash = n % 25 === 24 && slotNext > 0;
      const slot = clash ? slots[Math.floor(Math.random() * slotNext)] : slots[slotNext++];
      const title = `Soak ${run} ${n}${clash ? ' clash' : ''}`;
      let res;
      try {
        res = await api.post(
          `/api/halls/${slot.hallId}/bookings`,
          { title, startsAt: slot.startsAt, endsAt: slot.endsAt, inviteeIds: [users.meetingsUser.user.id] },
          users.clerk.token,
        );
      } catch (err) {
        res = { status: `error ${err?.cause?.code ?? err?.name ?? err}`, body: {} };
      }
      booked.push({ title, status: res.status, id: res.body?.id, clash });
    }
  };

  // Votes, one after another: activate an item, open, 102 ballots at once, close.
  const votes = []; // { id, sent: Map(userId -> Set(choice)), answers, result }
  const voteCycle = async () => {
    if (session.next >= session.items.length) {
      await api.post(`/api/council/sessions/${session.id}/close`, {}, users.chair.token);
      session = await newSession();
      await Promise.all(churners.map((w) => w.call('session', { sessionId: session.id })));
    }
    const itemId = session.items[session.next++];
    await expectOk(
      'activate',
      await api.post(`/api/council/sessions/${session.id}/items/${itemId}/activate`, {}, users.chair.token),
      200,
      201,
    );
    const vote = await expectOk(
      'open vote',
      await api.post(`/api/council/sessions/${session.id}/votes`, { itemId }, users.chair.token),
      200,
      201,
    );
    const ballots = members().flatMap((m) =>
      ['for', 'against'].map((choice) => ({ userId: m.user.id, token: m.token, choice })),
    );
    const sentOk = new Map();
    const answers = {};
    await Promise.all(
      ballots.map(async (b) => {
        let status;
        try {
          status = (await api.post(`/api/council/votes/${vote.id}/ballots`, { choice: b.choice }, b.token)).status;
        } catch (err) {
          status = `error ${err?.cause?.code ?? err?.name ?? err}`;
        }
        answers[status] = (answers[status] ?? 0) + 1;
        if (typeof status === 'number' && status >= 200 && status < 300) {
          if (!sentOk.has(b.userId)) sentOk.set(b.userId, new Set());
          sentOk.get(b.userId).add(b.choice);
        }
      }),
    );
    const closed = await expectOk(
      'close vote',
      await api.post(`/api/council/votes/${vote.id}/close`, {}, users.chair.token),
      200,
      201,
    );
    const counts = closed.result?.counts ?? closed.counts ?? {};
    votes.push({
      id: vote.id,
      sentOk,
      answers,
      counted: (counts.for ?? 0) + (counts.against ?? 0) + (counts.abstain ?? 0),
    });
  };
  const votingLoop = async () => {
    while (Date.now() < endAt) {
      await voteCycle();
      await sleep(opts.soakVotePauseMs);
    }
  };
  const tokenLoop = async () => {
    while (Date.now() < endAt) {
      await sleep(Math.min(30_000, Math.max(0, endAt - Date.now())));
      if (await refreshTokens()) await Promise.all(churners.map((w) => w.call('tokens', { tokens: tokens() })));
    }
  };
  const progress = (async () => {
    while (Date.now() < endAt) {
      await sleep(Math.min(60_000, Math.max(0, endAt - Date.now())));
      const last = samples.at(-1);
      ctx.log(
        `  soak ${((Date.now() - started) / 60_000).toFixed(1)} min: ${booked.length} bookings, ${votes.length} votes, RSS ${Math.round(last.rss / MB)} MB, heap ${last.heap ? Math.round(last.heap / MB) : '?'} MB`,
      );
    }
  })();

  let churn;
  try {
    await Promise.all([...Array.from({ length: 4 }, bookingLane), votingLoop(), tokenLoop(), progress]);
  } finally {
    churn = await Promise.all(
      churners.map((w) => w.call('stop', {}, { timeoutMs: 60_000 }).catch((e) => ({ error: String(e) }))),
    );
    for (const w of churners) w.child.kill();
    sampling = false;
    await sampler;
  }
  await sample();

  // ---- memory ----
  const minutes = (Date.now() - started) / 60_000;
  const secondHalf = samples.filter((s) => s.t >= samples.at(-1).t / 2);
  const rssSlope = slope(secondHalf.map((s) => ({ x: s.t / 60, y: s.rss / MB })));
  const heapPoints = secondHalf.filter((s) => s.heap !== undefined).map((s) => ({ x: s.t / 60, y: s.heap / MB }));
  const heapSlope = slope(heapPoints);
  const halfMinutes = (secondHalf.at(-1).t - secondHalf[0].t) / 60;
  const meanRss = secondHalf.reduce((a, s) => a + s.rss, 0) / secondHalf.length / MB;
  const rssRise = rssSlope * halfMinutes;
  // A leak shows as a rise; a fall (caches trimmed, heap compacted) is not one.
  const flat = rssRise <= Math.max(0.05 * meanRss, 10);
  const timeline = samples
    .filter((s, i) => i === 0 || i === samples.length - 1 || Math.floor(s.t / 60) !== Math.floor(samples[i - 1].t / 60))
    .map((s) => `${(s.t / 60).toFixed(1)} min ${Math.round(s.rss / MB)}/${s.heap ? Math.round(s.heap / MB) : '?'}`)
    .join(', ');
  const connects = churn.reduce((a, c) => a + (c.connects ?? 0), 0);
  const connectErrors = churn.reduce((a, c) => a + Object.values(c.connectErrors ?? {}).reduce((x, y) => x + y, 0), 0);
  const drops = churn.reduce((a, c) => a + Object.values(c.serverDrops ?? {}).reduce((x, y) => x + y, 0), 0);
  ctx.add({
    section: SECTION,
    figure: `duration; sockets connected and closed (${churners.length} processes × ${lanesPer} lanes, each socket 0.5–5 s)`,
    egov: `${minutes.toFixed(1)} min; ${connects.toLocaleString('en-US')} connects (${Math.round(connects / (minutes * 60))}/s)`,
    target: 'no connect errors, no server drops',
    verdict: connectErrors || drops ? `MISSED: ${connectErrors} connect errors, ${drops} dropped by the server` : 'met',
    note:
      connectErrors || drops
        ? JSON.stringify(churn.map((c) => [c.connectErrors, c.serverDrops])).slice(0, 300)
        : undefined,
  });
  ctx.add({
    section: SECTION,
    figure: 'server RSS over the second half: slope',
    unit: 'MB/min',
    egov: rssSlope,
    target: 'flat (no rise over the second half above 5 % of RSS or 10 MB)',
    verdict: flat
      ? `met (${rssRise >= 0 ? '+' : ''}${rssRise.toFixed(1)} MB over ${halfMinutes.toFixed(1)} min, RSS ≈ ${Math.round(meanRss)} MB)`
      : `MISSED: ${rssRise.toFixed(1)} MB over ${halfMinutes.toFixed(1)} min`,
  });
  ctx.add({
    section: SECTION,
    figure: 'V8 heap in use over the second half: slope',
    unit: 'MB/min',
    egov: heapSlope,
    note: `RSS/heap MB by minute: ${timeline}`,
  });

  // ---- what the database holds ----
  const titles = `Soak ${run} %`;
  let meetingRows;
  let ballotRows;
  const voteIds = votes.map((v) => v.id);
  const read = async (query) => {
    const m = await query(`SELECT id, title FROM meeting WHERE title LIKE $1`, [titles]);
    const b = await query(`SELECT vote_id, user_id, choice FROM council_ballot WHERE vote_id = ANY($1::uuid[])`, [
      voteIds,
    ]);
    meetingRows = m;
    ballotRows = b;
  };
  if (ctx.db === 'pg') {
    const client = new pg.Client({ connectionString: ctx.dbHandle.env.DATABASE_URL });
    await client.connect();
    try {
      await read(async (sql, params) => (await client.query(sql, params)).rows);
    } finally {
      await client.end();
    }
  } else {
    // PGlite belongs to the server process: stop it, then open its data folder here.
    await ctx.server.stop();
    const [{ PGlite }, { btree_gist }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/btree_gist'),
    ]);
    const db = new PGlite(join(ctx.dbHandle.env.DATA_DIR, 'pglite'), { extensions: { btree_gist } });
    try {
      await read(async (sql, params) => (await db.query(sql, params)).rows);
    } finally {
      await db.close();
    }
  }

  // Bookings: every 201 is there exactly once; nothing that was refused is.
  const created = booked.filter((b) => b.status === 201);
  const unknown = booked.filter((b) => typeof b.status !== 'number' || b.status >= 500);
  const inDb = new Map();
  for (const r of meetingRows) inDb.set(r.title, (inDb.get(r.title) ?? 0) + 1);
  const lost = created.filter((b) => !inDb.has(b.title)).length;
  const duplicated = [...inDb.values()].filter((n) => n > 1).length;
  const answeredTitles = new Set(created.map((b) => b.title));
  const unknownTitles = new Set(unknown.map((b) => b.title));
  const phantom = [...inDb.keys()].filter((t) => !answeredTitles.has(t) && !unknownTitles.has(t)).length;
  const clashes = booked.filter((b) => b.clash);
  const statusCounts = {};
  for (const b of booked) statusCounts[b.status] = (statusCounts[b.status] ?? 0) + 1;
  ctx.add({
    section: SECTION,
    figure: `bookings: sent / answered (every 25th a deliberate clash)`,
    egov: `${booked.length} sent (${(booked.length / (minutes * 60)).toFixed(1)}/s); ${Object.entries(statusCounts)
      .map(([s, n]) => `${n}×${s}`)
      .join(', ')}`,
    target: `201 for new slots, 409 for the ${clashes.length} clashes`,
    verdict:
      created.length + clashes.filter((b) => b.status === 409).length === booked.length
        ? 'met'
        : `MISSED: ${booked.length - created.length - clashes.filter((b) => b.status === 409).length} other answers`,
  });
  ctx.add({
    section: SECTION,
    figure: 'bookings: answered 201 vs in the database',
    egov: `${created.length} answered 201, ${meetingRows.length} rows`,
    target: '0 lost, 0 duplicated, 0 not answered 201',
    verdict:
      !lost && !duplicated && !phantom
        ? 'met'
        : `MISSED: ${lost} lost, ${duplicated} duplicated, ${phantom} in the database without a 201`,
    note: unknown.length ? `${unknown.length} requests without an answer (may or may not be there)` : undefined,
  });

  // Votes: per vote, the ballots are those of the members answered 2xx, once each.
  let voteProblems = 0;
  const problems = [];
  const byVote = new Map();
  for (const r of ballotRows) {
    if (!byVote.has(r.vote_id)) byVote.set(r.vote_id, []);
    byVote.get(r.vote_id).push(r);
  }
  let ballotsOk = 0;
  for (const v of votes) {
    const rows = byVote.get(v.id) ?? [];
    const users = new Set(rows.map((r) => r.user_id));
    const okUsers = [...v.sentOk.keys()];
    const missing = okUsers.filter((u) => !users.has(u)).length;
    const extra = rows.filter((r) => !v.sentOk.has(r.user_id)).length;
    const dup = rows.length - users.size;
    const wrong = rows.filter((r) => v.sentOk.has(r.user_id) && !v.sentOk.get(r.user_id).has(r.choice)).length;
    const miscount = v.counted !== rows.length;
    if (missing || extra || dup || wrong || miscount) {
      voteProblems++;
      problems.push({ vote: v.id, missing, extra, dup, wrong, counted: v.counted, rows: rows.length });
    }
    ballotsOk += rows.length;
  }
  const answers = {};
  for (const v of votes) for (const [s, n] of Object.entries(v.answers)) answers[s] = (answers[s] ?? 0) + n;
  ctx.add({
    section: SECTION,
    figure: 'votes: 51 members × 2 ballots at once, then close',
    egov: `${votes.length} votes; ballots answered ${Object.entries(answers)
      .map(([s, n]) => `${n}×${s}`)
      .join(', ')}; ${ballotsOk} ballots in the database`,
    target: 'per vote: one ballot per member answered 2xx, with a choice they sent; result counts exactly those',
    verdict: votes.length && !voteProblems ? 'met' : `MISSED in ${voteProblems} of ${votes.length} votes`,
    note: problems.length ? JSON.stringify(problems.slice(0, 3)) : undefined,
  });
}
