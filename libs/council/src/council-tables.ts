import type { DataSource, EntityManager } from 'typeorm';

/**
 * What the council's repositories share: each method reads in the caller's transaction when
 * given one (`em`), else on the pool; `transaction` opens one that any of them can join.
 */
export abstract class CouncilTables {
  constructor(protected readonly db: DataSource) {}

  protected m(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
