import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DoorState, KnockStatus, PeopleQuery, SpaceKindValue } from '@egov-box/contracts';
import { Space } from '@egov-box/directory';
import { containsPattern, foldedSql, refusedBy } from '@egov-box/platform';
import { RoomErrors } from './rooms.errors.js';
import { DataSource } from 'typeorm';

/** A row of the people directory (before presence is added). */
export interface PersonRow {
  id: string;
  displayName: string;
  department: { id: string; code: string; name: string } | null;
  roomId: string | null;
  door: DoorState | null;
}

export interface KnockRow {
  id: string;
  spaceId: string;
  ownerId: string;
  visitorId: string;
  message: string | null;
  status: KnockStatus;
  createdAt: Date;
  expiresAt: Date;
  resolvedAt: Date | null;
  admissionExpiresAt: Date | null;
  admissionUsedAt: Date | null;
}

const KNOCK_COLUMNS = `k.id, k.space_id, s.owner_id, k.visitor_id, k.message, k.status, k.created_at, k.expires_at,
  k.resolved_at, k.admission_expires_at, k.admission_used_at`;

function toKnock(r: Record<string, unknown>): KnockRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    id: r.id as string,
    spaceId: r.space_id as string,
    ownerId: r.owner_id as string,
    visitorId: r.visitor_id as string,
    message: (r.message as string | null) ?? null,
    status: r.status as KnockStatus,
    createdAt: d(r.created_at)!,
    expiresAt: d(r.expires_at)!,
    resolvedAt: d(r.resolved_at),
    admissionExpiresAt: d(r.admission_expires_at),
    admissionUsedAt: d(r.admission_used_at),
  };
}

/**
 * The only code of rooms that touches the database. Writes with RETURNING go through a
 * CTE so that PostgreSQL and PGlite return plain rows alike; state changes are single
 * conditional statements, so two processes (or two requests) can never both win.
 */
@Injectable()
export class RoomsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findSpace(id: string): Promise<Space | null> {
    return this.db.getRepository(Space).findOne({ where: { id } });
  }

  personalRoomOf(ownerId: string): Promise<Space | null> {
    return this.db.getRepository(Space).findOne({ where: { ownerId, kind: 'personal' } });
  }

  listSpaces(kind?: SpaceKindValue): Promise<Space[]> {
    return this.db.getRepository(Space).find({ where: kind ? { kind } : {}, order: { kind: 'ASC', name: 'ASC' } });
  }

  async spacesByRooms(
    livekitRooms: string[],
  ): Promise<Map<string, { id: string; ownerId: string | null; kind: string }>> {
    const out = new Map<string, { id: string; ownerId: string | null; kind: string }>();
    if (!livekitRooms.length) return out;
    const rows: { id: string; owner_id: string | null; kind: string; livekit_room: string }[] = await this.db.query(
      `SELECT id, owner_id, kind, livekit_room FROM space WHERE livekit_room = ANY($1)`,
      [livekitRooms],
    );
    for (const r of rows) out.set(r.livekit_room, { id: r.id, ownerId: r.owner_id, kind: r.kind });
    return out;
  }

  async setDoor(ownerId: string, door: DoorState): Promise<void> {
    await this.db.query(`UPDATE space SET door = $2 WHERE owner_id = $1 AND kind = 'personal'`, [ownerId, door]);
  }

  /**
   * Enabled people, by display name, with their department and personal room; `q` matches a
   * part of the display name or the username (case-insensitive), `department` a department id.
   */
  async people(query: PeopleQuery): Promise<{ items: PersonRow[]; total: number }> {
    const q = query.q ? containsPattern(query.q) : null;
    const where = `u.disabled_at IS NULL
      AND ($1::text IS NULL OR ${foldedSql('u.display_name')} LIKE $1 OR ${foldedSql('u.username')} LIKE $1)
      AND ($2::uuid IS NULL OR u.department_id = $2)`;
    const params = [q, query.department ?? null];
    const [rows, count]: [Record<string, string | null>[], { total: string | number }[]] = await Promise.all([
      this.db.query(
        `SELECT u.id, u.display_name, d.id AS department_id, d.code AS department_code, d.name AS department_name,
                s.id AS room_id, s.door
         FROM app_user u
         LEFT JOIN department d ON d.id = u.department_id
         LEFT JOIN space s ON s.owner_id = u.id AND s.kind = 'personal'
         WHERE ${where}
         ORDER BY u.display_name, u.id LIMIT $3 OFFSET $4`,
        [...params, query.limit, query.offset],
      ),
      this.db.query(`SELECT count(*) AS total FROM app_user u WHERE ${where}`, params),
    ]);
    return {
      total: Number(count[0]?.total ?? 0),
      items: rows.map((r) => ({
        id: r.id!,
        displayName: r.display_name!,
        department: r.department_id
          ? { id: r.department_id, code: r.department_code!, name: r.department_name! }
          : null,
        roomId: r.room_id ?? null,
        door: (r.door as DoorState | null) ?? null,
      })),
    };
  }

  /** A new pending knock; throws the driver's 23505 when one is already pending (UQ_knock_pending). */
  async insertKnock(
    spaceId: string,
    visitorId: string,
    message: string | null,
    expirySeconds: number,
  ): Promise<KnockRow> {
    const rows: Record<string, unknown>[] = await refusedBy(
      this.db.query(
        `WITH k AS (
           INSERT INTO knock (space_id, visitor_id, message, expires_at)
           VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING *)
         SELECT ${KNOCK_COLUMNS} FROM k JOIN space s ON s.id = k.space_id`,
        [spaceId, visitorId, message, expirySeconds],
      ),
      // One pending knock per visitor and room.
      { UQ_knock_pending: RoomErrors.knockPending },
    );
    return toKnock(rows[0]!);
  }

  async findKnock(id: string): Promise<KnockRow | null> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${KNOCK_COLUMNS} FROM knock k JOIN space s ON s.id = k.space_id WHERE k.id = $1`,
      [id],
    );
    return rows[0] ? toKnock(rows[0]) : null;
  }

  /** Admits or denies a pending, unexpired knock; null when it was no longer pending. */
  async resolveKnock(id: string, status: 'admitted' | 'denied', admissionSeconds: number): Promise<KnockRow | null> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `WITH k AS (
         UPDATE knock SET status = $2, resolved_at = now(),
           admission_expires_at = CASE WHEN $2 = 'admitted' THEN now() + make_interval(secs => $3) END
         WHERE id = $1 AND status = 'pending' AND expires_at > now() RETURNING *)
       SELECT ${KNOCK_COLUMNS} FROM k JOIN space s ON s.id = k.space_id`,
      [id, status, admissionSeconds],
    );
    return rows[0] ? toKnock(rows[0]) : null;
  }

  /**
   * Expires unanswered knocks. Each row is claimed by exactly one statement, so with several
   * processes (or after a restart) every expiry is announced once.
   */
  async expireKnocks(): Promise<KnockRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `WITH k AS (
         UPDATE knock SET status = 'expired', resolved_at = now()
         WHERE status = 'pending' AND expires_at <= now() RETURNING *)
       SELECT ${KNOCK_COLUMNS} FROM k JOIN space s ON s.id = k.space_id`,
    );
    return rows.map(toKnock);
  }

  async hasAdmission(spaceId: string, visitorId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM knock WHERE space_id = $1 AND visitor_id = $2 AND status = 'admitted'
         AND admission_used_at IS NULL AND admission_expires_at > now() LIMIT 1`,
      [spaceId, visitorId],
    );
    return rows.length > 0;
  }

  /** Uses an admission (once: a concurrent second use finds it used and gets nothing). */
  async useAdmission(spaceId: string, visitorId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH u AS (
         UPDATE knock SET admission_used_at = now()
         WHERE id = (SELECT id FROM knock WHERE space_id = $1 AND visitor_id = $2 AND status = 'admitted'
                       AND admission_used_at IS NULL AND admission_expires_at > now()
                     ORDER BY resolved_at DESC LIMIT 1)
           AND admission_used_at IS NULL RETURNING id)
       SELECT id FROM u`,
      [spaceId, visitorId],
    );
    return rows.length === 1;
  }

  async knocksOn(spaceId: string, limit: number): Promise<KnockRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${KNOCK_COLUMNS} FROM knock k JOIN space s ON s.id = k.space_id
       WHERE k.space_id = $1 ORDER BY k.created_at DESC LIMIT $2`,
      [spaceId, limit],
    );
    return rows.map(toKnock);
  }
}
