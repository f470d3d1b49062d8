import { Injectable, type OnModuleInit } from '@nestjs/common';
import { affectedRows, PersonalDataService, type PersonalDataProvider } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';

/**
 * Video presence: LiveKit's record of which video rooms the person joined and left (the
 * participant identity is the user's id). Erasure deletes the record of rooms they have left;
 * a row of someone LiveKit still reports in a room stays until they leave (the reconciliation
 * with LiveKit needs it), and retention removes it after its period.
 */
@Injectable()
export class VideoPersonalData implements PersonalDataProvider, OnModuleInit {
  readonly section = 'videoPresence';

  constructor(private readonly registry: PersonalDataService) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(userId: string, em: EntityManager): Promise<unknown> {
    const rows: { room: string; present: boolean; event_at: Date }[] = await em.query(
      `SELECT room, present, event_at FROM livekit_participant WHERE identity = $1 ORDER BY event_at, room`,
      [userId],
    );
    return rows.map((r) => ({ room: r.room, present: r.present, at: new Date(r.event_at).toISOString() }));
  }

  async erase(userId: string, em: EntityManager): Promise<Record<string, number>> {
    const left = await em.query(`DELETE FROM livekit_participant WHERE identity = $1 AND NOT present RETURNING room`, [
      userId,
    ]);
    return { roomsLeftDeleted: affectedRows(left) };
  }
}
