import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthUser } from '@egov-box/platform';
import { UsersService } from './users.service.js';

@ApiTags('people')
@Controller('departments')
@Authenticated()
export class DepartmentsController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: "The municipality's departments, by name (for the people directory's filter)" })
  list(@CurrentUser() actor: AuthUser) {
    return this.users.departments(actor);
  }
}
