import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { CouncilTables } from './council-tables.js';
import { AgendaItem, AgendaItemTaken, CouncilSession } from './entities/index.js';

/** Sittings and their agendas: `council_session`, `council_agenda_item`, `council_item_taken`. */
@Injectable()
export class SittingsRepository extends CouncilTables {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  /** The next number in the body's series within the mandate. */
  async nextNumber(bodyId: string, mandateId: string, em: EntityManager): Promise<number> {
    // Serialises numbering between concurrent creations (released at commit).
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('council_session_number:' || $1))`, [bodyId]);
    const rows: { n: number }[] = await em.query(
      `SELECT coalesce(max(number), 0)::int + 1 AS n FROM council_session WHERE body_id = $1 AND mandate_id = $2`,
      [bodyId, mandateId],
    );
    return Number(rows[0]!.n);
  }

  async insertSitting(row: Partial<CouncilSession>, items: Partial<AgendaItem>[], em: EntityManager): Promise<string> {
    const result = await em.getRepository(CouncilSession).insert(row);
    const id = (result.identifiers[0] as { id: string }).id;
    await em.getRepository(AgendaItem).insert(items.map((i) => ({ ...i, sessionId: id })));
    return id;
  }

  sitting(id: string, em?: EntityManager): Promise<CouncilSession | null> {
    return this.m(em).getRepository(CouncilSession).findOneBy({ id });
  }

  /** The sitting whose calendar meeting this is (null: not a sitting's). */
  sittingOfMeeting(meetingId: string, em?: EntityManager): Promise<CouncilSession | null> {
    return this.m(em).getRepository(CouncilSession).findOneBy({ meetingId });
  }

  /** Reads the session under a row lock: every change to a session is serialised here. */
  lockSitting(id: string, em: EntityManager): Promise<CouncilSession | null> {
    return em
      .getRepository(CouncilSession)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
  }

  /** Applies changes and raises the version; returns the new version. */
  async bump(id: string, changes: Partial<CouncilSession>, em: EntityManager): Promise<number> {
    await em
      .getRepository(CouncilSession)
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('id = :id', { id })
      .execute();
    const rows: { version: number }[] = await em.query(`SELECT version FROM council_session WHERE id = $1`, [id]);
    return Number(rows[0]!.version);
  }

  /** Every published sitting (never a draft), oldest first: the open data. */
  publishedSittings(): Promise<CouncilSession[]> {
    return this.db.getRepository(CouncilSession).find({
      where: { status: Not('draft') },
      order: { startsAt: 'ASC', number: 'ASC', id: 'ASC' },
    });
  }

  sittings(options: { includeDrafts: boolean }): Promise<CouncilSession[]> {
    return this.db.getRepository(CouncilSession).find({
      where: options.includeDrafts ? {} : { status: Not('draft') },
      order: { startsAt: 'DESC', number: 'DESC' },
      take: 500,
    });
  }

  items(sittingId: string, em?: EntityManager): Promise<AgendaItem[]> {
    return this.m(em)
      .getRepository(AgendaItem)
      .find({ where: { sessionId: sittingId }, order: { position: 'ASC' } });
  }

  /** Records that the item was taken up now (in the activation's transaction, the sitting locked). */
  async takeUp(sittingId: string, itemId: string, em: EntityManager): Promise<void> {
    await em.query(
      `INSERT INTO council_item_taken (session_id, sequence, item_id, taken_at)
       SELECT $1, coalesce(max(sequence), 0) + 1, $2, now() FROM council_item_taken WHERE session_id = $1`,
      [sittingId, itemId],
    );
  }

  /** Every time an item of the sitting was taken up, in order. */
  takings(sittingId: string, em?: EntityManager): Promise<AgendaItemTaken[]> {
    return this.m(em)
      .getRepository(AgendaItemTaken)
      .find({ where: { sessionId: sittingId }, order: { sequence: 'ASC' } });
  }

  item(sittingId: string, itemId: string, em?: EntityManager): Promise<AgendaItem | null> {
    return this.m(em).getRepository(AgendaItem).findOneBy({ id: itemId, sessionId: sittingId });
  }

  async updateSittingFields(id: string, changes: Partial<CouncilSession>, em: EntityManager): Promise<void> {
    await em.getRepository(CouncilSession).update({ id }, changes);
  }

  /**
   * Replaces a draft's agenda: listed items with an id are kept and changed, the others are
   * added, unlisted ones removed (their materials with them); positions follow the order.
   */
  async replaceAgenda(
    sittingId: string,
    items: (Partial<AgendaItem> & { id?: string })[],
    em: EntityManager,
  ): Promise<void> {
    const keep = items.filter((i) => i.id).map((i) => i.id!);
    await em.query(`DELETE FROM council_agenda_item WHERE session_id = $1 AND NOT (id = ANY($2::uuid[]))`, [
      sittingId,
      keep,
    ]);
    // Out of the way of the (session, position) constraint first, then the new numbering.
    await em.query(`UPDATE council_agenda_item SET position = -position WHERE session_id = $1`, [sittingId]);
    const repo = em.getRepository(AgendaItem);
    for (const [i, item] of items.entries()) {
      const { id, ...fields } = item;
      if (id) await repo.update({ id, sessionId: sittingId }, { ...fields, position: i + 1 });
      else await repo.insert({ ...fields, sessionId: sittingId, position: i + 1 });
    }
  }

  /** Which of these items are closed-door, themselves or by their sitting (closed-door.ts), in one query. */
  async closedDoorItemIds(itemIds: string[], em?: EntityManager): Promise<Set<string>> {
    if (!itemIds.length) return new Set();
    const rows: { id: string }[] = await this.m(em).query(
      `SELECT i.id FROM council_agenda_item i JOIN council_session s ON s.id = i.session_id
        WHERE i.id = ANY($1::uuid[]) AND (i.closed_door_at IS NOT NULL OR s.closed_door_at IS NOT NULL)`,
      [[...new Set(itemIds)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Marks the minutes public (once; the first publication time is kept). */
  async publishMinutes(id: string, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE council_session SET minutes_published_at = coalesce(minutes_published_at, now()) WHERE id = $1`,
      [id],
    );
  }
}
