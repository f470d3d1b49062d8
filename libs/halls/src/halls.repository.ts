import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Space } from '@egov-box/directory';
import { EntityColumns } from '@egov-box/platform';
import { DataSource, In, type EntityManager } from 'typeorm';
import { HallPolicyRow } from './entities/hall-policy.entity.js';

export interface HallRecord {
  space: Space;
  policy: HallPolicyRow | null;
}

/** The only code that reads and writes halls (spaces of kind hall/chamber) and their policies. */
@Injectable()
export class HallsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async list(): Promise<HallRecord[]> {
    const spaces = await this.db
      .getRepository(Space)
      .find({ where: { kind: In(['hall', 'chamber']) }, order: { name: 'ASC' } });
    return this.withPolicies(spaces);
  }

  /** Halls (alias `s`) with their policies (`p`), hydrated as TypeORM would (`EntityColumns`). */
  private readonly spaceColumns = new EntityColumns(this.db, Space, 's');
  private readonly policyColumns = new EntityColumns(this.db, HallPolicyRow, 'p');

  /** A hall or chamber with its policy, in one query (the booking path reads it first). */
  async find(id: string): Promise<HallRecord | null> {
    const [row] = (await this.db.query(
      `SELECT ${this.spaceColumns.select}, ${this.policyColumns.select}
         FROM space s LEFT JOIN hall_policy p ON p.space_id = s.id
        WHERE s.id = $1 AND s.kind IN ('hall', 'chamber')`,
      [id],
    )) as Record<string, unknown>[];
    return row ? { space: this.spaceColumns.read(row)!, policy: this.policyColumns.read(row) } : null;
  }

  private async withPolicies(spaces: Space[]): Promise<HallRecord[]> {
    if (!spaces.length) return [];
    const policies = await this.db.getRepository(HallPolicyRow).findBy({ spaceId: In(spaces.map((s) => s.id)) });
    const byId = new Map(policies.map((p) => [p.spaceId, p]));
    return spaces.map((space) => ({ space, policy: byId.get(space.id) ?? null }));
  }

  async insertSpace(space: Partial<Space>, em: EntityManager): Promise<string> {
    const result = await em.getRepository(Space).insert(space);
    return (result.identifiers[0] as { id: string }).id;
  }

  async updateSpace(id: string, changes: Partial<Space>, em: EntityManager): Promise<void> {
    if (Object.keys(changes).length) await em.getRepository(Space).update({ id }, changes);
  }

  async savePolicy(policy: Omit<HallPolicyRow, 'updatedAt' | 'space'>, em: EntityManager): Promise<void> {
    await em.getRepository(HallPolicyRow).save(policy);
  }

  /** How many of these ids are enabled users. */
  async countUsers(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM app_user WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL`,
      [ids],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
