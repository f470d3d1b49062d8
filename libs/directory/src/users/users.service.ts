import { Injectable } from '@nestjs/common';
import type {
  AdminUserView,
  CreateUserRequest,
  DepartmentView,
  ErasePersonalDataRequest,
  ErasePersonalDataResponse,
  ListUsersQuery,
  UpdateUserRequest,
  UserView,
} from '@egov-box/contracts';
import { AccessService, AppError, AuditService, mayTry, PersonalDataService, type AuthUser } from '@egov-box/platform';
import type { AppUser } from '../entities/app-user.entity.js';
import { hashPassword } from './password.js';
import { toAdminUserView, toUserView } from './user-view.js';
import { AccountTaken, UsersRepository } from './users.repository.js';
import { DirectoryErrors } from '../directory.errors.js';
import { SignInSessionsEnded } from '../auth/sign-in-sessions-ended.js';

/** Who works here: lookups for every module, administration for admins. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly signInSessionsEnded: SignInSessionsEnded,
    private readonly audit: AuditService,
    private readonly personalData: PersonalDataService,
    private readonly access: AccessService,
  ) {}

  async me(actor: AuthUser): Promise<AdminUserView> {
    const user = await this.users.findById(actor.id);
    if (!user) throw AppError.notFound('User');
    return toAdminUserView(user);
  }

  /** Users by id, for other modules (e.g. to show participants). */
  async views(ids: string[]): Promise<UserView[]> {
    return (await this.users.findByIds([...new Set(ids)])).map(toUserView);
  }

  /** Every department (id, code, name): public to any signed-in user. */
  async departments(actor: AuthUser): Promise<DepartmentView[]> {
    await this.access.requireAccess(actor, 'people.read');
    return (await this.users.departments()).map((d) => ({ id: d.id, code: d.code, name: d.name }));
  }

  async get(id: string): Promise<AppUser> {
    const user = await this.users.findById(id);
    if (!user) throw AppError.notFound('User');
    return user;
  }

  async list(actor: AuthUser, query: ListUsersQuery): Promise<{ items: AdminUserView[]; total: number }> {
    await this.access.requireAccess(actor, 'user.manage');
    const { items, total } = await this.users.list(query);
    return { items: items.map(toAdminUserView), total };
  }

  async create(actor: AuthUser, input: CreateUserRequest): Promise<AdminUserView> {
    await this.access.requireAccess(actor, 'user.manage');
    if (input.departmentId && !(await this.users.departmentExists(input.departmentId))) {
      throw DirectoryErrors.unknownDepartment('No such department');
    }
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await this.users.insert({
        username: input.username.toLowerCase(),
        displayName: input.displayName,
        passwordHash,
        email: input.email ?? null,
        roles: [...new Set(input.roles)],
        departmentId: input.departmentId ?? null,
        locale: input.locale ?? 'bg',
      });
      await this.audit.record({
        actorId: actor.id,
        action: 'user_created',
        targetType: 'user',
        targetId: user.id,
        details: { username: user.username, roles: user.roles },
      });
      return toAdminUserView(user);
    } catch (err) {
      if (err instanceof AccountTaken) throw DirectoryErrors.usernameTaken('That username is already taken');
      throw err;
    }
  }

  async update(actor: AuthUser, id: string, input: UpdateUserRequest): Promise<AdminUserView> {
    await this.access.requireAccess(actor, 'user.manage');
    await this.get(id);
    if (input.departmentId && !(await this.users.departmentExists(input.departmentId))) {
      throw DirectoryErrors.unknownDepartment('No such department');
    }
    // An administrator cannot take away their own right to manage accounts (nobody could give it back).
    if (id === actor.id && input.roles && !mayTry({ roles: input.roles }, 'user.manage')) {
      throw DirectoryErrors.cannotDemoteSelf('You cannot remove your own administrator role');
    }
    const { password, ...rest } = input;
    const changes: Partial<AppUser> = { ...rest, ...(rest.roles ? { roles: [...new Set(rest.roles)] } : {}) };
    if (password) changes.passwordHash = await hashPassword(password);
    const ended = await this.users.transaction(async (em) => {
      await this.users.update(id, changes, em);
      // A new password or changed roles end the old sessions: tokens carry the roles.
      return password || rest.roles ? this.users.revokeAllSignInSessions(id, 'credentials_changed', em) : [];
    });
    // Only after the commit: a socket dropped earlier could reconnect while the old session still looks active.
    if (ended.length) await this.signInSessionsEnded.announce({ users: [id], reason: 'revoked' });
    await this.audit.record({
      actorId: actor.id,
      action: 'user_updated',
      targetType: 'user',
      targetId: id,
      details: { fields: Object.keys(input), ...(input.roles ? { roles: input.roles } : {}) },
    });
    return toAdminUserView(await this.get(id));
  }

  /** Disables the account and ends every session and socket of it at once. */
  async disable(actor: AuthUser, id: string): Promise<AdminUserView> {
    await this.access.requireAccess(actor, 'user.manage');
    if (id === actor.id) throw DirectoryErrors.cannotDisableSelf('You cannot disable your own account');
    const user = await this.get(id);
    if (!user.disabledAt) {
      await this.users.transaction(async (em) => {
        await this.users.update(id, { disabledAt: new Date() }, em);
        await this.users.revokeAllSignInSessions(id, 'disabled', em);
      });
    }
    await this.signInSessionsEnded.announce({ users: [id], reason: 'disabled' });
    await this.audit.record({ actorId: actor.id, action: 'user_disabled', targetType: 'user', targetId: id });
    return toAdminUserView(await this.get(id));
  }

  async enable(actor: AuthUser, id: string): Promise<AdminUserView> {
    await this.access.requireAccess(actor, 'user.manage');
    await this.get(id);
    await this.users.update(id, { disabledAt: null });
    await this.audit.record({ actorId: actor.id, action: 'user_enabled', targetType: 'user', targetId: id });
    return toAdminUserView(await this.get(id));
  }

  /** Ends every session of a user without disabling the account. */
  async endSignInSessions(actor: AuthUser, id: string): Promise<{ ended: number }> {
    await this.access.requireAccess(actor, 'user.manage');
    await this.get(id);
    const ended = await this.users.revokeAllSignInSessions(id, 'revoked_by_admin');
    await this.signInSessionsEnded.announce({ users: [id], reason: 'revoked' });
    await this.audit.record({
      actorId: actor.id,
      action: 'sessions_revoked',
      targetType: 'user',
      targetId: id,
      details: { count: ended.length },
    });
    return { ended: ended.length };
  }

  /**
   * Everything the portal holds about one person, every library's section read in one
   * transaction; the audit line is written in the same transaction (no export goes unrecorded).
   */
  async exportPersonalData(actor: AuthUser, id: string): Promise<Record<string, unknown>> {
    await this.access.requireAccess(actor, 'user.manage');
    await this.get(id);
    return this.personalData.transaction(async (em) => {
      const sections = await this.personalData.exportAll(id, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'personal_data_exported',
          targetType: 'user',
          targetId: id,
          details: { sections: Object.keys(sections) },
        },
        em,
      );
      return { exportedAt: new Date().toISOString(), userId: id, ...sections };
    });
  }

  /**
   * Erases a person who has left: every library deletes or anonymises its private data and the
   * account is disabled and anonymised, in one transaction with its audit line; what the law
   * keeps public (the council's record) keeps the person's name. Sockets drop after the commit.
   */
  async erasePersonalData(
    actor: AuthUser,
    id: string,
    input: ErasePersonalDataRequest,
  ): Promise<ErasePersonalDataResponse> {
    await this.access.requireAccess(actor, 'user.manage');
    const user = await this.get(id);
    if (id === actor.id) throw DirectoryErrors.cannotEraseSelf('You cannot erase your own account');
    if (await this.users.isErased(id)) {
      throw DirectoryErrors.alreadyErased('This person has already been erased');
    }
    if (input.confirm.trim().toLowerCase() !== user.username) {
      throw DirectoryErrors.confirmationMismatch("Type the person's username to confirm the erasure");
    }
    const result = await this.personalData.transaction(async (em) => {
      const done = await this.personalData.eraseAll(id, em, { actorId: actor.id, now: new Date() });
      // The audit line names the person by id only: their name is what is being erased.
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'personal_data_erased',
          targetType: 'user',
          targetId: id,
          details: { publicRecords: done.publicRecords, sections: done.sections },
        },
        em,
      );
      return done;
    });
    await this.signInSessionsEnded.announce({ users: [id], reason: 'disabled' });
    return { user: toAdminUserView(await this.get(id)), ...result };
  }
}
