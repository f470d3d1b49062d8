import { Injectable } from '@nestjs/common';
import { shuffled } from './ballot-secrecy.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ElectionResult } from '@egov-box/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { Decision, Election, ElectionCandidate, ElectionVoter, type ElectionCommission } from './entities/index.js';

/** Whether an election round is open at the sitting (checked under the sitting's lock). */
export async function electionOpen(sittingId: string, em: EntityManager): Promise<boolean> {
  const rows: unknown[] = await em.query(`SELECT 1 FROM council_election WHERE session_id = $1 AND status = 'open'`, [
    sittingId,
  ]);
  return rows.length > 0;
}

/** The tables of elections: rounds, candidates, who voted, and the ballots kept apart from them. */
@Injectable()
export class ElectionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private m(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  election(id: string, em?: EntityManager): Promise<Election | null> {
    return this.m(em).getRepository(Election).findOneBy({ id });
  }

  elections(sittingId: string, em?: EntityManager): Promise<Election[]> {
    return this.m(em)
      .getRepository(Election)
      .find({ where: { sessionId: sittingId }, order: { openedAt: 'ASC', round: 'ASC', id: 'ASC' } });
  }

  /** The round that follows this one, if it was opened. */
  nextRound(firstRoundId: string, em: EntityManager): Promise<Election | null> {
    return em.getRepository(Election).findOneBy({ firstRoundId });
  }

  async insert(row: Partial<Election>, candidateIds: string[], em: EntityManager): Promise<string> {
    const r = await em.getRepository(Election).insert(row);
    const id = (r.identifiers[0] as { id: string }).id;
    await em
      .getRepository(ElectionCandidate)
      .insert(candidateIds.map((userId, i) => ({ electionId: id, userId, position: i + 1 })));
    return id;
  }

  /** A round's candidates, in the ballot's order. */
  async candidates(electionId: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.m(em)
      .getRepository(ElectionCandidate)
      .find({ where: { electionId }, order: { position: 'ASC' } });
    return rows.map((r) => r.userId);
  }

  /** The key of an open round (never selected with the round). */
  async secretKey(electionId: string, em: EntityManager): Promise<string | null> {
    const rows: { secret_key: string | null }[] = await em.query(
      `SELECT secret_key FROM council_election WHERE id = $1 AND status = 'open'`,
      [electionId],
    );
    return rows[0]?.secret_key ?? null;
  }

  /** The voter to the voter list, the choice to a ballot keyed by the HMAC: a new ballot replaces the old. */
  async cast(electionId: string, userId: string, voterKey: string, candidateId: string | null, em: EntityManager) {
    await em.query(
      `INSERT INTO council_election_voter (election_id, user_id) VALUES ($1, $2) ON CONFLICT (election_id, user_id) DO NOTHING`,
      [electionId, userId],
    );
    await em.query(
      `INSERT INTO council_election_ballot (election_id, voter_key, candidate_id) VALUES ($1, $2, $3)
       ON CONFLICT (election_id, voter_key) DO UPDATE SET candidate_id = EXCLUDED.candidate_id`,
      [electionId, voterKey, candidateId],
    );
  }

  /** A member who leaves while a round is open loses their ballot in it; whether there was one. */
  async drop(electionId: string, userId: string, voterKey: string, em: EntityManager): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `DELETE FROM council_election_voter WHERE election_id = $1 AND user_id = $2 RETURNING 1`,
      [electionId, userId],
    );
    await em.query(`DELETE FROM council_election_ballot WHERE election_id = $1 AND voter_key = $2`, [
      electionId,
      voterKey,
    ]);
    return rows.length > 0;
  }

  async openRounds(sittingId: string, em: EntityManager): Promise<Election[]> {
    return em.getRepository(Election).findBy({ sessionId: sittingId, status: 'open' });
  }

  async voted(electionId: string, userId: string, em?: EntityManager): Promise<boolean> {
    return (await this.m(em).getRepository(ElectionVoter).countBy({ electionId, userId })) > 0;
  }

  async ballotsCast(electionId: string, em?: EntityManager): Promise<number> {
    return this.m(em).getRepository(ElectionVoter).countBy({ electionId });
  }

  /** Votes per candidate id (null: blank). */
  async counts(electionId: string, em: EntityManager): Promise<Map<string | null, number>> {
    const rows: { candidate_id: string | null; n: number }[] = await em.query(
      `SELECT candidate_id, count(*)::int AS n FROM council_election_ballot WHERE election_id = $1 GROUP BY candidate_id`,
      [electionId],
    );
    return new Map(rows.map((r) => [r.candidate_id, Number(r.n)]));
  }

  /**
   * At close: the ballots lose their voter keys and are written anew, with new ids, in random
   * order — nothing is left that could lead from a ballot to a voter (as the secret votes).
   */
  async seal(electionId: string, em: EntityManager): Promise<void> {
    const rows: { candidate_id: string | null }[] = await em.query(
      `SELECT candidate_id FROM council_election_ballot WHERE election_id = $1`,
      [electionId],
    );
    await em.query(`DELETE FROM council_election_ballot WHERE election_id = $1`, [electionId]);
    const choices = shuffled(rows.map((r) => r.candidate_id));
    if (choices.length)
      await em.query(
        `INSERT INTO council_election_ballot (election_id, candidate_id) SELECT $1, c FROM unnest($2::uuid[]) AS c`,
        [electionId, choices],
      );
  }

  /** The register's entry of a round that elected someone. */
  async decisionOf(electionId: string, em?: EntityManager): Promise<{ id: string; number: number | null } | null> {
    const d = await this.m(em).getRepository(Decision).findOneBy({ electionId });
    return d ? { id: d.id, number: d.number } : null;
  }

  /** Closes an open round with its snapshot; its key is destroyed with it. */
  async close(
    id: string,
    result: ElectionResult,
    commission: ElectionCommission | null,
    em: EntityManager,
  ): Promise<void> {
    await em
      .getRepository(Election)
      .update({ id, status: 'open' }, { status: 'closed', closedAt: new Date(), result, commission, secretKey: null });
  }
}
