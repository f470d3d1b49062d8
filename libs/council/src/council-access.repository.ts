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
