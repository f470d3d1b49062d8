import { Controller, Get, Header, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateUserRequestSchema,
  ErasePersonalDataRequestSchema,
  IdParamSchema,
  ListUsersQuerySchema,
  UpdateUserRequestSchema,
  type CreateUserRequest,
  type ErasePersonalDataRequest,
  type ListUsersQuery,
  type UpdateUserRequest,
  AdminUsersPageSchema,
  AdminUserViewSchema,
  ErasePersonalDataResponseSchema,
  EndedSignInSessionsSchema,
  PersonalDataExportSchema,
} from '@egov-box/contracts';
import {
  Authenticated,
  CurrentUser,
  ValidBody,
  ValidParams,
  ValidQuery,
  type AuthUser,
  Answers,
} from '@egov-box/platform';
import { UsersService } from './users.service.js';

@ApiTags('administration')
@Controller('admin/users')
@Authenticated({ permission: 'user.manage' })
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Answers(AdminUsersPageSchema)
  @ApiOperation({ summary: 'List users (search by name, filter by role, paged)' })
  list(@CurrentUser() actor: AuthUser, @ValidQuery(ListUsersQuerySchema) query: ListUsersQuery) {
    return this.users.list(actor, query);
  }

  @Post()
  @Answers(AdminUserViewSchema, 201)
  @ApiOperation({ summary: 'Create a user' })
  @ApiConflictResponse({ description: 'username_taken' })
  create(@CurrentUser() actor: AuthUser, @ValidBody(CreateUserRequestSchema) body: CreateUserRequest) {
    return this.users.create(actor, body);
  }

  @Patch(':id')
  @Answers(AdminUserViewSchema)
  @ApiOperation({ summary: 'Change a user (a new password or roles end their sessions)' })
  update(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(UpdateUserRequestSchema) body: UpdateUserRequest,
  ) {
    return this.users.update(actor, params.id, body);
  }

  @Post(':id/disable')
  @Answers(AdminUserViewSchema)
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a user: every session and socket ends at once' })
  disable(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.users.disable(actor, params.id);
  }

  @Post(':id/enable')
  @Answers(AdminUserViewSchema)
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled user' })
  enable(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.users.enable(actor, params.id);
  }

  @Post(':id/sessions/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'End every session of a user (the account stays enabled)' })
  @Answers(EndedSignInSessionsSchema)
  endSignInSessions(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.users.endSignInSessions(actor, params.id);
  }

  @Get(':id/personal-data')
  @Answers(PersonalDataExportSchema)
  @Header('Content-Disposition', 'attachment; filename="personal-data.json"')
  @ApiOperation({
    summary: "Export everything the portal holds about a person (JSON, every library's section; audited)",
  })
  exportPersonalData(@CurrentUser() actor: AuthUser, @ValidParams(IdParamSchema) params: { id: string }) {
    return this.users.exportPersonalData(actor, params.id);
  }

  @Post(':id/erase')
  @Answers(ErasePersonalDataResponseSchema)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Erase a person who has left: private data deleted or anonymised, the account disabled and anonymised; the council record keeps their name (audited)',
  })
  @ApiBadRequestResponse({ description: 'confirmation_mismatch: `confirm` is not the username' })
  @ApiConflictResponse({ description: 'cannot_erase_self, already_erased' })
  erasePersonalData(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(ErasePersonalDataRequestSchema) body: ErasePersonalDataRequest,
  ) {
    return this.users.erasePersonalData(actor, params.id, body);
  }
}
