import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService } from '@egov-box/platform';
import { DataSource } from 'typeorm';

/**
 * The one-on-ones' object check for `requireAccess` (rules in libs/platform/src/access/
 * permissions.ts): which of the given requests the actor is one of the two people of.
 */
@Injectable()
export class OneOnOneAccessRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    access: AccessService,
  ) {
    access.provide('oneOnOne.party', async (actor, ids) => {
      const rows: { id: string }[] = await this.db.query(
        `SELECT r.id FROM one_on_one_request r
          WHERE r.id = ANY($1::uuid[]) AND (r.requester_id = $2 OR r.invitee_id = $2)`,
        [ids, actor.id],
      );
      return new Set(rows.map((r) => r.id));
    });
  }
}
