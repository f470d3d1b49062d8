import { Global, Module } from '@nestjs/common';
import { SessionCheck } from '@egov-box/platform';
import { AuthController, MeController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { DirectoryAccounts } from './auth/directory-accounts.js';
import { LdapDirectory } from './auth/ldap-directory.js';
import { LocalStrategy } from './auth/local.strategy.js';
import { DirectorySessionCheck } from './auth/session-check.js';
import { SessionsEnded } from './auth/sessions-ended.js';
import { SessionsRetention } from './auth/sessions.retention.js';
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
    SessionsRetention,
    SessionsEnded,
    { provide: SessionCheck, useClass: DirectorySessionCheck },
  ],
  exports: [UsersService, DirectoryReader, SessionCheck],
})
export class DirectoryModule {}
