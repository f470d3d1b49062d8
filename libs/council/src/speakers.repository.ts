import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CouncilTables } from './council-tables.js';
import { SpeakerRequest } from './entities/index.js';

/** The speakers' list: `council_speaker`. */
@Injectable()
export class SpeakersRepository extends CouncilTables {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

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
  async speakers(sittingId: string, em?: EntityManager): Promise<SpeakerRequest[]> {
    const rows = await this.m(em)
      .getRepository(SpeakerRequest)
      .find({ where: { sessionId: sittingId }, order: { requestedAt: 'ASC', id: 'ASC' } });
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

  async pendingSpeakers(sittingId: string, userId: string, em: EntityManager): Promise<SpeakerRequest[]> {
    return em
      .getRepository(SpeakerRequest)
      .findBy({ sessionId: sittingId, userId, status: In(['requested', 'speaking']) });
  }

  async updateSpeaker(id: string, changes: Partial<SpeakerRequest>, em: EntityManager): Promise<void> {
    await em.getRepository(SpeakerRequest).update({ id }, changes);
  }

  /** Ends whoever is speaking in the session; returns who that was. */
  async finishSpeaking(sittingId: string, em: EntityManager): Promise<string[]> {
    const rows: { user_id: string }[] = await em.query(
      `WITH u AS (
         UPDATE council_speaker SET status = 'finished', finished_at = now()
         WHERE session_id = $1 AND status = 'speaking' RETURNING user_id)
       SELECT user_id FROM u`,
      [sittingId],
    );
    return rows.map((r) => r.user_id);
  }

  async speaking(sittingId: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.m(em).getRepository(SpeakerRequest).findBy({ sessionId: sittingId, status: 'speaking' });
    return rows.map((r) => r.userId);
  }
}
