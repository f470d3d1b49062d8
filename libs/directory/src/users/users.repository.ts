import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ListUsersQuery, Role } from '@egov-box/contracts';
import { EntityColumns, containsPattern, foldedSql, refusedBy } from '@egov-box/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AppUser } from '../entities/app-user.entity.js';
import { Department } from '../entities/department.entity.js';
import { SignInSession } from '../entities/sign-in-session.entity.js';
import { ERASED } from './users.personal-data.js';

/** The account's username or directory id is already an account's: the caller says what that means. */
export class AccountTaken extends Error {
  constructor() {
    super('An account with this username or directory id exists');
  }
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  email?: string | null;
  roles: Role[];
  departmentId?: string | null;
  locale?: string;
  authSource?: 'local' | 'directory';
  directoryId?: string | null;
}

/** The only code that reads and writes users, departments and sessions. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Users (alias `u`) with their departments (alias `d`), hydrated as TypeORM would (`EntityColumns`). */
  private readonly userColumns = new EntityColumns(this.db, AppUser, 'u');
  private readonly departmentColumns = new EntityColumns(this.db, Department, 'd');

  private async readWithDepartments(where: string, params: unknown[], em: EntityManager): Promise<AppUser[]> {
    const rows = (await em.query(
      `SELECT ${this.userColumns.select}, ${this.departmentColumns.select}
         FROM app_user u LEFT JOIN department d ON d.id = u.department_id WHERE ${where}`,
      params,
    )) as Record<string, unknown>[];
    return rows.map((row) =>
      Object.assign(this.userColumns.read(row)!, { department: this.departmentColumns.read(row) }),
    );
  }

  /**
   * One query, written out: every `GET /api/me` reads its user here. (`findOne` with a relation
   * asks twice — TypeORM first selects the distinct id under its LIMIT 1 — and TypeORM's query
   * builder spent a sixth of that request's CPU building the same SQL again each time.) The
   * columns are the entity's default selection: not the password hash, not the public name.
   */
  async findById(id: string, em: EntityManager = this.db.manager): Promise<AppUser | null> {
    const [user] = await this.readWithDepartments('u.id = $1', [id], em);
    return user ?? null;
  }

  findByIds(ids: string[]): Promise<AppUser[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.readWithDepartments('u.id = ANY($1::uuid[])', [ids], this.db.manager);
  }

  /** With the password hash, for sign-in only. */
  findForLogin(username: string): Promise<AppUser | null> {
    return this.db
      .getRepository(AppUser)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .leftJoinAndSelect('u.department', 'd')
      .where('u.username = :username', { username })
      .getOne();
  }

  async list(query: ListUsersQuery): Promise<{ items: AppUser[]; total: number }> {
    const qb = this.db
      .getRepository(AppUser)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.department', 'd')
      .orderBy('u.username', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.q) {
      qb.andWhere(`(${foldedSql('u.username')} LIKE :q OR ${foldedSql('u.display_name')} LIKE :q)`, {
        q: containsPattern(query.q),
      });
    }
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /**
   * Creates the account; `AccountTaken` when its username or its directory id is already an
   * account's (the unique constraints `UQ_app_user_username`, `UQ_app_user_directory_id`).
   */
  async insert(user: NewUser, em: EntityManager = this.db.manager): Promise<AppUser> {
    const taken = () => new AccountTaken();
    const saved = await refusedBy(em.getRepository(AppUser).save(em.getRepository(AppUser).create(user)), {
      UQ_app_user_username: taken,
      UQ_app_user_directory_id: taken,
    });
    return (await this.findById(saved.id, em))!;
  }

  async update(id: string, changes: Partial<Omit<AppUser, 'id'>>, em: EntityManager = this.db.manager): Promise<void> {
    await em.getRepository(AppUser).update({ id }, changes);
  }

  /** Whether the account was erased (see users.personal-data.ts). */
  async isErased(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM app_user WHERE id = $1 AND ${ERASED}`, [id]);
    return rows.length > 0;
  }

  departments(): Promise<Department[]> {
    return this.db.getRepository(Department).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  departmentExists(id: string): Promise<boolean> {
    return this.db.getRepository(Department).existsBy({ id });
  }

  // ---- sessions ----

  insertSignInSession(
    signInSession: Omit<SignInSession, 'createdAt' | 'revokedAt' | 'revokedReason' | 'user'>,
  ): Promise<unknown> {
    return this.db.getRepository(SignInSession).insert({ ...signInSession, revokedAt: null, revokedReason: null });
  }

  findSignInSession(id: string): Promise<SignInSession | null> {
    // One query (see findById).
    return this.db
      .getRepository(SignInSession)
      .createQueryBuilder('s')
      .leftJoinAndSelect('s.user', 'u')
      .leftJoinAndSelect('u.department', 'd')
      .where('s.id = :id', { id })
      .getOne();
  }

  /** Rotates the stored hash only if it is still the one presented (no double use). */
  async rotateSignInSession(id: string, oldHash: string, newHash: string, now: Date): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(SignInSession)
      .set({ tokenHash: newHash, lastUsedAt: now })
      .where('id = :id AND token_hash = :oldHash AND revoked_at IS NULL', { id, oldHash })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async revokeSignInSession(id: string, reason: string): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(SignInSession)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
  }

  /** Ends every open session of a user; returns their ids. */
  async revokeAllSignInSessions(
    userId: string,
    reason: string,
    em: EntityManager = this.db.manager,
  ): Promise<string[]> {
    const result = await em
      .createQueryBuilder()
      .update(SignInSession)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  /**
   * When this session runs out if it is alive now (not revoked, not past its limit, its user
   * enabled); null otherwise. One indexed lookup, on every authenticated request and socket
   * handshake the session cache cannot answer (`DirectorySignInSessionCheck`).
   */
  async liveSignInSessionExpiry(signInSessionId: string, userId: string): Promise<Date | null> {
    const rows: { expires_at: Date }[] = await this.db.query(
      `SELECT s.expires_at FROM refresh_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
         AND u.disabled_at IS NULL`,
      [signInSessionId, userId],
    );
    return rows.length ? new Date(rows[0]!.expires_at) : null;
  }

  /**
   * The sessions among these that are alive: not revoked, not past their hard limit, used
   * (refreshed) within `idleSeconds`, their user enabled.
   */
  async activeSignInSessions(signInSessionIds: string[], idleSeconds: number): Promise<Set<string>> {
    if (!signInSessionIds.length) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM refresh_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now()
         AND s.last_used_at > now() - make_interval(secs => $2) AND u.disabled_at IS NULL`,
      [signInSessionIds, idleSeconds],
    );
    return new Set(rows.map((r) => r.id));
  }
}
