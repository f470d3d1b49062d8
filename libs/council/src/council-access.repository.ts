import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService } from '@egov-box/platform';
import { DataSource } from 'typeorm';

/**
 * The council's object checks for `requireAccess` (rules in libs/platform/src/access/
 * permissions.ts): each answers, in one query, which of the given bodies, mandates, sittings…
 * the actor may act on. `anyObject` (a role the rule names): every one that exists.
 */
@Injectable()
export class CouncilAccessRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    access: AccessService,
  ) {
    access.provide('councilBody.exists', (_actor, ids) => this.ids('council_body', `TRUE`, ids, []));
    access.provide('mandate.exists', (_actor, ids) => this.ids('council_mandate', `TRUE`, ids, []));
    access.provide('sitting.exists', (_actor, ids) => this.sittings(`TRUE`, ids, []));
    // The draft rule: a draft only to those who see every sitting (the clerks and the council's chair).
    access.provide('sitting.visible', (_actor, ids, any) => this.sittings(`$2 OR s.status <> 'draft'`, ids, [any]));
    // The council's chair chairs every sitting; a committee's chair the sittings of that committee.
    access.provide('sitting.chair', (actor, ids, any) =>
      this.sittings(`$2 OR (b.kind = 'committee' AND b.chair_id = $3)`, ids, [any, actor.id]),
    );
    // A member of the sitting's body in the sitting's mandate: a holder of a council seat then
    // (the council), and for a committee one of its listed members too.
    access.provide('sitting.member', (actor, ids) =>
      this.sittings(
        `EXISTS (SELECT 1 FROM council_seat_holder h
                  WHERE h.mandate_id = s.mandate_id AND h.held_until IS NULL AND h.user_id = $2
                    AND (b.kind = 'council'
                      OR EXISTS (SELECT 1 FROM council_body_member m WHERE m.body_id = b.id AND m.user_id = $2)))`,
        ids,
        [actor.id],
      ),
    );
  }

  /** Of `ids`, the sittings (`s`, with their body `b`) that meet `condition` (`$1`: the ids; then `params`). */
  private async sittings(condition: string, ids: string[], params: unknown[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM council_session s JOIN council_body b ON b.id = s.body_id
        WHERE s.id = ANY($1::uuid[]) AND (${condition})`,
      [ids, ...params],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Of `ids`, those of `table` (aliased `t`) that meet `condition` (`$1`: the ids; then `params`). */
  private async ids(table: string, condition: string, ids: string[], params: unknown[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT t.id FROM ${table} t WHERE t.id = ANY($1::uuid[]) AND (${condition})`,
      [ids, ...params],
    );
    return new Set(rows.map((r) => r.id));
  }
}
