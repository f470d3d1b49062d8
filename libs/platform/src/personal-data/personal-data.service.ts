import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** What an erasure tells the providers, and what they tell each other. */
export interface ErasureContext {
  /** The administrator who erases. */
  actorId: string;
  /** When the erasure happens (one instant for every provider). */
  now: Date;
  /**
   * Sections whose records the law keeps public under the person's name (the council's
   * votes, attendance, speeches …). A provider that finds such records adds its section; the
   * directory then keeps the name for those records only (`app_user.public_name`).
   */
  publicRecords: Set<string>;
}

/**
 * One library's part of a person's data. The library owns the tables it reads and writes here
 * (no provider touches another library's tables); `export` returns plain JSON, `erase` deletes
 * or anonymises what is private and returns what it did (counts, for the audit line).
 */
export interface PersonalDataProvider {
  /** The export's key for this part, e.g. `account`, `knocks`. */
  readonly section: string;
  /**
   * Erasure order: lower first. Providers that only decide (the council's public record) go
   * before the directory, which anonymises the account last.
   */
  readonly eraseOrder?: number;
  export(userId: string, em: EntityManager): Promise<unknown>;
  erase(userId: string, em: EntityManager, ctx: ErasureContext): Promise<Record<string, number>>;
}

/**
 * The registry of personal-data providers: each library registers its own when its module
 * starts. Export and erasure each run in one transaction across every provider, so an
 * erasure that fails anywhere changes nothing.
 */
@Injectable()
export class PersonalDataService {
  private readonly providers = new Map<string, PersonalDataProvider>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  register(provider: PersonalDataProvider): void {
    if (this.providers.has(provider.section)) {
      throw new Error(`personal data section ${provider.section} registered twice`);
    }
    this.providers.set(provider.section, provider);
  }

  sections(): string[] {
    return [...this.providers.keys()].sort();
  }

  /** Every section about this person, read in one transaction (one consistent picture). */
  exportAll(userId: string, em?: EntityManager): Promise<Record<string, unknown>> {
    const run = async (tx: EntityManager) => {
      const out: Record<string, unknown> = {};
      for (const section of this.sections()) out[section] = await this.providers.get(section)!.export(userId, tx);
      return out;
    };
    return em ? run(em) : this.db.transaction('REPEATABLE READ', run);
  }

  /**
   * Erases the person across every provider inside the caller's transaction (the caller
   * checks who may be erased and writes the audit line in the same transaction).
   */
  async eraseAll(
    userId: string,
    em: EntityManager,
    ctx: Omit<ErasureContext, 'publicRecords'>,
  ): Promise<{ publicRecords: string[]; sections: Record<string, Record<string, number>> }> {
    const full: ErasureContext = { ...ctx, publicRecords: new Set() };
    const ordered = [...this.providers.values()].sort(
      (a, b) => (a.eraseOrder ?? 0) - (b.eraseOrder ?? 0) || a.section.localeCompare(b.section),
    );
    const sections: Record<string, Record<string, number>> = {};
    for (const p of ordered) sections[p.section] = await p.erase(userId, em, full);
    return { publicRecords: [...full.publicRecords].sort(), sections };
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}

/**
 * How many rows an `UPDATE`/`DELETE … RETURNING` run through `em.query` touched: the `pg`
 * driver answers `[rows, count]`, PGlite the rows.
 */
export function affectedRows(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[1];
  }
  return Array.isArray(result) ? result.length : 0;
}
