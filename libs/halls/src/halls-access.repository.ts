import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService } from '@egov-box/platform';
import { DataSource } from 'typeorm';

/**
 * The halls' object checks for `requireAccess` (rules in libs/platform/src/access/
 * permissions.ts): each answers, in one query, which of the given halls the actor may act on.
 */
@Injectable()
export class HallsAccessRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    access: AccessService,
  ) {
    access.provide('hall.exists', (_actor, ids) => this.ids(`TRUE`, ids, []));
    // A hall's policy may name the roles and the departments that book it; each non-empty
    // list must let the actor in (no policy row: the default, which restricts nobody).
    access.provide('hall.bookable', (actor, ids, any) =>
      this.ids(
        `$2 OR (
           (p.allowed_roles IS NULL OR cardinality(p.allowed_roles) = 0 OR p.allowed_roles && $3::text[])
           AND (p.allowed_department_ids IS NULL OR cardinality(p.allowed_department_ids) = 0
                OR (SELECT u.department_id FROM app_user u WHERE u.id = $4) = ANY(p.allowed_department_ids)))`,
        ids,
        [any, actor.roles, actor.id],
      ),
    );
  }

  private async ids(condition: string, ids: string[], params: unknown[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM space s LEFT JOIN hall_policy p ON p.space_id = s.id
        WHERE s.id = ANY($1::uuid[]) AND s.kind IN ('hall', 'chamber') AND (${condition})`,
      [ids, ...params],
    );
    return new Set(rows.map((r) => r.id));
  }
}
