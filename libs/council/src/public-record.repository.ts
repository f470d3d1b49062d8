import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MUNICIPAL_TIME_ZONE, type RegisterQuery, type SittingsQuery } from '@egov-box/contracts';
import { containsPattern, foldedSql } from '@egov-box/platform';
import { DataSource } from 'typeorm';
import { inRegisterOrder } from './decisions.repository.js';
import { CouncilSession, Decision } from './entities/index.js';

/**
 * The public search of the council's record: sittings (never drafts) and the register of
 * decisions, filtered and paged in the database. Words are matched case-insensitively on
 * Bulgarian text whatever the database's locale (`foldedSql`).
 */
@Injectable()
export class PublicRecordRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async sittings(q: SittingsQuery): Promise<{ rows: CouncilSession[]; total: number }> {
    const qb = this.db.getRepository(CouncilSession).createQueryBuilder('s').where(`s.status <> 'draft'`);
    if (q.when === 'upcoming') qb.andWhere(`s.status IN ('published', 'open', 'paused')`);
    if (q.when === 'past') qb.andWhere(`s.status = 'closed'`);
    if (q.bodyId) qb.andWhere('s.body_id = :bodyId', { bodyId: q.bodyId });
    if (q.year)
      qb.andWhere(`extract(year FROM s.starts_at AT TIME ZONE :zone) = :year`, {
        zone: MUNICIPAL_TIME_ZONE,
        year: q.year,
      });
    if (q.q)
      qb.andWhere(
        `(${foldedSql('s.title')} LIKE :q OR EXISTS (SELECT 1 FROM council_agenda_item i WHERE i.session_id = s.id AND ${foldedSql('i.title')} LIKE :q))`,
        { q: containsPattern(q.q) },
      );
    const order = q.when === 'upcoming' ? 'ASC' : 'DESC';
    qb.orderBy('s.starts_at', order).addOrderBy('s.number', order).addOrderBy('s.id', order);
    const [rows, total] = await qb.take(q.limit).skip(q.offset).getManyAndCount();
    return { rows, total };
  }

  /** Decisions of the council's register (`bodyId`), with their item's subject. */
  async register(bodyId: string, q: RegisterQuery): Promise<{ rows: Decision[]; subjects: string[]; total: number }> {
    const qb = this.db
      .getRepository(Decision)
      .createQueryBuilder('d')
      .leftJoinAndSelect('d.mandate', 'mandate')
      .innerJoin('council_agenda_item', 'i', 'i.id = d.item_id')
      .addSelect('i.subject', 'subject')
      .where('d.body_id = :bodyId', { bodyId });
    if (q.number) qb.andWhere('d.number = :number', { number: q.number });
    if (q.outcome) qb.andWhere('d.outcome = :outcome', { outcome: q.outcome });
    if (q.subject) qb.andWhere('i.subject = :subject', { subject: q.subject });
    const day = `(d.decided_at AT TIME ZONE :zone)::date`;
    if (q.from) qb.andWhere(`${day} >= :from::date`, { zone: MUNICIPAL_TIME_ZONE, from: q.from });
    if (q.to) qb.andWhere(`${day} <= :to::date`, { zone: MUNICIPAL_TIME_ZONE, to: q.to });
    if (q.q)
      // The text is searched where the public reads it: of a closed-door item, only an adopted decision's (closed-door.ts).
      qb.andWhere(
        `(${foldedSql('d.title')} LIKE :q OR (${foldedSql(`coalesce(d.text, '')`)} LIKE :q
          AND (d.outcome = 'adopted' OR (i.closed_door_at IS NULL AND NOT EXISTS (
            SELECT 1 FROM council_session cs WHERE cs.id = d.session_id AND cs.closed_door_at IS NOT NULL)))))`,
        { q: containsPattern(q.q) },
      );
    const total = await qb.getCount();
    inRegisterOrder(qb).offset(q.offset).limit(q.limit);
    const { entities, raw } = await qb.getRawAndEntities<{ subject: string }>();
    return { rows: entities, subjects: raw.map((r) => r.subject), total };
  }

  /** One decision of the register (null when there is none, or it is not the council's). */
  async decision(bodyId: string, id: string): Promise<{ row: Decision; subject: string } | null> {
    const { entities, raw } = await this.db
      .getRepository(Decision)
      .createQueryBuilder('d')
      .leftJoinAndSelect('d.mandate', 'mandate')
      .innerJoin('council_agenda_item', 'i', 'i.id = d.item_id')
      .addSelect('i.subject', 'subject')
      .where('d.id = :id AND d.body_id = :bodyId', { id, bodyId })
      .getRawAndEntities<{ subject: string }>();
    return entities[0] ? { row: entities[0], subject: raw[0]!.subject } : null;
  }
}
