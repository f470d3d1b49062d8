import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SittingChangeKind } from '@egov-box/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { SittingChange } from './entities/index.js';

/** The announced changes of published sittings (`council_session_change`). */
@Injectable()
export class SittingChangesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async add(
    change: {
      sessionId: string;
      changedBy: string | null;
      kind: SittingChangeKind;
      reason: string | null;
      details: Record<string, unknown>;
    },
    em: EntityManager,
  ): Promise<void> {
    await em.getRepository(SittingChange).insert(change as never);
  }

  /** A sitting's changes, oldest first. */
  list(sittingId: string, em: EntityManager = this.db.manager): Promise<SittingChange[]> {
    return em.getRepository(SittingChange).find({ where: { sessionId: sittingId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
