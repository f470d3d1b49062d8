import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MeetingKind, MeetingStatus, ParticipantResponse, ParticipantRole } from '@egov-box/contracts';
import { EntityColumns } from '@egov-box/platform';
import { Space } from '@egov-box/directory';
import { DataSource, type EntityManager } from 'typeorm';
import { MeetingParticipant } from './entities/meeting-participant.entity.js';
import { Meeting } from './entities/meeting.entity.js';

export interface MeetingRow {
  id: string;
  spaceId: string;
  kind: MeetingKind;
  title: string;
  description: string | null;
  organizerId: string;
  startsAt: Date;
  endsAt: Date;
  status: MeetingStatus;
  seriesId: string | null;
  recurrenceRule: string | null;
  icalUid: string;
}

export interface ParticipantRow {
  meetingId: string;
  userId: string;
  role: ParticipantRole;
  response: ParticipantResponse;
  /** The response was given now (its time is recorded), not assumed by default. */
  responded?: boolean;
}

export interface ConflictRow {
  id: string;
  title: string;
  status: MeetingStatus;
  startsAt: Date;
  endsAt: Date;
}

export interface UpcomingRow {
  id: string;
  kind: MeetingKind;
  title: string;
  status: MeetingStatus;
  starts_at: Date;
  ends_at: Date;
  organizer_id: string;
  series_id: string | null;
  role: ParticipantRole;
  response: ParticipantResponse;
  space_id: string;
  space_kind: string;
  space_name: string;
  space_location: string | null;
  total: string | number;
}

export interface ReminderRow {
  id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  space_id: string;
  space_kind: string;
  space_name: string;
  space_location: string | null;
  user_ids: string[];
}

export interface EndedMeetingRow {
  id: string;
  livekit_room: string;
  owner_id: string | null;
  user_ids: string[] | string;
  staying: string[] | string;
}

const CHUNK = 1000;

/** The only code that reads and writes meetings, participants and calendar feeds. */
@Injectable()
export class MeetingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Is the user the organizer or a (not declining) participant of a meeting in the space now? */
  async invitedNow(spaceId: string, userId: string, earlyMinutes: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM meeting m
       WHERE m.space_id = $1 AND m.status <> 'cancelled'
         AND now() >= m.starts_at - make_interval(mins => $3) AND now() < m.ends_at
         AND (m.organizer_id = $2 OR EXISTS (
               SELECT 1 FROM meeting_participant p
               WHERE p.meeting_id = m.id AND p.user_id = $2 AND p.response <> 'declined'))
       LIMIT 1`,
      [spaceId, userId, earlyMinutes],
    );
    return rows.length > 0;
  }

  /**
   * Takes a transaction's locks in one round trip and in the one order every writer of
   * meetings keeps: people first (sorted), then spaces (sorted). Two transactions therefore
   * never wait on each other in a circle. All are held until the transaction ends.
   *
   * - A person (`egov:person:<id>`): whoever checks a person's meetings (one-on-one
   *   acceptance) takes it exclusively; whoever only adds attendance without looking (a
   *   booking, an RSVP) may take it `sharedPeople`, then such adders do not wait on one
   *   another, only on (and for) an exclusive holder.
   * - A space (`egov:space:<id>`, always exclusive): one writer of a space's times at a
   *   time. Without it two overlapping inserts can each see the other's uncommitted row in
   *   the exclusion constraint and wait for each other; PostgreSQL breaks such a deadlock only
   *   after `deadlock_timeout` (1 s), one pair at a time, and a burst of bookings of one hall
   *   then queued for seconds (503s once the pool's 5 s wait ran out). Under this lock the
   *   second insert finds the first one committed and is refused at once; it also keeps a
   *   hall's buffer check true until the commit.
   */
  async lock(
    em: EntityManager,
    wanted: { people?: string[]; sharedPeople?: boolean; spaces?: string[] },
  ): Promise<void> {
    const people = [...new Set(wanted.people ?? [])].sort().map((id) => `egov:person:${id}`);
    const spaces = [...new Set(wanted.spaces ?? [])].sort().map((id) => `egov:space:${id}`);
    const keys = [...people, ...spaces];
    if (!keys.length) return;
    const exclusive = [...people.map(() => !wanted.sharedPeople), ...spaces.map(() => true)];
    // The locks are taken one after another in the listed order.
    await em.query(
      `SELECT CASE WHEN k.exclusive THEN pg_advisory_xact_lock(hashtextextended(k.key, 0))
                   ELSE pg_advisory_xact_lock_shared(hashtextextended(k.key, 0)) END
       FROM unnest($1::text[], $2::boolean[]) WITH ORDINALITY AS k(key, exclusive, n) ORDER BY k.n`,
      [keys, exclusive],
    );
  }

  /** People's locks alone (see `lock`). */
  lockPeople(userIds: string[], em: EntityManager, shared = false): Promise<void> {
    return this.lock(em, { people: userIds, sharedPeople: shared });
  }

  /** Invites people to an existing meeting (those already in it are left as they are). */
  async addInvitees(meetingId: string, userIds: string[], em: EntityManager): Promise<number> {
    if (!userIds.length) return 0;
    const rows: unknown[] = await em.query(
      `INSERT INTO meeting_participant (meeting_id, user_id, role, response)
       SELECT $1, u, 'invitee', 'needs_action' FROM unnest($2::uuid[]) AS u
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [meetingId, [...new Set(userIds)]],
    );
    return rows.length;
  }

  /**
   * Inserts meetings and their participants: one statement each, whatever the number of
   * rows (arrays unnested by the database). The participants' copies of the meetings'
   * times are filled in by a trigger.
   */
  async insert(meetings: MeetingRow[], participants: ParticipantRow[], em: EntityManager): Promise<void> {
    for (let i = 0; i < meetings.length; i += CHUNK) {
      const chunk = meetings.slice(i, i + CHUNK);
      const col = <K extends keyof MeetingRow>(k: K) => chunk.map((m) => m[k]);
      await em.query(
        `INSERT INTO meeting (id, space_id, kind, title, description, organizer_id, starts_at, ends_at, status,
                              series_id, recurrence_rule, ical_uid)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[],
                              $7::timestamptz[], $8::timestamptz[], $9::text[], $10::uuid[], $11::text[], $12::text[])`,
        [
          col('id'),
          col('spaceId'),
          col('kind'),
          col('title'),
          col('description'),
          col('organizerId'),
          chunk.map((m) => m.startsAt.toISOString()),
          chunk.map((m) => m.endsAt.toISOString()),
          col('status'),
          col('seriesId'),
          col('recurrenceRule'),
          col('icalUid'),
        ],
      );
    }
    for (let i = 0; i < participants.length; i += CHUNK) {
      const chunk = participants.slice(i, i + CHUNK);
      await em.query(
        `INSERT INTO meeting_participant (meeting_id, user_id, role, response, responded_at)
         SELECT m, u, r, a, CASE WHEN n THEN now() END
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[]) AS p(m, u, r, a, n)`,
        [
          chunk.map((p) => p.meetingId),
          chunk.map((p) => p.userId),
          chunk.map((p) => p.role),
          chunk.map((p) => p.response),
          chunk.map((p) => p.responded ?? false),
        ],
      );
    }
  }

  /**
   * Non-cancelled meetings of a space overlapping any of the ranges (widened by
   * `bufferMinutes` each side), except `excludeIds`. One query for any number of ranges.
   */
  async conflicts(
    spaceId: string,
    ranges: { startsAt: Date; endsAt: Date }[],
    excludeIds: string[] = [],
    bufferMinutes = 0,
    em: EntityManager = this.db.manager,
  ): Promise<ConflictRow[]> {
    if (!ranges.length) return [];
    const rows: { id: string; title: string; status: MeetingStatus; starts_at: Date; ends_at: Date }[] = await em.query(
      `SELECT m.id, m.title, m.status, m.starts_at, m.ends_at
         FROM meeting m
         WHERE m.space_id = $1 AND m.status <> 'cancelled' AND NOT (m.id = ANY($4::uuid[]))
           AND EXISTS (
             SELECT 1 FROM unnest($2::timestamptz[], $3::timestamptz[]) AS r(s, e)
             WHERE tstzrange(m.starts_at, m.ends_at, '[)')
                && tstzrange(r.s - make_interval(mins => $5), r.e + make_interval(mins => $5), '[)'))
         ORDER BY m.starts_at, m.id`,
      [
        spaceId,
        ranges.map((r) => r.startsAt.toISOString()),
        ranges.map((r) => r.endsAt.toISOString()),
        excludeIds,
        bufferMinutes,
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
    }));
  }

  /** Meetings (alias `m`) with their spaces (`s`), and participants (`p`), hydrated as TypeORM would. */
  private readonly meetingColumns = new EntityColumns(this.db, Meeting, 'm');
  private readonly spaceColumns = new EntityColumns(this.db, Space, 's');
  private readonly participantColumns = new EntityColumns(this.db, MeetingParticipant, 'p');

  private async readMeetings(where: string, params: unknown[], em: EntityManager): Promise<Meeting[]> {
    const rows = (await em.query(
      `SELECT ${this.meetingColumns.select}, ${this.spaceColumns.select}
         FROM meeting m JOIN space s ON s.id = m.space_id
        WHERE ${where} ORDER BY m.starts_at, m.id`,
      params,
    )) as Record<string, unknown>[];
    return rows.map((row) => Object.assign(this.meetingColumns.read(row)!, { space: this.spaceColumns.read(row)! }));
  }

  async findById(id: string, em: EntityManager = this.db.manager): Promise<Meeting | null> {
    const [meeting] = await this.readMeetings('m.id = $1', [id], em);
    return meeting ?? null;
  }

  /** With their spaces, soonest first. */
  findByIds(ids: string[], em: EntityManager = this.db.manager): Promise<Meeting[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.readMeetings('m.id = ANY($1::uuid[])', [ids], em);
  }

  async participants(meetingIds: string[], em: EntityManager = this.db.manager): Promise<MeetingParticipant[]> {
    if (!meetingIds.length) return [];
    const rows = (await em.query(
      `SELECT ${this.participantColumns.select} FROM meeting_participant p WHERE p.meeting_id = ANY($1::uuid[])`,
      [meetingIds],
    )) as Record<string, unknown>[];
    return rows.map((row) => this.participantColumns.read(row)!);
  }

  async setResponse(
    meetingId: string,
    userId: string,
    response: ParticipantResponse,
    em: EntityManager = this.db.manager,
  ): Promise<void> {
    await em.getRepository(MeetingParticipant).update({ meetingId, userId }, { response, respondedAt: new Date() });
  }

  /** Occurrences of a series from `from` on (all when not given), soonest first. */
  async seriesIds(
    seriesId: string,
    from: Date | undefined,
    em: EntityManager = this.db.manager,
  ): Promise<{ id: string; startsAt: Date; endsAt: Date }[]> {
    const rows: { id: string; starts_at: Date; ends_at: Date }[] = await em.query(
      `SELECT id, starts_at, ends_at FROM meeting
       WHERE series_id = $1 AND status <> 'cancelled' AND ($2::timestamptz IS NULL OR starts_at >= $2::timestamptz)
       ORDER BY starts_at`,
      [seriesId, from ? from.toISOString() : null],
    );
    return rows.map((r) => ({ id: r.id, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }));
  }

  findSeries(seriesId: string): Promise<{ id: string; status: MeetingStatus }[]> {
    return this.db.query(`SELECT id, status FROM meeting WHERE series_id = $1 ORDER BY starts_at`, [seriesId]);
  }

  /** Changes a meeting and raises its iCalendar SEQUENCE. */
  async update(
    id: string,
    changes: {
      title?: string;
      description?: string | null;
      startsAt?: Date;
      endsAt?: Date;
      status?: MeetingStatus;
      cancelReason?: string | null;
      seriesId?: string | null;
      spaceId?: string;
    },
    em: EntityManager,
  ): Promise<void> {
    const set: Record<string, unknown> = { ...changes, sequence: () => 'sequence + 1' };
    // A new time means a new reminder.
    if (changes.startsAt) set.reminderSentAt = null;
    await em.createQueryBuilder().update(Meeting).set(set).where('id = :id', { id }).execute();
  }

  /**
   * Everything the user organizes or is invited to that has not ended, soonest first.
   * The page comes from `IDX_meeting_participant_upcoming` in start order (past meetings
   * are skipped inside the index, the scan stops after `offset + limit` entries); only
   * then are the page's meetings and spaces joined. The total rides on each row (an
   * uncorrelated subquery, counted once from the same index); an empty page past the
   * end needs `countUpcoming`.
   */
  upcoming(userId: string, limit: number, offset: number): Promise<UpcomingRow[]> {
    return this.db.query(
      `SELECT m.id, m.kind, m.title, m.status, m.starts_at, m.ends_at, m.organizer_id, m.series_id,
              p.role, p.response, s.id AS space_id, s.kind AS space_kind, s.name AS space_name,
              s.location AS space_location,
              (SELECT count(*) FROM meeting_participant
               WHERE user_id = $1 AND NOT cancelled AND ends_at > now()) AS total
       FROM (SELECT meeting_id, starts_at, role, response FROM meeting_participant
             WHERE user_id = $1 AND NOT cancelled AND ends_at > now()
             ORDER BY starts_at, meeting_id
             LIMIT $2 OFFSET $3) p
       JOIN meeting m ON m.id = p.meeting_id
       JOIN space s ON s.id = m.space_id
       ORDER BY p.starts_at, p.meeting_id`,
      [userId, limit, offset],
    );
  }

  /** How many meetings `upcoming` pages through (from the same index, without the rows). */
  countUpcoming(userId: string): Promise<number> {
    return this.db
      .query(
        `SELECT count(*)::int AS n FROM meeting_participant
         WHERE user_id = $1 AND NOT cancelled AND ends_at > now()`,
        [userId],
      )
      .then((r: { n: number }[]) => Number(r[0]?.n ?? 0));
  }

  /** Busy ranges of spaces between two instants. */
  busy(
    spaceIds: string[],
    from: Date,
    to: Date,
  ): Promise<
    {
      id: string;
      space_id: string;
      title: string;
      organizer_id: string;
      starts_at: Date;
      ends_at: Date;
      status: 'pending' | 'confirmed';
    }[]
  > {
    if (!spaceIds.length) return Promise.resolve([]);
    return this.db.query(
      `SELECT id, space_id, title, organizer_id, starts_at, ends_at, status FROM meeting
       WHERE space_id = ANY($1::uuid[]) AND status <> 'cancelled'
         AND tstzrange(starts_at, ends_at, '[)') && tstzrange($2::timestamptz, $3::timestamptz, '[)')
       ORDER BY space_id, starts_at`,
      [spaceIds, from.toISOString(), to.toISOString()],
    );
  }

  /**
   * Claims every reminder that is due, exactly once across processes: the row lock and
   * the `reminder_sent_at IS NULL` re-check make a second claimer skip the row.
   */
  claimDueReminders(leadMinutes: number, em: EntityManager = this.db.manager): Promise<ReminderRow[]> {
    return em.query(
      `WITH claimed AS (
         UPDATE meeting SET reminder_sent_at = now()
         WHERE reminder_sent_at IS NULL AND status <> 'cancelled'
           AND starts_at <= now() + make_interval(mins => $1) AND starts_at > now()
         RETURNING id, title, starts_at, ends_at, space_id)
       SELECT c.id, c.title, c.starts_at, c.ends_at, s.id AS space_id, s.kind AS space_kind,
              s.name AS space_name, s.location AS space_location,
              coalesce((SELECT array_agg(p.user_id) FROM meeting_participant p
                        WHERE p.meeting_id = c.id AND p.response <> 'declined'), '{}') AS user_ids
       FROM claimed c JOIN space s ON s.id = c.space_id`,
      [leadMinutes],
    );
  }

  /**
   * Claims, exactly once across processes, every booking and one-on-one that has ended (or
   * was cancelled after it began) and whose video room has not been closed: with the room,
   * its owner, the meeting's people, and who is invited to another meeting in the same space
   * that is on now (they stay). Council sessions end with their own procedure, not here.
   */
  claimEndedMeetings(): Promise<EndedMeetingRow[]> {
    return this.db.query(
      `WITH claimed AS (
         UPDATE meeting SET video_closed_at = now()
         WHERE video_closed_at IS NULL AND kind IN ('booking', 'one_on_one')
           AND starts_at <= now() AND (ends_at <= now() OR status = 'cancelled')
         RETURNING id, space_id)
       SELECT c.id, s.livekit_room, s.owner_id,
              coalesce((SELECT array_agg(p.user_id) FROM meeting_participant p WHERE p.meeting_id = c.id),
                       '{}') AS user_ids,
              coalesce((SELECT array_agg(DISTINCT p.user_id) FROM meeting m
                          JOIN meeting_participant p ON p.meeting_id = m.id
                         WHERE m.space_id = c.space_id AND m.id <> c.id AND m.status <> 'cancelled'
                           AND m.starts_at <= now() AND m.ends_at > now() AND p.response <> 'declined'),
                       '{}') AS staying
       FROM claimed c JOIN space s ON s.id = c.space_id`,
    );
  }

  // ---- calendar feeds ----

  async setFeed(userId: string, secretHash: string): Promise<void> {
    await this.db.query(
      `INSERT INTO calendar_feed (user_id, secret_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, created_at = now()`,
      [userId, secretHash],
    );
  }

  /** The user whose feed has this secret, if that user is enabled (a disabled user's feed is unknown). */
  async feedOwner(secretHash: string): Promise<string | null> {
    const rows: { user_id: string }[] = await this.db.query(
      `SELECT f.user_id FROM calendar_feed f JOIN app_user u ON u.id = f.user_id
       WHERE f.secret_hash = $1 AND u.disabled_at IS NULL`,
      [secretHash],
    );
    return rows[0]?.user_id ?? null;
  }

  /** The user's meetings for a calendar feed (cancelled ones too), from `since` on. */
  feedMeetings(userId: string, since: Date, max: number): Promise<Meeting[]> {
    return this.db
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.space', 's')
      .innerJoin(MeetingParticipant, 'p', 'p.meeting_id = m.id AND p.user_id = :userId', { userId })
      .where('m.ends_at > :since', { since })
      .orderBy('m.starts_at', 'ASC')
      .limit(max)
      .getMany();
  }
}
