import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthUser, Answers } from '@egov-box/platform';
import { DepartmentViewSchema } from '@egov-box/contracts';
import { UsersService } from './users.service.js';

@ApiTags('people')
@Controller('departments')
@Authenticated()
export class DepartmentsController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Answers([DepartmentViewSchema])
  @ApiOperation({ summary: "The municipality's departments, by name (for the people directory's filter)" })
  list(@CurrentUser() actor: AuthUser) {
    return this.users.departments(actor);
  }
}
