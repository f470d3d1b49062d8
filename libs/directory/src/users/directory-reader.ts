import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@egov-box/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { SpaceKind } from '../entities/space.entity.js';

/** A person as other libraries need to name them. */
export interface PersonRef {
  id: string;
  displayName: string;
}

/**
 * How other libraries read people and spaces: the directory owns `app_user` and `space`, and
 * every lookup of another library (the council's names, its chair, the places a sitting may
 * meet) goes through here. Each method takes the caller's transaction when it reads inside one.
 */
@Injectable()
export class DirectoryReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private m(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  /**
   * The names of these users (enabled or not: a record names whoever acted), by id. For the
   * council's record: an erased person named there keeps the name the record had.
   */
  async names(ids: string[], em?: EntityManager): Promise<Map<string, PersonRef>> {
    if (!ids.length) return new Map();
    const rows: { id: string; display_name: string }[] = await this.m(em).query(
      `SELECT id, COALESCE(public_name, display_name) AS display_name FROM app_user WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name }]));
  }

  /**
   * These users by the name a record shows (`public_name` where given, else `display_name`),
   * then by id: a body's members as the council lists them. An id not found is left out.
   */
  async inNameOrder(ids: string[], em?: EntityManager): Promise<PersonRef[]> {
    if (!ids.length) return [];
    const rows: { id: string; display_name: string }[] = await this.m(em).query(
      `SELECT id, COALESCE(public_name, display_name) AS display_name FROM app_user WHERE id = ANY($1::uuid[])
       ORDER BY display_name, id`,
      [[...new Set(ids)]],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
  }

  /** Enabled accounts holding `role`, by their account's `display_name`, then id. */
  async enabledWith(role: Role, em?: EntityManager): Promise<PersonRef[]> {
    const rows: { id: string; display_name: string }[] = await this.m(em).query(
      `SELECT id, display_name FROM app_user WHERE $1 = ANY(roles) AND disabled_at IS NULL ORDER BY display_name, id`,
      [role],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
  }

  /**
   * Accounts holding `role` with their usernames, by username then id (enabled ones only unless
   * `enabledOnly` is false): what the demo seeds match the demo municipality's accounts by.
   */
  async accountsWith(
    role: Role,
    em?: EntityManager,
    { enabledOnly = true }: { enabledOnly?: boolean } = {},
  ): Promise<(PersonRef & { username: string })[]> {
    const rows: { id: string; username: string; display_name: string }[] = await this.m(em).query(
      `SELECT id, username, display_name FROM app_user
        WHERE $1 = ANY(roles) AND ($2::boolean IS FALSE OR disabled_at IS NULL) ORDER BY username, id`,
      [role, enabledOnly],
    );
    return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
  }

  /** An account's own `display_name` (enabled or not; not the record's `public_name`), or null. */
  async accountName(id: string, em?: EntityManager): Promise<string | null> {
    const rows: { display_name: string }[] = await this.m(em).query(`SELECT display_name FROM app_user WHERE id = $1`, [
      id,
    ]);
    return rows[0]?.display_name ?? null;
  }

  /** An enabled account with its roles, or null when it does not exist or is disabled. */
  async enabledUser(id: string, em?: EntityManager): Promise<(PersonRef & { roles: Role[] }) | null> {
    const rows: { id: string; display_name: string; roles: Role[] }[] = await this.m(em).query(
      `SELECT id, display_name, roles FROM app_user WHERE id = $1 AND disabled_at IS NULL`,
      [id],
    );
    return rows[0] ? { id: rows[0].id, displayName: rows[0].display_name, roles: rows[0].roles } : null;
  }

  /** The first enabled account (by creation) holding `role`, e.g. the council's chair. */
  async firstEnabledWith(role: Role, em?: EntityManager): Promise<string | null> {
    const rows: { id: string }[] = await this.m(em).query(
      `SELECT id FROM app_user WHERE $1 = ANY(roles) AND disabled_at IS NULL ORDER BY created_at, id LIMIT 1`,
      [role],
    );
    return rows[0]?.id ?? null;
  }

  /** The space if it exists and is of one of these kinds. */
  async spaceOfKind(id: string, kinds: SpaceKind[]): Promise<{ id: string; kind: SpaceKind } | null> {
    const rows: { id: string; kind: SpaceKind }[] = await this.db.query(
      `SELECT id, kind FROM space WHERE id = $1 AND kind = ANY($2::text[])`,
      [id, kinds],
    );
    return rows[0] ?? null;
  }

  /** A space's name (where a council sitting meets: the chamber or a hall). */
  async spaceName(id: string): Promise<string | null> {
    const rows: { name: string }[] = await this.db.query(`SELECT name FROM space WHERE id = $1`, [id]);
    return rows[0]?.name ?? null;
  }

  /** The names of these spaces, in one query (an id not found is left out). */
  async spaceNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; name: string }[] = await this.db.query(
      `SELECT id, name FROM space WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** A person's personal room, if they have one (where a one-on-one with them meets). */
  async personalSpaceOf(userId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM space WHERE kind = 'personal' AND owner_id = $1 LIMIT 1`,
      [userId],
    );
    return rows[0]?.id ?? null;
  }

  /** The first space of a kind by name (the chamber). */
  async firstSpaceOfKind(kind: SpaceKind): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM space WHERE kind = $1 ORDER BY name, id LIMIT 1`,
      [kind],
    );
    return rows[0]?.id ?? null;
  }
}
