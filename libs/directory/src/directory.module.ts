import { Global, Module } from '@nestjs/common';
import { SignInSessionCheck } from '@egov-box/platform';
import { AuthController, MeController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { DirectoryAccounts } from './auth/directory-accounts.js';
import { LdapDirectory } from './auth/ldap-directory.js';
import { LocalStrategy } from './auth/local.strategy.js';
import { DirectorySignInSessionCheck } from './auth/sign-in-session-check.js';
import { SignInSessionsEnded } from './auth/sign-in-sessions-ended.js';
import { SignInSessionsRetention } from './auth/sign-in-sessions.retention.js';
import { AdminUsersController } from './users/admin-users.controller.js';
import { DepartmentsController } from './users/departments.controller.js';
import { DirectoryReader } from './users/directory-reader.js';
import { UsersPersonalData } from './users/users.personal-data.js';
import { UsersRepository } from './users/users.repository.js';
import { UsersService } from './users/users.service.js';

/** Users, departments, sessions and sign-in. Global: every module needs to know who is who. */
@Global()
@Module({
  controllers: [AuthController, MeController, AdminUsersController, DepartmentsController],
  providers: [
    UsersRepository,
    UsersService,
    DirectoryReader,
    UsersPersonalData,
    AuthService,
    LocalStrategy,
    LdapDirectory,
    DirectoryAccounts,
    SignInSessionsRetention,
    SignInSessionsEnded,
    { provide: SignInSessionCheck, useClass: DirectorySignInSessionCheck },
  ],
  exports: [UsersService, DirectoryReader, SignInSessionCheck],
})
export class DirectoryModule {}
