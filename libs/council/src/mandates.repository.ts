import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { refusedBy } from '@egov-box/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilErrors } from './council.errors.js';
import { CouncilMandate, CouncilSeatHolder } from './entities/index.js';

/** The council's mandates and the history of who held its seats. */
@Injectable()
export class MandatesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private m(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * The mandate in force on `day` (an SQL date expression, e.g. a `YYYY-MM-DD` parameter) as
   * SQL: the latest started on or before it (before the first one: the first). Also read by the
   * access checks.
   */
  static mandateOn(day: string): string {
    return `(SELECT id FROM council_mandate
      ORDER BY (starts_on <= ${day}::date) DESC,
        CASE WHEN starts_on <= ${day}::date THEN starts_on END DESC NULLS LAST, starts_on
      LIMIT 1)`;
  }

  /** The mandate in force on this day (see `mandateOn`). */
  async mandateIdOn(day: string, em?: EntityManager): Promise<string> {
    const rows: { id: string }[] = await this.m(em).query(`SELECT ${MandatesRepository.mandateOn('$1')} AS id`, [day]);
    if (!rows[0]?.id) throw new Error('no council mandate (the CouncilMandates migration creates one)');
    return rows[0].id;
  }

  /** Newest first. */
  mandates(em?: EntityManager): Promise<CouncilMandate[]> {
    return this.m(em)
      .getRepository(CouncilMandate)
      .find({ order: { startsOn: 'DESC' } });
  }

  mandate(id: string, em?: EntityManager): Promise<CouncilMandate | null> {
    return this.m(em).getRepository(CouncilMandate).findOneBy({ id });
  }

  /** Locks the mandate's row: changes of its seats are made one at a time. */
  lockMandate(id: string, em: EntityManager): Promise<CouncilMandate | null> {
    return em
      .getRepository(CouncilMandate)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.id = :id', { id })
      .getOne();
  }

  async insertMandate(row: Pick<CouncilMandate, 'name' | 'startsOn' | 'endsOn'>, em: EntityManager): Promise<string> {
    const exists = () => CouncilErrors.mandateExists('A mandate with this name or first day exists');
    const result = await refusedBy(em.getRepository(CouncilMandate).insert(row), {
      UQ_council_mandate_name: exists,
      UQ_council_mandate_starts: exists,
    });
    return (result.identifiers[0] as { id: string }).id;
  }

  /** Every holding of the mandate's seats, by seat and then by date. */
  holdings(mandateId: string, em?: EntityManager): Promise<CouncilSeatHolder[]> {
    return this.m(em)
      .getRepository(CouncilSeatHolder)
      .find({ where: { mandateId }, order: { seat: 'ASC', heldFrom: 'ASC', createdAt: 'ASC' } });
  }

  /** The current holding of a seat, or of a person (held_until null). */
  async current(
    mandateId: string,
    by: { seat: number } | { userId: string },
    em: EntityManager,
  ): Promise<CouncilSeatHolder | null> {
    const rows: CouncilSeatHolder[] = await em
      .getRepository(CouncilSeatHolder)
      .createQueryBuilder('h')
      .where('h.mandate_id = :mandateId AND h.held_until IS NULL', { mandateId })
      .andWhere('seat' in by ? 'h.seat = :seat' : 'h.user_id = :userId', by)
      .getMany();
    return rows[0] ?? null;
  }

  async endHolding(id: string, heldUntil: string, endReason: string, em: EntityManager): Promise<void> {
    await em.getRepository(CouncilSeatHolder).update({ id }, { heldUntil, endReason });
  }

  async insertHolding(
    row: Pick<CouncilSeatHolder, 'mandateId' | 'seat' | 'userId' | 'displayName' | 'heldFrom'>,
    em: EntityManager,
  ): Promise<void> {
    await em.getRepository(CouncilSeatHolder).insert(row);
  }

  /**
   * The highest seat number with a holder now in the mandate in force on `day` or a later
   * one (the council's seats cannot go below it; past mandates keep theirs).
   */
  async highestHeldSeat(day: string, em?: EntityManager): Promise<number> {
    const rows: { n: number | null }[] = await this.m(em).query(
      `SELECT max(h.seat)::int AS n FROM council_seat_holder h JOIN council_mandate m ON m.id = h.mandate_id
       WHERE h.held_until IS NULL
         AND m.starts_on >= COALESCE((SELECT max(starts_on) FROM council_mandate WHERE starts_on <= $1::date), '-infinity')`,
      [day],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Who holds a seat of the mandate now (the candidates for a seat are the councillors who do not). */
  async seatedNow(mandateId: string): Promise<Set<string>> {
    const rows: { user_id: string }[] = await this.db.query(
      `SELECT user_id FROM council_seat_holder WHERE mandate_id = $1 AND held_until IS NULL`,
      [mandateId],
    );
    return new Set(rows.map((r) => r.user_id));
  }
}
