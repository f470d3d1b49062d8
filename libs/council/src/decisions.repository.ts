import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { CouncilTables } from './council-tables.js';
import { Decision } from './entities/index.js';

/** The register of decisions: `council_decision`. */
@Injectable()
export class DecisionsRepository extends CouncilTables {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  /**
   * Records what a closed vote decided. An adopted decision takes the next number of the
   * body's register in the sitting's mandate under a lock of the body's row, in the transaction that closes the vote:
   * two votes closing at once get consecutive numbers, and a rolled-back close uses none.
   */
  async insertDecision(row: Omit<Partial<Decision>, 'number'>, em: EntityManager): Promise<Decision> {
    let number: number | null = null;
    if (row.outcome === 'adopted') {
      await em.query(`SELECT id FROM council_body WHERE id = $1 FOR UPDATE`, [row.bodyId]);
      const [next] = (await em.query(
        `SELECT COALESCE(MAX(number), 0) + 1 AS n FROM council_decision WHERE body_id = $1 AND mandate_id = $2`,
        [row.bodyId, row.mandateId],
      )) as { n: number }[];
      number = Number(next!.n);
    }
    const result = await em.getRepository(Decision).insert({ ...row, number });
    return (await em.getRepository(Decision).findOneBy({ id: (result.identifiers[0] as { id: string }).id }))!;
  }

  decision(id: string, em?: EntityManager): Promise<Decision | null> {
    return this.m(em)
      .getRepository(Decision)
      .findOne({ where: { id }, relations: { mandate: true } });
  }

  decisionOfVote(voteId: string, em?: EntityManager): Promise<Decision | null> {
    return this.m(em).getRepository(Decision).findOneBy({ voteId });
  }

  async itemAdopted(itemId: string, em?: EntityManager): Promise<boolean> {
    return (await this.m(em).getRepository(Decision).countBy({ itemId, outcome: 'adopted' })) > 0;
  }

  /** The register of a body, mandate by mandate: numbered decisions in order, then the drafts not adopted by time. */
  async decisions(bodyId: string, em?: EntityManager): Promise<Decision[]> {
    return inRegisterOrder(
      this.m(em)
        .getRepository(Decision)
        .createQueryBuilder('d')
        .leftJoinAndSelect('d.mandate', 'mandate')
        .where('d.body_id = :bodyId', { bodyId }),
    ).getMany();
  }

  async lockDecision(id: string, em: EntityManager): Promise<Decision | null> {
    return em
      .getRepository(Decision)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
  }

  async updateDecision(id: string, changes: Partial<Decision>, em: EntityManager): Promise<void> {
    await em.getRepository(Decision).update({ id }, changes);
  }
}

/**
 * The register's order (`d` the decision, `mandate` its mandate joined): mandate by mandate,
 * numbered decisions in order, then the drafts not adopted by time.
 */
export function inRegisterOrder<Q extends SelectQueryBuilder<Decision>>(qb: Q): Q {
  return qb
    .orderBy('mandate.starts_on', 'ASC')
    .addOrderBy('d.number', 'ASC', 'NULLS LAST')
    .addOrderBy('d.decided_at', 'ASC')
    .addOrderBy('d.id', 'ASC');
}
