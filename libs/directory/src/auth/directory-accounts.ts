import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@egov-box/contracts';
import { AppConfig, AuditService, Poller } from '@egov-box/platform';
import { DataSource, IsNull } from 'typeorm';
import { AppUser } from '../entities/app-user.entity.js';
import { Department } from '../entities/department.entity.js';
import { AccountTaken, UsersRepository } from '../users/users.repository.js';
import { LdapDirectory, type DirectoryPerson } from './ldap-directory.js';
import { DirectoryErrors } from '../directory.errors.js';
import { SignInSessionsEnded } from './sign-in-sessions-ended.js';

/**
 * What a directory account keeps in `password_hash`: no argon2 hash looks like this, so no
 * password ever matches it on the local path (and it is not erasure's `!erased!` marker).
 */
export const DIRECTORY_PASSWORD_MARKER = '*directory*';

const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Portal accounts of directory people: created on the first sign-in (the database trigger gives
 * them their personal room), refreshed at every sign-in and by the periodic sync, disabled by the
 * sync once the directory no longer matches them (removed, or excluded by LDAP_USER_FILTER).
 */
@Injectable()
export class DirectoryAccounts implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DirectorySync');
  private readonly poller = new Poller(this.logger, 'directory sync', () => this.syncIfDue());

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersRepository,
    private readonly directory: LdapDirectory,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly signInSessionsEnded: SignInSessionsEnded,
  ) {}

  onModuleInit(): void {
    if (this.config.ldap) this.poller.start(Math.min(this.config.ldap.syncMs, 60_000));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /**
   * The portal account of a person the directory has just verified: found by the directory's
   * id, else created. A username already held by another account (a local one, or a directory
   * person since removed) is never taken over: 409 directory_account_conflict.
   */
  async signedIn(person: DirectoryPerson, username: string, ip: string): Promise<AppUser> {
    let user = await this.byDirectoryId(person.directoryId);
    if (!user) {
      const holder = await this.users.findForLogin(username);
      if (holder) {
        await this.audit.record({
          actorId: holder.id,
          action: 'directory_account_conflict',
          targetType: 'username',
          targetId: username,
          ip,
        });
        throw DirectoryErrors.directoryAccountConflict(
          'Another portal account has this username; an administrator must resolve it',
        );
      }
      try {
        user = await this.users.insert({
          username,
          displayName: person.name ?? username,
          passwordHash: DIRECTORY_PASSWORD_MARKER,
          email: person.email,
          roles: person.roles,
          departmentId: await this.departmentId(person.department),
          authSource: 'directory',
          directoryId: person.directoryId,
        });
      } catch (err) {
        // Two first sign-ins at once: the other one created it.
        if (!(err instanceof AccountTaken)) throw err;
        user = await this.byDirectoryId(person.directoryId);
        if (!user) throw DirectoryErrors.directoryAccountConflict('Another portal account has this username');
        return this.refresh(user, person, username);
      }
      await this.audit.record({
        actorId: null,
        action: 'user_created',
        targetType: 'user',
        targetId: user.id,
        ip,
        details: { username: user.username, roles: user.roles, source: 'directory' },
      });
      return user;
    }
    // A disabled account (by an administrator, by the sync, or erased) is left as it is: the
    // caller refuses it, and an erased person's name must not come back from the directory.
    if (user.disabledAt) return user;
    return this.refresh(user, person, username);
  }

  /**
   * Brings name, e-mail, department and roles in line with the directory. Changed roles end
   * the person's sessions (tokens carry the roles), as when an administrator changes them.
   */
  async refresh(user: AppUser, person: DirectoryPerson, username = user.username): Promise<AppUser> {
    const changes: Partial<AppUser> = {};
    if (person.name && person.name !== user.displayName) changes.displayName = person.name;
    if (person.email !== user.email) changes.email = person.email;
    const departmentId = await this.departmentId(person.department);
    if (departmentId !== user.departmentId) changes.departmentId = departmentId;
    if (!sameRoles(person.roles, user.roles)) changes.roles = person.roles;
    if (username !== user.username && !(await this.users.findForLogin(username))) changes.username = username;
    if (!Object.keys(changes).length) return user;
    const ended = await this.users.transaction(async (em) => {
      await this.users.update(user.id, changes, em);
      return changes.roles ? this.users.revokeAllSignInSessions(user.id, 'credentials_changed', em) : [];
    });
    if (ended.length) await this.signInSessionsEnded.announce({ users: [user.id], reason: 'revoked' });
    await this.audit.record({
      actorId: null,
      action: 'user_updated',
      targetType: 'user',
      targetId: user.id,
      details: {
        fields: Object.keys(changes),
        ...(changes.roles ? { roles: changes.roles } : {}),
        source: 'directory',
      },
    });
    return (await this.users.findById(user.id))!;
  }

  /**
   * One sync if it is due across all processes: the UPDATE that moves `next_run_at` forward
   * claims the run; a process that finds it already moved does nothing.
   */
  async syncIfDue(): Promise<void> {
    const ldap = this.config.ldap;
    if (!ldap) return;
    const rows: unknown[] = await this.db.query(
      `WITH claimed AS (
         UPDATE directory_sync SET next_run_at = now() + make_interval(secs => $1)
         WHERE id = 1 AND next_run_at <= now() RETURNING id)
       SELECT id FROM claimed`,
      [ldap.syncMs / 1000],
    );
    if (!rows.length) return;
    await this.sync();
    await this.db.query(`UPDATE directory_sync SET last_finished_at = now() WHERE id = 1`);
  }

  /**
   * Every enabled directory account against the directory, by its stable id: one the filter no
   * longer matches (removed, disabled) is disabled and its sessions and
   * sockets end; the others are refreshed. A directory that does not answer stops the run
   * before anything changes for the rest (nobody is disabled because the directory is down).
   */
  async sync(): Promise<{ checked: number; disabled: number; updated: number }> {
    const accounts = await this.db.getRepository(AppUser).find({
      where: { authSource: 'directory', disabledAt: IsNull() },
      order: { username: 'ASC' },
      relations: { department: true },
    });
    let disabled = 0;
    let updated = 0;
    let checked = 0;
    for (const user of accounts) {
      if (user.disabledAt) continue;
      checked++;
      const person = await this.directory.findById(user.directoryId!);
      if (!person) {
        await this.disable(user, 'not_in_directory');
        disabled++;
        continue;
      }
      const after = await this.refresh(user, person);
      if (after !== user) updated++;
    }
    if (disabled || updated)
      this.logger.log({ event: 'directory_sync', checked, disabled, updated }, 'directory synced');
    return { checked, disabled, updated };
  }

  /** What the administrator's "disable" does: the account, its sessions, its sockets, one audit line. */
  private async disable(user: AppUser, reason: string): Promise<void> {
    await this.users.transaction(async (em) => {
      await this.users.update(user.id, { disabledAt: new Date() }, em);
      await this.users.revokeAllSignInSessions(user.id, 'disabled', em);
    });
    await this.signInSessionsEnded.announce({ users: [user.id], reason: 'disabled' });
    await this.audit.record({
      actorId: null,
      action: 'user_disabled',
      targetType: 'user',
      targetId: user.id,
      details: { source: 'directory', reason },
    });
  }

  private byDirectoryId(directoryId: string): Promise<AppUser | null> {
    return this.db.getRepository(AppUser).findOne({ where: { directoryId }, relations: { department: true } });
  }

  /** The department whose code or name is the directory's value (case-insensitive); else none. */
  private async departmentId(value: string | null): Promise<string | null> {
    if (!value) return null;
    const d = await this.db
      .getRepository(Department)
      .createQueryBuilder('d')
      .where('lower(d.code) = lower(:v) OR lower(d.name) = lower(:v)', { v: value })
      .orderBy('d.code', 'ASC')
      .getOne();
    return d?.id ?? null;
  }
}
