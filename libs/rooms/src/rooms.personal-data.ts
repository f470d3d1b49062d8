import { Injectable, type OnModuleInit } from '@nestjs/common';
import { affectedRows, PersonalDataService, type PersonalDataProvider } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * Knocks: the ones the person made (with their message) and the ones made at their personal
 * room (when and how they ended, but not the other person's message or name: that is theirs).
 * A knock is a short-lived request to come in, so erasure deletes both kinds.
 */
@Injectable()
export class RoomsPersonalData implements PersonalDataProvider, OnModuleInit {
  readonly section = 'knocks';

  constructor(private readonly registry: PersonalDataService) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(userId: string, em: EntityManager): Promise<unknown> {
    const made: Record<string, unknown>[] = await em.query(
      `SELECT k.id, k.space_id, s.name AS space_name, k.message, k.status, k.created_at, k.resolved_at
         FROM knock k JOIN space s ON s.id = k.space_id WHERE k.visitor_id = $1 ORDER BY k.created_at, k.id`,
      [userId],
    );
    const received: Record<string, unknown>[] = await em.query(
      `SELECT k.id, k.status, k.created_at, k.resolved_at FROM knock k JOIN space s ON s.id = k.space_id
        WHERE s.owner_id = $1 AND s.kind = 'personal' ORDER BY k.created_at, k.id`,
      [userId],
    );
    return {
      made: made.map((k) => ({
        id: k.id,
        spaceId: k.space_id,
        spaceName: k.space_name,
        message: k.message,
        status: k.status,
        createdAt: iso(k.created_at as Date),
        resolvedAt: iso(k.resolved_at as Date | null),
      })),
      atMyRoom: received.map((k) => ({
        id: k.id,
        status: k.status,
        createdAt: iso(k.created_at as Date),
        resolvedAt: iso(k.resolved_at as Date | null),
      })),
    };
  }

  async erase(userId: string, em: EntityManager): Promise<Record<string, number>> {
    const made = await em.query(`DELETE FROM knock WHERE visitor_id = $1 RETURNING id`, [userId]);
    const received = await em.query(
      `DELETE FROM knock WHERE space_id IN (SELECT id FROM space WHERE owner_id = $1 AND kind = 'personal') RETURNING id`,
      [userId],
    );
    return { knocksDeleted: affectedRows(made), knocksAtRoomDeleted: affectedRows(received) };
  }
}
