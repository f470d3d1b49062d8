import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BallotChoice, VoteCounts } from '@egov-box/contracts';
import { refusedBy } from '@egov-box/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { shuffled } from './ballot-secrecy.js';
import { CouncilErrors } from './council.errors.js';
import { CouncilTables } from './council-tables.js';
import { Ballot, SecretVoter, Vote } from './entities/index.js';

/** Votes and ballots: `council_vote`, `council_ballot`, `council_secret_voter`, `council_secret_ballot`. */
@Injectable()
export class VotesRepository extends CouncilTables {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

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

  votes(sittingId: string, em?: EntityManager): Promise<Vote[]> {
    return this.m(em)
      .getRepository(Vote)
      .find({ where: { sessionId: sittingId }, order: { openedAt: 'ASC', id: 'ASC' } });
  }

  openVotes(sittingId: string, em?: EntityManager): Promise<Vote[]> {
    return this.m(em).getRepository(Vote).findBy({ sessionId: sittingId, status: 'open' });
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
}
