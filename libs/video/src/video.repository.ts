import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface OccupancyChange {
  room: string;
  identity: string;
  present: boolean;
}

/**
 * The only code that touches video's tables. Writes with RETURNING are wrapped in a CTE
 * so that PostgreSQL and PGlite give back plain rows alike.
 */
@Injectable()
export class VideoRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Records an event id; false when it was already recorded (a redelivery). */
  async claimEvent(em: EntityManager, id: string, event: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `WITH i AS (INSERT INTO livekit_event (id, event) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id)
       SELECT id FROM i`,
      [id, event],
    );
    return rows.length === 1;
  }

  /**
   * Sets whether someone is in a room, unless a newer event already said otherwise.
   * On equal times "left" wins: a participant_left is never undone by a join of the same second
   * arriving late (the reconciliation repairs the rare real rejoin within a second).
   */
  async setPresent(
    em: EntityManager | undefined,
    room: string,
    identity: string,
    present: boolean,
    at: Date,
  ): Promise<boolean> {
    const rows: { present: boolean }[] = await (em ?? this.db).query(
      `WITH u AS (
         INSERT INTO livekit_participant (room, identity, present, event_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (room, identity) DO UPDATE SET present = EXCLUDED.present, event_at = EXCLUDED.event_at
         WHERE livekit_participant.event_at < EXCLUDED.event_at
            OR (livekit_participant.event_at = EXCLUDED.event_at AND NOT EXCLUDED.present)
         RETURNING present)
       SELECT present FROM u`,
      [room, identity, present, at],
    );
    return rows.length === 1;
  }

  /** Everyone marked present in a room whose last event is not newer than `at`: now absent. */
  async emptyRoom(em: EntityManager | undefined, room: string, at: Date): Promise<OccupancyChange[]> {
    const rows: { identity: string }[] = await (em ?? this.db).query(
      `WITH u AS (
         UPDATE livekit_participant SET present = false, event_at = $2
         WHERE room = $1 AND present AND event_at <= $2 RETURNING identity)
       SELECT identity FROM u`,
      [room, at],
    );
    return rows.map((r) => ({ room, identity: r.identity, present: false }));
  }

  async occupants(rooms: string[]): Promise<{ room: string; identity: string }[]> {
    if (!rooms.length) return [];
    return this.db.query(
      `SELECT room, identity FROM livekit_participant WHERE present AND room = ANY($1) ORDER BY event_at`,
      [rooms],
    );
  }

  async roomsOf(identities: string[]): Promise<{ room: string; identity: string }[]> {
    if (!identities.length) return [];
    return this.db.query(
      `SELECT room, identity FROM livekit_participant WHERE present AND identity = ANY($1) ORDER BY event_at DESC`,
      [identities],
    );
  }

  async occupiedRooms(): Promise<string[]> {
    const rows: { room: string }[] = await this.db.query(`SELECT DISTINCT room FROM livekit_participant WHERE present`);
    return rows.map((r) => r.room);
  }
}
