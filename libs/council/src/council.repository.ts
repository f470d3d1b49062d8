import { Injectable } from '@nestjs/common';
import { shuffled } from './ballot-secrecy.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BallotChoice, CouncilMemberRef, VoteCounts } from '@egov-box/contracts';
import { refusedBy } from '@egov-box/platform';
import { DataSource, In, Not, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { CouncilErrors } from './council.errors.js';
import {
  AgendaItem,
  AgendaItemTaken,
  AgendaMaterial,
  Attendance,
  AttendanceEvent,
  Ballot,
  ConflictDeclaration,
  CouncilBody,
  Decision,
  MinutesCorrection,
  MinutesSignature,
  MinutesVersion,
  CouncilBodyMember,
  CouncilRecording,
  CouncilSession,
  SecretVoter,
  SpeakerRequest,
  Vote,
} from './entities/index.js';
import { sofiaDay } from './rules.js';

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

  // --- bodies ---------------------------------------------------------------------------

  /**
   * The mandate in force on a Sofia day as SQL: the latest started on or before it (before
   * the first one: the first). `$day` is a `YYYY-MM-DD` parameter.
   */
  /** The mandate in force on `day` (an SQL date expression), as SQL; also read by the access checks. */
  static mandateOn(day: string): string {
    return `(SELECT id FROM council_mandate
      ORDER BY (starts_on <= ${day}::date) DESC,
        CASE WHEN starts_on <= ${day}::date THEN starts_on END DESC NULLS LAST, starts_on
      LIMIT 1)`;
  }

  /**
   * Members of a body as SQL: the council's are who hold its seats in the mandate (not who
   * has an account or a role); a committee's are its listed members who hold a council seat.
   * `$body` is the body id parameter, `$mandate` the mandate id.
   */
  private static members(body: string, mandate: string): string {
    return `SELECT u.id, COALESCE(u.public_name, u.display_name) AS display_name FROM council_body b
      JOIN council_seat_holder h ON h.mandate_id = ${mandate} AND h.held_until IS NULL
      JOIN app_user u ON u.id = h.user_id
      WHERE b.id = ${body}
        AND (b.kind = 'council'
          OR EXISTS (SELECT 1 FROM council_body_member m WHERE m.body_id = b.id AND m.user_id = u.id))`;
  }

  /** The mandate in force on this day (see `mandateOn`). */
  async mandateIdOn(day: string, em?: EntityManager): Promise<string> {
    const rows: { id: string }[] = await this.m(em).query(`SELECT ${CouncilRepository.mandateOn('$1')} AS id`, [day]);
    if (!rows[0]?.id) throw new Error('no council mandate (the CouncilMandates migration creates one)');
    return rows[0].id;
  }

  /** Members of the body today, or in a given mandate (ordered by name). */
  async memberIds(bodyId: string, em?: EntityManager, mandateId?: string): Promise<string[]> {
    return (await this.members(bodyId, em, mandateId)).map((m) => m.id);
  }

  async members(bodyId: string, em?: EntityManager, mandateId?: string): Promise<CouncilMemberRef[]> {
    const rows: { id: string; display_name: string }[] = await this.m(em).query(
      `${CouncilRepository.members('$1', mandateId ? '$2::uuid' : CouncilRepository.mandateOn('$2'))}
       ORDER BY display_name, u.id`,
      [bodyId, mandateId ?? sofiaDay(new Date())],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
  }

  /** Whether the user is a member of the body today (or in the given mandate: a sitting's). */
  async isMember(bodyId: string, userId: string, em?: EntityManager, mandateId?: string): Promise<boolean> {
    const rows: unknown[] = await this.m(em).query(
      `${CouncilRepository.members('$1', mandateId ? '$3::uuid' : CouncilRepository.mandateOn('$3'))} AND u.id = $2`,
      [bodyId, userId, mandateId ?? sofiaDay(new Date())],
    );
    return rows.length > 0;
  }

  /** Which of these users hold a seat of the council today (committee members are chosen from them). */
  async councillors(ids: string[], em?: EntityManager): Promise<string[]> {
    if (!ids.length) return [];
    const rows: { id: string }[] = await this.m(em).query(
      `SELECT user_id AS id FROM council_seat_holder
       WHERE user_id = ANY($1::uuid[]) AND held_until IS NULL AND mandate_id = ${CouncilRepository.mandateOn('$2')}`,
      [[...new Set(ids)], sofiaDay(new Date())],
    );
    return rows.map((r) => r.id);
  }

  body(id: string, em?: EntityManager): Promise<CouncilBody | null> {
    return this.m(em).getRepository(CouncilBody).findOneBy({ id });
  }

  /** The council first, then the committees by name. */
  async bodies(em?: EntityManager): Promise<CouncilBody[]> {
    const rows = await this.m(em).getRepository(CouncilBody).find();
    return rows.sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name, 'bg') : a.kind === 'council' ? -1 : 1,
    );
  }

  async councilBody(em?: EntityManager): Promise<CouncilBody> {
    const body = await this.m(em).getRepository(CouncilBody).findOneBy({ kind: 'council' });
    if (!body) throw new Error('The council body is missing (migration CouncilBodiesVideo not run?)');
    return body;
  }

  async insertBody(row: Partial<CouncilBody>, memberIds: string[], em: EntityManager): Promise<string> {
    const result = await refusedBy(em.getRepository(CouncilBody).insert(row), {
      UQ_council_body_name: () => CouncilErrors.nameTaken('A body with this name exists'),
    });
    const id = (result.identifiers[0] as { id: string }).id;
    await this.setBodyMembers(id, memberIds, em);
    return id;
  }

  async setBodyMembers(bodyId: string, memberIds: string[], em: EntityManager): Promise<void> {
    await em.getRepository(CouncilBodyMember).delete({ bodyId });
    if (memberIds.length)
      await em.getRepository(CouncilBodyMember).insert([...new Set(memberIds)].map((userId) => ({ bodyId, userId })));
  }

  async updateBody(id: string, changes: Partial<CouncilBody>, em: EntityManager): Promise<void> {
    await em.getRepository(CouncilBody).update({ id }, changes);
  }

  lockBody(id: string, em: EntityManager): Promise<CouncilBody | null> {
    return em
      .getRepository(CouncilBody)
      .createQueryBuilder('b')
      .setLock('pessimistic_write')
      .where('b.id = :id', { id })
      .getOne();
  }

  // --- sessions and agenda --------------------------------------------------------------

  /** The next number in the body's series within the mandate. */
  async nextNumber(bodyId: string, mandateId: string, em: EntityManager): Promise<number> {
    // Serialises numbering between concurrent creations (released at commit).
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('council_session_number:' || $1))`, [bodyId]);
    const rows: { n: number }[] = await em.query(
      `SELECT coalesce(max(number), 0)::int + 1 AS n FROM council_session WHERE body_id = $1 AND mandate_id = $2`,
      [bodyId, mandateId],
    );
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

  /** The sitting whose calendar meeting this is (null: not a sitting's). */
  sessionOfMeeting(meetingId: string, em?: EntityManager): Promise<CouncilSession | null> {
    return this.m(em).getRepository(CouncilSession).findOneBy({ meetingId });
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

  /** Every published sitting (never a draft), oldest first: the open data. */
  publishedSessions(): Promise<CouncilSession[]> {
    return this.db.getRepository(CouncilSession).find({
      where: { status: Not('draft') },
      order: { startsAt: 'ASC', number: 'ASC', id: 'ASC' },
    });
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

  /** Records that the item was taken up now (in the activation's transaction, the sitting locked). */
  async takeUp(sessionId: string, itemId: string, em: EntityManager): Promise<void> {
    await em.query(
      `INSERT INTO council_item_taken (session_id, sequence, item_id, taken_at)
       SELECT $1, coalesce(max(sequence), 0) + 1, $2, now() FROM council_item_taken WHERE session_id = $1`,
      [sessionId, itemId],
    );
  }

  /** Every time an item of the sitting was taken up, in order. */
  takings(sessionId: string, em?: EntityManager): Promise<AgendaItemTaken[]> {
    return this.m(em)
      .getRepository(AgendaItemTaken)
      .find({ where: { sessionId }, order: { sequence: 'ASC' } });
  }

  item(sessionId: string, itemId: string, em?: EntityManager): Promise<AgendaItem | null> {
    return this.m(em).getRepository(AgendaItem).findOneBy({ id: itemId, sessionId });
  }

  async updateSessionFields(id: string, changes: Partial<CouncilSession>, em: EntityManager): Promise<void> {
    await em.getRepository(CouncilSession).update({ id }, changes);
  }

  /**
   * Replaces a draft's agenda: listed items with an id are kept and changed, the others are
   * added, unlisted ones removed (their materials with them); positions follow the order.
   */
  async replaceAgenda(
    sessionId: string,
    items: (Partial<AgendaItem> & { id?: string })[],
    em: EntityManager,
  ): Promise<void> {
    const keep = items.filter((i) => i.id).map((i) => i.id!);
    await em.query(`DELETE FROM council_agenda_item WHERE session_id = $1 AND NOT (id = ANY($2::uuid[]))`, [
      sessionId,
      keep,
    ]);
    // Out of the way of the (session, position) constraint first, then the new numbering.
    await em.query(`UPDATE council_agenda_item SET position = -position WHERE session_id = $1`, [sessionId]);
    const repo = em.getRepository(AgendaItem);
    for (const [i, item] of items.entries()) {
      const { id, ...fields } = item;
      if (id) await repo.update({ id, sessionId }, { ...fields, position: i + 1 });
      else await repo.insert({ ...fields, sessionId, position: i + 1 });
    }
  }

  // --- the register of decisions ------------------------------------------------------------

  /**
   * Records what a closed vote decided. An adopted decision takes the next number of the
   * body's register in the sitting's mandate under a lock of the body's row, in the transaction that closes the vote:
   * two votes closing at once get consecutive numbers, and a rolled-back close uses none.
   */
  async insertDecision(row: Omit<Partial<Decision>, 'number'>, em: EntityManager): Promise<Decision> {
    let number: number | null = null;
    if (row.outcome === 'adopted') {
      await em.query(`SELECT id FROM council_body WHERE id = $1 FOR UPDATE`, [row.bodyId]);
      const [next] = (await em.query(
        `SELECT COALESCE(MAX(number), 0) + 1 AS n FROM council_decision WHERE body_id = $1 AND mandate_id = $2`,
        [row.bodyId, row.mandateId],
      )) as { n: number }[];
      number = Number(next!.n);
    }
    const result = await em.getRepository(Decision).insert({ ...row, number });
    return (await em.getRepository(Decision).findOneBy({ id: (result.identifiers[0] as { id: string }).id }))!;
  }

  decision(id: string, em?: EntityManager): Promise<Decision | null> {
    return this.m(em)
      .getRepository(Decision)
      .findOne({ where: { id }, relations: { mandate: true } });
  }

  decisionOfVote(voteId: string, em?: EntityManager): Promise<Decision | null> {
    return this.m(em).getRepository(Decision).findOneBy({ voteId });
  }

  async itemAdopted(itemId: string, em?: EntityManager): Promise<boolean> {
    return (await this.m(em).getRepository(Decision).countBy({ itemId, outcome: 'adopted' })) > 0;
  }

  /** The register of a body, mandate by mandate: numbered decisions in order, then the drafts not adopted by time. */
  async decisions(bodyId: string, em?: EntityManager): Promise<Decision[]> {
    return inRegisterOrder(
      this.m(em)
        .getRepository(Decision)
        .createQueryBuilder('d')
        .leftJoinAndSelect('d.mandate', 'mandate')
        .where('d.body_id = :bodyId', { bodyId }),
    ).getMany();
  }

  async lockDecision(id: string, em: EntityManager): Promise<Decision | null> {
    return em
      .getRepository(Decision)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
  }

  async updateDecision(id: string, changes: Partial<Decision>, em: EntityManager): Promise<void> {
    await em.getRepository(Decision).update({ id }, changes);
  }

  // --- minutes ----------------------------------------------------------------------------

  /** A published version of a sitting's minutes with its stored files (no `version`: the latest). */
  minutesVersion(sessionId: string, version?: number, em?: EntityManager): Promise<MinutesVersion | null> {
    return this.m(em)
      .getRepository(MinutesVersion)
      .findOne({
        where: version === undefined ? { sessionId } : { sessionId, version },
        order: { version: 'DESC' },
      });
  }

  /** The published versions of a sitting's minutes, oldest first, without their files. */
  minutesVersions(sessionId: string, em?: EntityManager): Promise<MinutesVersion[]> {
    return this.m(em)
      .getRepository(MinutesVersion)
      .find({
        select: {
          sessionId: true,
          version: true,
          number: true,
          reason: true,
          sha256: true,
          jsonSha256: true,
          htmlSha256: true,
          pdfSha256: true,
          publishedAt: true,
          publishedBy: true,
        },
        where: { sessionId },
        order: { version: 'ASC' },
      });
  }

  minutesSignatures(sessionId: string, version: number, em?: EntityManager): Promise<MinutesSignature[]> {
    return this.m(em).getRepository(MinutesSignature).findBy({ sessionId, version });
  }

  minutesCorrections(sessionId: string, em?: EntityManager): Promise<MinutesCorrection[]> {
    return this.m(em)
      .getRepository(MinutesCorrection)
      .find({ where: { sessionId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  // --- attendance -----------------------------------------------------------------------

  attendance(sessionId: string, em?: EntityManager): Promise<Attendance[]> {
    return this.m(em).getRepository(Attendance).findBy({ sessionId });
  }

  /** Which of these users are registered present at the sitting now. */
  async presentAmong(sessionId: string, userIds: string[], em?: EntityManager): Promise<Set<string>> {
    const rows: { user_id: string }[] = await this.m(em).query(
      `SELECT user_id FROM council_attendance WHERE session_id = $1 AND present AND user_id = ANY($2::uuid[])`,
      [sessionId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  attendanceOf(sessionId: string, userId: string, em?: EntityManager): Promise<Attendance | null> {
    return this.m(em).getRepository(Attendance).findOneBy({ sessionId, userId });
  }

  /** A sitting's seats: fixed when it opened; the body's until then. */
  async seatsOf(s: Pick<CouncilSession, 'seats' | 'bodyId'>, em?: EntityManager): Promise<number> {
    return s.seats ?? (await this.body(s.bodyId, em))!.seats;
  }

  /**
   * Members present now: those registered present (only members of the body are registered).
   * An account disabled or a role taken away later changes nothing in a sitting's record.
   */
  async presentMemberIds(sessionId: string, em?: EntityManager): Promise<string[]> {
    const rows: { user_id: string }[] = await this.m(em).query(
      `SELECT user_id FROM council_attendance WHERE session_id = $1 AND present ORDER BY user_id`,
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

  /** Which of these items are closed-door, themselves or by their sitting (closed-door.ts), in one query. */
  async closedDoorItemIds(itemIds: string[], em?: EntityManager): Promise<Set<string>> {
    if (!itemIds.length) return new Set();
    const rows: { id: string }[] = await this.m(em).query(
      `SELECT i.id FROM council_agenda_item i JOIN council_session s ON s.id = i.session_id
        WHERE i.id = ANY($1::uuid[]) AND (i.closed_door_at IS NOT NULL OR s.closed_door_at IS NOT NULL)`,
      [[...new Set(itemIds)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Who declared a conflict of interest on the item. */
  async conflictedOn(itemId: string, em?: EntityManager): Promise<Set<string>> {
    const rows = await this.m(em)
      .getRepository(ConflictDeclaration)
      .find({ where: { itemId }, select: { userId: true } });
    return new Set(rows.map((r) => r.userId));
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

  /** A new open vote; `vote_open` when the sitting already has one (one open vote per sitting). */
  async insertVote(row: Partial<Vote>, em: EntityManager): Promise<string> {
    const result = await refusedBy(em.getRepository(Vote).insert(row), {
      UQ_council_vote_one_open: () => CouncilErrors.voteOpen('Another vote is open'),
    });
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

  /** Closes a vote; a secret vote's key is destroyed with it. */
  async closeVote(id: string, result: Vote['result'], em: EntityManager): Promise<void> {
    await em
      .getRepository(Vote)
      .update({ id, status: 'open' }, { status: 'closed', closedAt: new Date(), result, secretKey: null });
  }

  /** The key of an open secret vote (never selected with the vote). */
  async secretKey(voteId: string, em: EntityManager): Promise<string | null> {
    const rows: { secret_key: string | null }[] = await em.query(
      `SELECT secret_key FROM council_vote WHERE id = $1 AND status = 'open'`,
      [voteId],
    );
    return rows[0]?.secret_key ?? null;
  }

  /** Open and roll-call votes: one row per member; a new choice replaces the old one. */
  async castBallot(
    voteId: string,
    userId: string,
    choice: BallotChoice,
    recordedBy: string,
    em: EntityManager,
  ): Promise<void> {
    await em.query(
      `INSERT INTO council_ballot (vote_id, user_id, choice, recorded_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (vote_id, user_id) DO UPDATE
         SET choice = EXCLUDED.choice, cast_at = now(), recorded_by = EXCLUDED.recorded_by`,
      [voteId, userId, choice, recordedBy],
    );
  }

  /** A member who leaves during an open or roll-call vote loses their ballot in it; the choice it had. */
  async dropBallot(voteId: string, userId: string, em: EntityManager): Promise<BallotChoice | null> {
    const rows: { choice: BallotChoice }[] = await em.query(
      `DELETE FROM council_ballot WHERE vote_id = $1 AND user_id = $2 RETURNING choice`,
      [voteId, userId],
    );
    return rows[0]?.choice ?? null;
  }

  /** The same for a secret vote while it is open: found by the voter's key; whether there was one. */
  async dropSecretBallot(voteId: string, userId: string, voterKey: string, em: EntityManager): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `DELETE FROM council_secret_voter WHERE vote_id = $1 AND user_id = $2 RETURNING 1`,
      [voteId, userId],
    );
    await em.query(`DELETE FROM council_secret_ballot WHERE vote_id = $1 AND voter_key = $2`, [voteId, voterKey]);
    return rows.length > 0;
  }

  /**
   * Secret votes: the voter goes to the voter list, the choice to a ballot keyed by
   * `voterKey` (an HMAC only the open vote's key can make) — a new choice replaces the old.
   */
  async castSecretBallot(
    voteId: string,
    userId: string,
    voterKey: string,
    choice: BallotChoice,
    em: EntityManager,
  ): Promise<void> {
    await em.query(
      `INSERT INTO council_secret_voter (vote_id, user_id) VALUES ($1, $2) ON CONFLICT (vote_id, user_id) DO NOTHING`,
      [voteId, userId],
    );
    await em.query(
      `INSERT INTO council_secret_ballot (vote_id, voter_key, choice) VALUES ($1, $2, $3)
       ON CONFLICT (vote_id, voter_key) DO UPDATE SET choice = EXCLUDED.choice`,
      [voteId, voterKey, choice],
    );
  }

  /**
   * At close: the ballots lose their voter keys and are written anew, with new random ids,
   * in random order — nothing is left that could lead from a ballot to a voter.
   */
  async sealSecretBallots(voteId: string, em: EntityManager): Promise<void> {
    const rows: { choice: BallotChoice }[] = await em.query(
      `SELECT choice FROM council_secret_ballot WHERE vote_id = $1`,
      [voteId],
    );
    await em.query(`DELETE FROM council_secret_ballot WHERE vote_id = $1`, [voteId]);
    const choices = shuffled(rows.map((r) => r.choice));
    if (choices.length)
      await em.query(`INSERT INTO council_secret_ballot (vote_id, choice) SELECT $1, c FROM unnest($2::text[]) AS c`, [
        voteId,
        choices,
      ]);
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
            OR EXISTS (SELECT 1 FROM council_secret_voter s WHERE s.vote_id = v.id AND s.user_id = $2))
       UNION ALL
       SELECT 1 FROM council_election e
        WHERE e.item_id = $1 AND e.status = 'open'
          AND EXISTS (SELECT 1 FROM council_election_voter ev WHERE ev.election_id = e.id AND ev.user_id = $2)`,
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

  /**
   * The speakers' list: what has happened in order of asking, then the waiting queue in the
   * chair's order (requests never moved follow the moved ones, in order of asking).
   */
  async speakers(sessionId: string, em?: EntityManager): Promise<SpeakerRequest[]> {
    const rows = await this.m(em)
      .getRepository(SpeakerRequest)
      .find({ where: { sessionId }, order: { requestedAt: 'ASC', id: 'ASC' } });
    const done = rows.filter((r) => r.status !== 'requested');
    const waiting = rows
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.status === 'requested')
      .sort((a, b) => (a.r.queuePosition ?? Infinity) - (b.r.queuePosition ?? Infinity) || a.i - b.i)
      .map(({ r }) => r);
    return [...done, ...waiting];
  }

  /** Numbers the waiting queue in this order (1..n). */
  async orderQueue(ids: string[], em: EntityManager): Promise<void> {
    for (const [i, id] of ids.entries())
      await em.getRepository(SpeakerRequest).update({ id }, { queuePosition: i + 1 });
  }

  /** The requests answering a speech (replies and its counter-reply), any status. */
  answersTo(speechId: string, em: EntityManager): Promise<SpeakerRequest[]> {
    return em.getRepository(SpeakerRequest).findBy({ answersId: speechId });
  }

  /**
   * Claims the speakers whose time is up and whose chair was not told yet: one UPDATE, so
   * whichever process looks first tells, once. Returns the claimed requests' ids and sittings.
   */
  async claimTimeUp(): Promise<{ id: string; session_id: string }[]> {
    // WITH … SELECT: a bare UPDATE … RETURNING answers [rows, count] through TypeORM.
    return this.db.query(
      `WITH told AS (
         UPDATE council_speaker SET time_up_at = now()
          WHERE status = 'speaking' AND time_up_at IS NULL AND limit_seconds IS NOT NULL
            AND granted_at + limit_seconds * interval '1 second' <= now()
          RETURNING id, session_id)
       SELECT id, session_id FROM told`,
    );
  }

  async pendingSpeakers(sessionId: string, userId: string, em: EntityManager): Promise<SpeakerRequest[]> {
    return em.getRepository(SpeakerRequest).findBy({ sessionId, userId, status: In(['requested', 'speaking']) });
  }

  async updateSpeaker(id: string, changes: Partial<SpeakerRequest>, em: EntityManager): Promise<void> {
    await em.getRepository(SpeakerRequest).update({ id }, changes);
  }

  /** Ends whoever is speaking in the session; returns who that was. */
  async finishSpeaking(sessionId: string, em: EntityManager): Promise<string[]> {
    const rows: { user_id: string }[] = await em.query(
      `WITH u AS (
         UPDATE council_speaker SET status = 'finished', finished_at = now()
         WHERE session_id = $1 AND status = 'speaking' RETURNING user_id)
       SELECT user_id FROM u`,
      [sessionId],
    );
    return rows.map((r) => r.user_id);
  }

  async speaking(sessionId: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.m(em).getRepository(SpeakerRequest).findBy({ sessionId, status: 'speaking' });
    return rows.map((r) => r.userId);
  }

  // --- recordings -----------------------------------------------------------------------

  recordings(sessionId: string, em?: EntityManager): Promise<CouncilRecording[]> {
    return this.m(em)
      .getRepository(CouncilRecording)
      .find({ where: { sessionId }, order: { startedAt: 'ASC', id: 'ASC' } });
  }

  async insertRecording(row: Partial<CouncilRecording>): Promise<void> {
    await this.db.getRepository(CouncilRecording).insert(row);
  }

  recordingByEgress(egressId: string): Promise<CouncilRecording | null> {
    return this.db.getRepository(CouncilRecording).findOneBy({ egressId });
  }

  /**
   * Applies what LiveKit says about a recording; a finished recording (complete or failed)
   * never goes back to `recording`, and known times and the file's location are kept.
   */
  async updateRecording(
    egressId: string,
    change: { status: CouncilRecording['status']; endedAt: Date | null; url: string | null; error: string | null },
  ): Promise<void> {
    await this.db.query(
      `UPDATE council_recording SET
         status = CASE WHEN status = 'recording' THEN $2 ELSE status END,
         ended_at = coalesce(ended_at, $3),
         url = coalesce(url, $4),
         error = coalesce(error, $5)
       WHERE egress_id = $1`,
      [egressId, change.status, change.endedAt, change.url, change.error],
    );
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

  materials(sessionId: string, em?: EntityManager): Promise<AgendaMaterial[]> {
    return this.m(em)
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

/**
 * The register's order (`d` the decision, `mandate` its mandate joined): mandate by mandate,
 * numbered decisions in order, then the drafts not adopted by time.
 */
export function inRegisterOrder<Q extends SelectQueryBuilder<Decision>>(qb: Q): Q {
  return qb
    .orderBy('mandate.starts_on', 'ASC')
    .addOrderBy('d.number', 'ASC', 'NULLS LAST')
    .addOrderBy('d.decided_at', 'ASC')
    .addOrderBy('d.id', 'ASC');
}
