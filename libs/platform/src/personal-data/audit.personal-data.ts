import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalDataService, type PersonalDataProvider } from './personal-data.service.js';

/**
 * The audit log's part: every entry by the person or about them (as a user). The log is
 * append-only (a trigger refuses updates and deletes), so erasure leaves it whole; entries
 * name people by id, and the account behind the id is anonymised by the directory.
 */
@Injectable()
export class AuditPersonalData implements PersonalDataProvider, OnModuleInit {
  readonly section = 'auditLog';

  constructor(private readonly registry: PersonalDataService) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(userId: string, em: EntityManager): Promise<unknown> {
    const rows: {
      id: string;
      at: Date;
      actor_id: string | null;
      action: string;
      target_type: string | null;
      target_id: string | null;
      ip: string | null;
      details: Record<string, unknown>;
    }[] = await em.query(
      `SELECT id::text AS id, at, actor_id, action, target_type, target_id, ip, details FROM audit_event
        WHERE actor_id = $1 OR (target_type = 'user' AND target_id = $2)
        ORDER BY at, id`,
      [userId, userId],
    );
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      byThem: r.actor_id === userId,
      actorId: r.actor_id,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      ip: r.actor_id === userId ? r.ip : null,
      details: r.details,
    }));
  }

  erase(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }
}
