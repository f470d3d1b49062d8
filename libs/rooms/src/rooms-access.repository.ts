import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService } from '@egov-box/platform';
import { DataSource } from 'typeorm';

/**
 * The rooms' object checks for `requireAccess` (rules in libs/platform/src/access/
 * permissions.ts): each answers, in one query, which of the given spaces or knocks the actor
 * may act on.
 */
@Injectable()
export class RoomsAccessRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    access: AccessService,
  ) {
    access.provide('space.exists', (_actor, ids) => this.spaces(`TRUE`, ids, []));
    access.provide('room.personal', (_actor, ids) => this.spaces(`s.kind = 'personal'`, ids, []));
    // A personal room: its owner (never an administrator); a hall or the chamber: administrators.
    access.provide('room.moderator', (actor, ids, any) =>
      this.spaces(`(s.kind = 'personal' AND s.owner_id = $2) OR (s.kind <> 'personal' AND $3)`, ids, [actor.id, any]),
    );
    access.provide('knock.exists', (_actor, ids) => this.knocks(`TRUE`, ids, []));
    access.provide('knock.owner', (actor, ids) => this.knocks(`s.owner_id = $2`, ids, [actor.id]));
  }

  private async spaces(condition: string, ids: string[], params: unknown[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM space s WHERE s.id = ANY($1::uuid[]) AND (${condition})`,
      [ids, ...params],
    );
    return new Set(rows.map((r) => r.id));
  }

  private async knocks(condition: string, ids: string[], params: unknown[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT k.id FROM knock k JOIN space s ON s.id = k.space_id WHERE k.id = ANY($1::uuid[]) AND (${condition})`,
      [ids, ...params],
    );
    return new Set(rows.map((r) => r.id));
  }
}
