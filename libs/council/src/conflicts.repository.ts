import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilTables } from './council-tables.js';
import { ConflictDeclaration } from './entities/index.js';

/** Declared conflicts of interest: `council_conflict`. */
@Injectable()
export class ConflictsRepository extends CouncilTables {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  conflicts(sittingId: string, em?: EntityManager): Promise<ConflictDeclaration[]> {
    return this.m(em)
      .getRepository(ConflictDeclaration)
      .find({ where: { sessionId: sittingId }, order: { declaredAt: 'ASC', id: 'ASC' } });
  }

  /** Who declared a conflict of interest on the item. */
  async conflictedOn(itemId: string, em?: EntityManager): Promise<Set<string>> {
    const rows = await this.m(em)
      .getRepository(ConflictDeclaration)
      .find({ where: { itemId }, select: { userId: true } });
    return new Set(rows.map((r) => r.userId));
  }

  async hasConflict(itemId: string, userId: string, em?: EntityManager): Promise<boolean> {
    return (await this.m(em).getRepository(ConflictDeclaration).countBy({ itemId, userId })) > 0;
  }

  async declareConflict(sittingId: string, itemId: string, userId: string, reason: string, em: EntityManager) {
    await em.query(
      `INSERT INTO council_conflict (session_id, item_id, user_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (item_id, user_id) DO UPDATE SET reason = EXCLUDED.reason`,
      [sittingId, itemId, userId, reason],
    );
  }
}
