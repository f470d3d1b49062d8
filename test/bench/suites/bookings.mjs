import { DateTime } from 'luxon';
import { runWorker } from '../lib/run-worker.mjs';

const ZONE = 'Europe/Sofia';
const ROUTE = 'POST /api/halls/{id}/bookings';

/**
 * Consecutive 30-minute slots inside the halls' default bookable hours
 * (Monday–Friday 08:00–20:00, Europe/Sofia), from the day after tomorrow on, across halls.
 */
export function bookingSlots(count, hallIds, fromDays = 2) {
  const slots = [];
  let day = DateTime.now().setZone(ZONE).plus({ days: fromDays }).startOf('day');
  while (slots.length < count) {
    if (day.weekday <= 5) {
      for (let m = 8 * 60; m < 20 * 60 && slots.length < count; m += 30) {
        for (const hallId of hallIds) {
          if (slots.length >= count) break;
          const start = day.plus({ minutes: m });
          slots.push({ hallId, startsAt: start.toUTC().toISO(), endsAt: start.plus({ minutes: 30 }).toUTC().toISO() });
        }
      }
    }
    day = day.plus({ days: 1 });
  }
  return { slots, nextFreeDay: day };
}

/**
 * Booking inserts without conflicts (these also give the meetings user `meetingsUser` 1,000
 * invitations for the upcoming-meetings benchmark), then the storm: 200 parallel bookings
 * of one hall that all overlap one another.
 */
export async function bookings(ctx) {
  const { opts, api, users } = ctx;
  const section = 'Bookings';
  if (!ctx.routes.has(ROUTE)) {
    ctx.add({
      section,
      figure: 'booking inserts (no conflicts)',
      pending: 'POST /api/halls/:id/bookings not in the OpenAPI yet',
    });
    ctx.add({
      section,
      figure: '200 parallel overlapping bookings',
      pending: 'POST /api/halls/:id/bookings not in the OpenAPI yet',
    });
    return;
  }
  const clerk = users.clerk;
  const halls = await api.get('/api/halls', clerk.token);
  if (halls.status !== 200 || !halls.body.length) throw new Error(`GET /api/halls: ${halls.status}`);
  const hallIds = halls.body.map((h) => h.id);
  const { slots, nextFreeDay } = bookingSlots(opts.meetings, hallIds);
  const requests = slots.map((s, i) => ({
    method: 'POST',
    path: `/api/halls/${s.hallId}/bookings`,
    body: {
      title: `Bench meeting ${i + 1}`,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      inviteeIds: [users.meetingsUser.user.id],
    },
  }));
  const cpu0 = ctx.server.cpuMs();
  const inserts = await runWorker('http-load.mjs', {
    baseUrl: ctx.server.url,
    token: clerk.token,
    requests,
    concurrency: opts.bookingConcurrency,
  });
  const created = inserts.statuses[201] ?? 0;
  const rate = created / (inserts.ms / 1000);
  const cpuPerBooking = (ctx.server.cpuMs() - cpu0) / requests.length;
  ctx.meetingsCreated = created;
  ctx.add({
    section,
    figure: `booking inserts (no conflicts): ${requests.length} bookings, ${opts.bookingConcurrency} in flight`,
    unit: '/s',
    egov: rate,
    target: '≥ 500/s',
    verdict:
      created !== requests.length
        ? `${requests.length - created} not created`
        : rate >= 500
          ? 'met'
          : `missed (${Math.round((rate / 500) * 100)}% of target)`,
    note: created !== requests.length ? JSON.stringify(inserts.errors).slice(0, 300) : undefined,
  });

  ctx.add({
    section,
    figure: 'server CPU per booking (the database server not included)',
    unit: 'ms',
    egov: cpuPerBooking,
    note: `at most ${Math.round(1000 / cpuPerBooking)}/s per core from the server process alone`,
  });

  // The storm: every request overlaps every other (they all cover base+29min .. base+60min).
  let day = nextFreeDay.plus({ days: 7 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const base = day.plus({ hours: 10 });
  const storm = Array.from({ length: opts.stormSize }, (_, i) => {
    const start = base.plus({ minutes: i % 30 });
    return {
      method: 'POST',
      path: `/api/halls/${hallIds[0]}/bookings`,
      body: {
        title: `Storm ${i + 1}`,
        startsAt: start.toUTC().toISO(),
        endsAt: start.plus({ minutes: 60 }).toUTC().toISO(),
      },
    };
  });
  const r = await runWorker('http-load.mjs', {
    baseUrl: ctx.server.url,
    token: clerk.token,
    requests: storm,
    concurrency: storm.length,
  });
  const ok = r.statuses[201] ?? 0;
  const conflicts = r.statuses[409] ?? 0;
  const errors = storm.length - ok - conflicts;
  const expected = `1 / ${storm.length - 1} / 0`;
  const outcome = `${ok} / ${conflicts} / ${errors}`;
  ctx.add({
    section,
    figure: `${storm.length} parallel overlapping bookings: created / 409 / other`,
    egov: outcome,
    target: expected,
    verdict: outcome === expected ? `met (all answered in ${Math.round(r.ms)} ms)` : 'MISSED',
    note: errors ? JSON.stringify(r.errors).slice(0, 300) : undefined,
  });
}
