import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BallotChoice, CouncilMemberRef, VoteCounts } from '@egov-box/contracts';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import {
  AgendaItem,
  AgendaMaterial,
  Attendance,
  AttendanceEvent,
  Ballot,
  ConflictDeclaration,
  CouncilSession,
  SecretBallot,
  SecretVoter,
  SpeakerRequest,
  Vote,
} from './entities/index.js';

/** True for a unique-constraint violation (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return (e.code ?? e.driverError?.code) === '23505';
}

/** The only code that reads and writes the council's tables. */
@Injectable()
export class CouncilRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private m(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  // --- the body -------------------------------------------------------------------------

  /** Enabled users with the councillor role: the council body. */
  async memberIds(em?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await this.m(em).query(
      `SELECT id FROM app_user WHERE 'councillor' = ANY(roles) AND disabled_at IS NULL ORDER BY display_name, id`,
    );
    return rows.map((r) => r.id);
  }

  async isMember(userId: string, em?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(em).query(
      `SELECT 1 FROM app_user WHERE id = $1 AND 'councillor' = ANY(roles) AND disabled_at IS NULL`,
      [userId],
    );
    return rows.length > 0;
  }

  async names(ids: string[], em?: EntityManager): Promise<Map<string, CouncilMemberRef>> {
    if (!ids.length) return new Map();
    const rows: { id: string; display_name: string }[] = await this.m(em).query(
      `SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name }]));
  }

  async chamberId(): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM space WHERE kind = 'chamber' ORDER BY name, id LIMIT 1`,
    );
    return rows[0]?.id ?? null;
  }

  // --- sessions and agenda --------------------------------------------------------------

  async nextNumber(em: EntityManager): Promise<number> {
    // Serialises numbering between concurrent creations (released at commit).
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('council_session_number'))`);
    const rows: { n: number }[] = await em.query(`SELECT coalesce(max(number), 0)::int + 1 AS n FROM council_session`);
    return Number(rows[0]!.n);
  }

  async insertSession(row: Partial<CouncilSession>, items: Partial<AgendaItem>[], em: EntityManager): Promise<string> {
    const result = await em.getRepository(CouncilSession).insert(row);
    const id = (result.identifiers[0] as { id: string }).id;
    await em.getRepository(AgendaItem).insert(items.map((i) => ({ ...i, sessionId: id })));
    return id;
  }

  session(id: string, em?: EntityManager): Promise<CouncilSession | null> {
    return this.m(em).getRepository(CouncilSession).findOneBy({ id });
  }

  /** Reads the session under a row lock: every change to a session is serialised here. */
  lockSession(id: string, em: EntityManager): Promise<CouncilSession | null> {
    return em
      .getRepository(CouncilSession)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
  }

  /** Applies changes and raises the version; returns the new version. */
  async bump(id: string, changes: Partial<CouncilSession>, em: EntityManager): Promise<number> {
    await em
      .getRepository(CouncilSession)
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('id = :id', { id })
      .execute();
    const rows: { version: number }[] = await em.query(`SELECT version FROM council_session WHERE id = $1`, [id]);
    return Number(rows[0]!.version);
  }

  sessions(options: { includeDrafts: boolean }): Promise<CouncilSession[]> {
    return this.db.getRepository(CouncilSession).find({
      where: options.includeDrafts ? {} : { status: Not('draft') },
      order: { startsAt: 'DESC', number: 'DESC' },
      take: 500,
    });
  }

  items(sessionId: string, em?: EntityManager): Promise<AgendaItem[]> {
    return this.m(em)
      .getRepository(AgendaItem)
      .find({ where: { sessionId }, order: { position: 'ASC' } });
  }

  item(sessionId: string, itemId: string, em?: EntityManager): Promise<AgendaItem | null> {
    return this.m(em).getRepository(AgendaItem).findOneBy({ id: itemId, sessionId });
  }

  // --- attendance -----------------------------------------------------------------------

  attendance(sessionId: string, em?: EntityManager): Promise<Attendance[]> {
    return this.m(em).getRepository(Attendance).findBy({ sessionId });
  }

  attendanceOf(sessionId: string, userId: string, em?: EntityManager): Promise<Attendance | null> {
    return this.m(em).getRepository(Attendance).findOneBy({ sessionId, userId });
  }

  /** Members of the body present now. */
  async presentMemberIds(sessionId: string, em?: EntityManager): Promise<string[]> {
    const rows: { user_id: string }[] = await this.m(em).query(
      `SELECT a.user_id FROM council_attendance a JOIN app_user u ON u.id = a.user_id
        WHERE a.session_id = $1 AND a.present AND 'councillor' = ANY(u.roles) AND u.disabled_at IS NULL`,
      [sessionId],
    );
    return rows.map((r) => r.user_id);
  }

  async setAttendance(
    sessionId: string,
    userId: string,
    present: boolean,
    recordedBy: string,
    em: EntityManager,
  ): Promise<void> {
    await em.query(
      `INSERT INTO council_attendance (session_id, user_id, present, checked_in_at, checked_out_at)
       VALUES ($1, $2, $3, CASE WHEN $3 THEN now() END, CASE WHEN NOT $3 THEN now() END)
       ON CONFLICT (session_id, user_id) DO UPDATE SET
         present = EXCLUDED.present,
         checked_in_at = CASE WHEN EXCLUDED.present THEN now() ELSE council_attendance.checked_in_at END,
         checked_out_at = CASE WHEN EXCLUDED.present THEN NULL ELSE now() END`,
      [sessionId, userId, present],
    );
    await em.getRepository(AttendanceEvent).insert({ sessionId, userId, present, recordedBy });
  }

  attendanceEvents(sessionId: string): Promise<AttendanceEvent[]> {
    return this.db.getRepository(AttendanceEvent).find({ where: { sessionId }, order: { at: 'ASC', id: 'ASC' } });
  }

  // --- conflicts ------------------------------------------------------------------------

  conflicts(sessionId: string, em?: EntityManager): Promise<ConflictDeclaration[]> {
    return this.m(em)
      .getRepository(ConflictDeclaration)
      .find({ where: { sessionId }, order: { declaredAt: 'ASC', id: 'ASC' } });
  }

  async hasConflict(itemId: string, userId: string, em?: EntityManager): Promise<boolean> {
    return (await this.m(em).getRepository(ConflictDeclaration).countBy({ itemId, userId })) > 0;
  }

  async declareConflict(sessionId: string, itemId: string, userId: string, reason: string, em: EntityManager) {
    await em.query(
      `INSERT INTO council_conflict (session_id, item_id, user_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (item_id, user_id) DO UPDATE SET reason = EXCLUDED.reason`,
      [sessionId, itemId, userId, reason],
    );
  }

  // --- votes ----------------------------------------------------------------------------

  async insertVote(row: Partial<Vote>, em: EntityManager): Promise<string> {
    const result = await em.getRepository(Vote).insert(row);
    return (result.identifiers[0] as { id: string }).id;
  }

  vote(id: string, em?: EntityManager): Promise<Vote | null> {
    return this.m(em).getRepository(Vote).findOneBy({ id });
  }

  votes(sessionId: string, em?: EntityManager): Promise<Vote[]> {
    return this.m(em)
      .getRepository(Vote)
      .find({ where: { sessionId }, order: { openedAt: 'ASC', id: 'ASC' } });
  }

  openVotes(sessionId: string, em?: EntityManager): Promise<Vote[]> {
    return this.m(em).getRepository(Vote).findBy({ sessionId, status: 'open' });
  }

  async closeVote(id: string, result: Vote['result'], em: EntityManager): Promise<void> {
    await em.getRepository(Vote).update({ id, status: 'open' }, { status: 'closed', closedAt: new Date(), result });
  }

  /** Open and roll-call votes: one row per member; a new choice replaces the old one. */
  async castBallot(voteId: string, userId: string, choice: BallotChoice, em: EntityManager): Promise<void> {
    await em.query(
      `INSERT INTO council_ballot (vote_id, user_id, choice) VALUES ($1, $2, $3)
       ON CONFLICT (vote_id, user_id) DO UPDATE SET choice = EXCLUDED.choice, cast_at = now()`,
      [voteId, userId, choice],
    );
  }

  /** Secret votes: the voter and the choice go to two tables with nothing linking them. */
  async castSecretBallot(voteId: string, userId: string, choice: BallotChoice, em: EntityManager): Promise<void> {
    await em.getRepository(SecretVoter).insert({ voteId, userId });
    await em.getRepository(SecretBallot).insert({ voteId, choice });
  }

  async hasSecretVoter(voteId: string, userId: string, em?: EntityManager): Promise<boolean> {
    return (await this.m(em).getRepository(SecretVoter).countBy({ voteId, userId })) > 0;
  }

  async counts(vote: Pick<Vote, 'id' | 'mode'>, em?: EntityManager): Promise<VoteCounts> {
    const table = vote.mode === 'secret' ? 'council_secret_ballot' : 'council_ballot';
    const rows: { choice: BallotChoice; n: number }[] = await this.m(em).query(
      `SELECT choice, count(*)::int AS n FROM ${table} WHERE vote_id = $1 GROUP BY choice`,
      [vote.id],
    );
    const counts: VoteCounts = { for: 0, against: 0, abstain: 0 };
    for (const r of rows) counts[r.choice] = Number(r.n);
    return counts;
  }

  /** How many members have voted. */
  async ballotsCast(vote: Pick<Vote, 'id' | 'mode'>, em?: EntityManager): Promise<number> {
    const table = vote.mode === 'secret' ? 'council_secret_voter' : 'council_ballot';
    const rows: { n: number }[] = await this.m(em).query(`SELECT count(*)::int AS n FROM ${table} WHERE vote_id = $1`, [
      vote.id,
    ]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Open and roll-call votes only (secret ballots have no voter). */
  ballots(voteId: string, em?: EntityManager): Promise<Ballot[]> {
    return this.m(em).getRepository(Ballot).findBy({ voteId });
  }

  ballotOf(voteId: string, userId: string, em?: EntityManager): Promise<Ballot | null> {
    return this.m(em).getRepository(Ballot).findOneBy({ voteId, userId });
  }

  /** Whether the member has voted in any open vote of these items. */
  async votedOnOpenVote(itemId: string, userId: string, em: EntityManager): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM council_vote v
        WHERE v.item_id = $1 AND v.status = 'open'
          AND (EXISTS (SELECT 1 FROM council_ballot b WHERE b.vote_id = v.id AND b.user_id = $2)
            OR EXISTS (SELECT 1 FROM council_secret_voter s WHERE s.vote_id = v.id AND s.user_id = $2))`,
      [itemId, userId],
    );
    return rows.length > 0;
  }

  // --- speakers -------------------------------------------------------------------------

  async insertSpeaker(row: Partial<SpeakerRequest>, em: EntityManager): Promise<string> {
    const result = await em.getRepository(SpeakerRequest).insert(row);
    return (result.identifiers[0] as { id: string }).id;
  }

  speaker(id: string, em?: EntityManager): Promise<SpeakerRequest | null> {
    return this.m(em).getRepository(SpeakerRequest).findOneBy({ id });
  }

  speakers(sessionId: string, em?: EntityManager): Promise<SpeakerRequest[]> {
    return this.m(em)
      .getRepository(SpeakerRequest)
      .find({ where: { sessionId }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }

  async pendingSpeakers(sessionId: string, userId: string, em: EntityManager): Promise<SpeakerRequest[]> {
    return em.getRepository(SpeakerRequest).findBy({ sessionId, userId, status: In(['requested', 'speaking']) });
  }

  async updateSpeaker(id: string, changes: Partial<SpeakerRequest>, em: EntityManager): Promise<void> {
    await em.getRepository(SpeakerRequest).update({ id }, changes);
  }

  /** Ends whoever is speaking in the session. */
  async finishSpeaking(sessionId: string, em: EntityManager): Promise<void> {
    await em
      .getRepository(SpeakerRequest)
      .update({ sessionId, status: 'speaking' }, { status: 'finished', finishedAt: new Date() });
  }

  // --- materials and minutes ------------------------------------------------------------

  async insertMaterial(row: Partial<AgendaMaterial>, em?: EntityManager): Promise<AgendaMaterial> {
    const result = await this.m(em).getRepository(AgendaMaterial).insert(row);
    const id = (result.identifiers[0] as { id: string }).id;
    return (await this.m(em).getRepository(AgendaMaterial).findOneBy({ id }))!;
  }

  material(sessionId: string, itemId: string, id: string): Promise<AgendaMaterial | null> {
    return this.db.getRepository(AgendaMaterial).findOneBy({ id, itemId, sessionId });
  }

  materials(sessionId: string): Promise<AgendaMaterial[]> {
    return this.db
      .getRepository(AgendaMaterial)
      .find({ where: { sessionId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
  }

  /** Marks the minutes public (once; the first publication time is kept). */
  async publishMinutes(id: string, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE council_session SET minutes_published_at = coalesce(minutes_published_at, now()) WHERE id = $1`,
      [id],
    );
  }
}
