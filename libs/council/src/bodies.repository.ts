import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CouncilMemberRef } from '@egov-box/contracts';
import { DirectoryReader } from '@egov-box/directory';
import { refusedBy } from '@egov-box/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilErrors } from './council.errors.js';
import { CouncilTables } from './council-tables.js';
import { CouncilBody, CouncilBodyMember, CouncilSession } from './entities/index.js';
import { MandatesRepository } from './mandates.repository.js';
import { sofiaDay } from './rules.js';

/** The council's bodies (`council_body`, `council_body_member`) and who are their members (the seats held, `council_seat_holder`). */
@Injectable()
export class BodiesRepository extends CouncilTables {
  constructor(
    @InjectDataSource() db: DataSource,
    private readonly directory: DirectoryReader,
  ) {
    super(db);
  }

  /**
   * Members of a body as SQL: the council's are who hold its seats in the mandate (not who
   * has an account or a role); a committee's are its listed members who hold a council seat.
   * `$body` is the body id parameter, `$mandate` the mandate id. Ids only: the names are the
   * directory's (`DirectoryReader.inNameOrder`); a seat's holder always has an account
   * (`FK_council_seat_holder_user`, ON DELETE RESTRICT), so nobody is lost by not joining it.
   */
  private static members(body: string, mandate: string): string {
    return `SELECT h.user_id AS id FROM council_body b
      JOIN council_seat_holder h ON h.mandate_id = ${mandate} AND h.held_until IS NULL
      WHERE b.id = ${body}
        AND (b.kind = 'council'
          OR EXISTS (SELECT 1 FROM council_body_member m WHERE m.body_id = b.id AND m.user_id = h.user_id))`;
  }

  /** Members of the body today, or in a given mandate (ordered by name). */
  async memberIds(bodyId: string, em?: EntityManager, mandateId?: string): Promise<string[]> {
    return (await this.members(bodyId, em, mandateId)).map((m) => m.id);
  }

  /** Members of the body today, or in a given mandate, ordered by name then id (see `inNameOrder`). */
  async members(bodyId: string, em?: EntityManager, mandateId?: string): Promise<CouncilMemberRef[]> {
    const rows: { id: string }[] = await this.m(em).query(
      BodiesRepository.members('$1', mandateId ? '$2::uuid' : MandatesRepository.mandateOn('$2')),
      [bodyId, mandateId ?? sofiaDay(new Date())],
    );
    return this.directory.inNameOrder(
      rows.map((r) => r.id),
      em,
    );
  }

  /** Whether the user is a member of the body today (or in the given mandate: a sitting's). */
  async isMember(bodyId: string, userId: string, em?: EntityManager, mandateId?: string): Promise<boolean> {
    const rows: unknown[] = await this.m(em).query(
      `${BodiesRepository.members('$1', mandateId ? '$3::uuid' : MandatesRepository.mandateOn('$3'))} AND h.user_id = $2`,
      [bodyId, userId, mandateId ?? sofiaDay(new Date())],
    );
    return rows.length > 0;
  }

  /** Which of these users hold a seat of the council today (committee members are chosen from them). */
  async councillors(ids: string[], em?: EntityManager): Promise<string[]> {
    if (!ids.length) return [];
    const rows: { id: string }[] = await this.m(em).query(
      `SELECT user_id AS id FROM council_seat_holder
       WHERE user_id = ANY($1::uuid[]) AND held_until IS NULL AND mandate_id = ${MandatesRepository.mandateOn('$2')}`,
      [[...new Set(ids)], sofiaDay(new Date())],
    );
    return rows.map((r) => r.id);
  }

  body(id: string, em?: EntityManager): Promise<CouncilBody | null> {
    return this.m(em).getRepository(CouncilBody).findOneBy({ id });
  }

  /** The council first, then the committees by name. */
  async bodies(em?: EntityManager): Promise<CouncilBody[]> {
    const rows = await this.m(em).getRepository(CouncilBody).find();
    return rows.sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name, 'bg') : a.kind === 'council' ? -1 : 1,
    );
  }

  async councilBody(em?: EntityManager): Promise<CouncilBody> {
    const body = await this.m(em).getRepository(CouncilBody).findOneBy({ kind: 'council' });
    if (!body) throw new Error('The council body is missing (migration CouncilBodiesVideo not run?)');
    return body;
  }

  async insertBody(row: Partial<CouncilBody>, memberIds: string[], em: EntityManager): Promise<string> {
    const result = await refusedBy(em.getRepository(CouncilBody).insert(row), {
      UQ_council_body_name: () => CouncilErrors.nameTaken('A body with this name exists'),
    });
    const id = (result.identifiers[0] as { id: string }).id;
    await this.setBodyMembers(id, memberIds, em);
    return id;
  }

  async setBodyMembers(bodyId: string, memberIds: string[], em: EntityManager): Promise<void> {
    await em.getRepository(CouncilBodyMember).delete({ bodyId });
    if (memberIds.length)
      await em.getRepository(CouncilBodyMember).insert([...new Set(memberIds)].map((userId) => ({ bodyId, userId })));
  }

  async updateBody(id: string, changes: Partial<CouncilBody>, em: EntityManager): Promise<void> {
    await em.getRepository(CouncilBody).update({ id }, changes);
  }

  lockBody(id: string, em: EntityManager): Promise<CouncilBody | null> {
    return em
      .getRepository(CouncilBody)
      .createQueryBuilder('b')
      .setLock('pessimistic_write')
      .where('b.id = :id', { id })
      .getOne();
  }

  /** A sitting's seats: fixed when it opened; the body's until then. */
  async seatsOf(s: Pick<CouncilSession, 'seats' | 'bodyId'>, em?: EntityManager): Promise<number> {
    return s.seats ?? (await this.body(s.bodyId, em))!.seats;
  }
}
