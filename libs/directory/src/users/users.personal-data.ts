import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { affectedRows, PersonalDataService, type ErasureContext, type PersonalDataProvider } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';

/** An erased account: its password hash is the marker erasure writes (no argon2 hash starts with `!`). */
export const ERASED = `password_hash LIKE '!erased!%'`;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * The directory's part of a person's data: the account, its sign-in sessions and the personal
 * room. Erasure runs last (the other libraries decide first whether the council's public
 * record keeps the person's name) and leaves an anonymous, disabled account: the row stays
 * because every record that names the person refers to it by id.
 */
@Injectable()
export class UsersPersonalData implements PersonalDataProvider, OnModuleInit {
  readonly section = 'account';
  readonly eraseOrder = 100;

  constructor(private readonly registry: PersonalDataService) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(userId: string, em: EntityManager): Promise<unknown> {
    const [user] = (await em.query(
      `SELECT u.id, u.username, u.display_name, u.public_name, u.email, u.roles, u.locale, u.time_zone,
              u.created_at, u.updated_at, u.disabled_at, u.auth_source, u.directory_id, d.code AS department_code, d.name AS department_name
         FROM app_user u LEFT JOIN department d ON d.id = u.department_id WHERE u.id = $1`,
      [userId],
    )) as Record<string, unknown>[];
    if (!user) return null;
    const signInSessions: Record<string, unknown>[] = await em.query(
      `SELECT created_at, last_used_at, expires_at, revoked_at, revoked_reason, user_agent, ip
         FROM refresh_session WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
    const rooms: Record<string, unknown>[] = await em.query(
      `SELECT id, name, door, created_at FROM space WHERE owner_id = $1 ORDER BY created_at`,
      [userId],
    );
    return {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      publicName: user.public_name,
      email: user.email,
      department: user.department_code ? { code: user.department_code, name: user.department_name } : null,
      roles: user.roles,
      locale: user.locale,
      timeZone: user.time_zone,
      authSource: user.auth_source,
      directoryId: user.directory_id,
      createdAt: iso(user.created_at as Date),
      updatedAt: iso(user.updated_at as Date),
      disabledAt: iso(user.disabled_at as Date | null),
      sessions: signInSessions.map((s) => ({
        createdAt: iso(s.created_at as Date),
        lastUsedAt: iso(s.last_used_at as Date),
        expiresAt: iso(s.expires_at as Date),
        revokedAt: iso(s.revoked_at as Date | null),
        revokedReason: s.revoked_reason,
        userAgent: s.user_agent,
        ip: s.ip,
      })),
      personalRooms: rooms.map((r) => ({ id: r.id, name: r.name, door: r.door, createdAt: iso(r.created_at as Date) })),
    };
  }

  async erase(userId: string, em: EntityManager, ctx: ErasureContext): Promise<Record<string, number>> {
    const [{ n }] = (await em.query(`SELECT count(*)::int AS n FROM app_user WHERE ${ERASED}`)) as {
      n: number;
    }[];
    const label = `Бивш служител ${n + 1}`;
    // The name stays only where the law keeps it public (read by the council as public_name).
    await em.query(
      `UPDATE app_user SET
          public_name = CASE WHEN $2 THEN COALESCE(public_name, display_name) ELSE NULL END,
          display_name = $3, username = $4, email = NULL, department_id = NULL, roles = '{}',
          locale = 'bg', password_hash = $5, disabled_at = COALESCE(disabled_at, $6), updated_at = $6
        WHERE id = $1`,
      [
        userId,
        ctx.publicRecords.size > 0,
        label,
        `erased-${userId.slice(0, 8)}-${n + 1}`,
        // Not an argon2 hash: no password can ever match it.
        `!erased!${randomBytes(16).toString('hex')}`,
        ctx.now,
      ],
    );
    const signInSessions = (await em.query(
      `UPDATE refresh_session SET revoked_at = $2, revoked_reason = 'erased'
        WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, ctx.now],
    )) as unknown[];
    // The user agent and address of past sign-ins are personal too.
    await em.query(`UPDATE refresh_session SET user_agent = NULL, ip = NULL WHERE user_id = $1`, [userId]);
    const rooms = (await em.query(
      `UPDATE space SET name = $2, door = 'closed' WHERE owner_id = $1 AND kind = 'personal' RETURNING id`,
      [userId, label],
    )) as unknown[];
    return { sessionsRevoked: affectedRows(signInSessions), roomsRenamed: affectedRows(rooms) };
  }
}
