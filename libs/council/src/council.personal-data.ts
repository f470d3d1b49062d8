import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PersonalDataService, type ErasureContext, type PersonalDataProvider } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** Every council column that names a person, and so makes them part of the public record. */
const PUBLIC_RECORD = [
  ['council_attendance', 'user_id'],
  ['council_attendance_event', 'user_id'],
  ['council_ballot', 'user_id'],
  ['council_ballot', 'recorded_by'],
  ['council_secret_voter', 'user_id'],
  ['council_election_voter', 'user_id'],
  ['council_election_candidate', 'user_id'],
  ['council_speaker', 'user_id'],
  ['council_conflict', 'user_id'],
  ['council_seat_holder', 'user_id'],
  ['council_body_member', 'user_id'],
  ['council_body', 'chair_id'],
  ['council_session', 'created_by'],
  ['council_session', 'minute_taker_id'],
  ['agenda_material', 'uploaded_by'],
  ['council_minutes_correction', 'user_id'],
  ['council_minutes_correction', 'answered_by'],
  ['council_minutes_signature', 'user_id'],
  ['council_minutes_version', 'published_by'],
  ['council_session_change', 'changed_by'],
  ['council_vote', 'proposer_id'],
  ['council_agenda_item', 'proposed_by'],
] as const;

/**
 * The council's part: mandates, memberships, attendance, open and roll-call ballots, secret
 * votes taken part in (never the choice: it is not linked to anyone), speeches and declared
 * conflicts. The law keeps all of it public under the person's name (ЗМСМА; the council's
 * minutes and decisions), so erasure changes none of it and only tells the directory to keep
 * the name for these records (`app_user.public_name`).
 */
@Injectable()
export class CouncilPersonalData implements PersonalDataProvider, OnModuleInit {
  readonly section = 'council';
  readonly eraseOrder = 10;

  constructor(private readonly registry: PersonalDataService) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(userId: string, em: EntityManager): Promise<unknown> {
    const q = (sql: string): Promise<Record<string, unknown>[]> => em.query(sql, [userId]);
    const [
      seats,
      bodies,
      attendance,
      ballots,
      secretVotes,
      speeches,
      conflicts,
      motions,
      items,
      electionRounds,
      candidacies,
    ] = [
      await q(`SELECT m.name AS mandate, h.seat, h.display_name, to_char(h.held_from, 'YYYY-MM-DD') AS held_from,
                      to_char(h.held_until, 'YYYY-MM-DD') AS held_until, h.end_reason
                 FROM council_seat_holder h JOIN council_mandate m ON m.id = h.mandate_id
                WHERE h.user_id = $1 ORDER BY h.held_from, h.seat`),
      await q(`SELECT b.id, b.name FROM council_body_member bm JOIN council_body b ON b.id = bm.body_id
                WHERE bm.user_id = $1 ORDER BY b.name, b.id`),
      await q(`SELECT a.session_id, s.title, a.present, a.checked_in_at, a.checked_out_at
                 FROM council_attendance a JOIN council_session s ON s.id = a.session_id
                WHERE a.user_id = $1 ORDER BY s.starts_at, s.id`),
      await q(`SELECT b.vote_id, v.item_id, b.choice, b.cast_at FROM council_ballot b
                 JOIN council_vote v ON v.id = b.vote_id WHERE b.user_id = $1 ORDER BY b.cast_at, b.vote_id`),
      await q(`SELECT vote_id FROM council_secret_voter WHERE user_id = $1 ORDER BY vote_id`),
      await q(`SELECT id, session_id, item_id, kind, status, requested_at, granted_at FROM council_speaker
                WHERE user_id = $1 ORDER BY requested_at, id`),
      await q(`SELECT id, session_id, item_id, reason, declared_at FROM council_conflict
                WHERE user_id = $1 ORDER BY declared_at, id`),
      await q(`SELECT id, session_id, item_id, kind, label, text, opened_at FROM council_vote
                WHERE proposer_id = $1 ORDER BY opened_at, id`),
      await q(`SELECT id, session_id, title, state, proposed_at FROM council_agenda_item
                WHERE proposed_by = $1 ORDER BY proposed_at, id`),
      await q(`SELECT election_id FROM council_election_voter WHERE user_id = $1 ORDER BY election_id`),
      await q(`SELECT e.id, e.session_id, e.office, e.round FROM council_election_candidate c
                 JOIN council_election e ON e.id = c.election_id WHERE c.user_id = $1 ORDER BY e.opened_at, e.id`),
    ];
    return {
      seats: seats.map((s) => ({
        mandate: s.mandate,
        seat: s.seat,
        name: s.display_name,
        heldFrom: s.held_from,
        heldUntil: s.held_until,
        endReason: s.end_reason,
      })),
      bodies: bodies.map((b) => ({ id: b.id, name: b.name })),
      attendance: attendance.map((a) => ({
        sessionId: a.session_id,
        sessionTitle: a.title,
        present: a.present,
        checkedInAt: iso(a.checked_in_at as Date | null),
        checkedOutAt: iso(a.checked_out_at as Date | null),
      })),
      ballots: ballots.map((b) => ({
        voteId: b.vote_id,
        itemId: b.item_id,
        choice: b.choice,
        castAt: iso(b.cast_at as Date),
      })),
      // Only that they took part: a secret ballot is never linked to its voter.
      secretVotesTakenPart: secretVotes.map((v) => ({ voteId: v.vote_id })),
      // Elections the same: the rounds voted in (never the choice), and the candidacies.
      electionRoundsTakenPart: electionRounds.map((e) => ({ electionId: e.election_id })),
      candidacies: candidacies.map((c) => ({
        electionId: c.id,
        sessionId: c.session_id,
        office: c.office,
        round: c.round,
      })),
      speeches: speeches.map((s) => ({
        id: s.id,
        sessionId: s.session_id,
        itemId: s.item_id,
        kind: s.kind,
        status: s.status,
        requestedAt: iso(s.requested_at as Date),
        grantedAt: iso(s.granted_at as Date | null),
      })),
      conflicts: conflicts.map((c) => ({
        id: c.id,
        sessionId: c.session_id,
        itemId: c.item_id,
        reason: c.reason,
        declaredAt: iso(c.declared_at as Date),
      })),
      // Amendments, motions and agenda changes put to the vote in their name (issue 15).
      proposals: motions.map((m) => ({
        voteId: m.id,
        sessionId: m.session_id,
        itemId: m.item_id,
        kind: m.kind,
        label: m.label,
        text: m.text,
        openedAt: iso(m.opened_at as Date),
      })),
      itemsProposed: items.map((i) => ({
        id: i.id,
        sessionId: i.session_id,
        title: i.title,
        state: i.state,
        proposedAt: iso(i.proposed_at as Date),
      })),
    };
  }

  async erase(userId: string, em: EntityManager, ctx: ErasureContext): Promise<Record<string, number>> {
    const rows: { n: number }[] = await em.query(
      `SELECT (${PUBLIC_RECORD.map(([t, c]) => `(SELECT count(*) FROM ${t} WHERE ${c} = $1)`).join(' + ')})::int AS n`,
      [userId],
    );
    const n = rows[0]?.n ?? 0;
    if (n > 0) ctx.publicRecords.add(this.section);
    return { publicRecordsKept: n };
  }
}
