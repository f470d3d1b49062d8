import { Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateBookingRequestSchema,
  CreateHallRequestSchema,
  IdParamSchema,
  ListHallsQuerySchema,
  UpdateHallRequestSchema,
  type CreateBookingRequest,
  type CreateHallRequest,
  type ListHallsQuery,
  type UpdateHallRequest,
  HallViewSchema,
  BookingViewSchema,
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
import { HallsService } from './halls.service.js';

@ApiTags('halls')
@Controller('halls')
@Authenticated()
export class HallsController {
  constructor(private readonly halls: HallsService) {}

  @Get()
  @ApiOperation({
    summary: 'Halls and chambers, with free/busy for ?date=YYYY-MM-DD or ?week=YYYY-Www (your own bookings named)',
  })
  @Answers([HallViewSchema])
  list(@CurrentUser() viewer: AuthUser, @ValidQuery(ListHallsQuerySchema) query: ListHallsQuery) {
    return this.halls.list(viewer, query);
  }

  @Post()
  @Authenticated({ permission: 'hall.manage' })
  @ApiOperation({ summary: 'Create a hall with its booking policy' })
  @Answers(HallViewSchema, 201)
  create(@CurrentUser() actor: AuthUser, @ValidBody(CreateHallRequestSchema) body: CreateHallRequest) {
    return this.halls.create(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: 'hall.manage' })
  @ApiOperation({ summary: 'Change a hall or its booking policy' })
  @Answers(HallViewSchema)
  update(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(UpdateHallRequestSchema) body: UpdateHallRequest,
  ) {
    return this.halls.update(actor, params.id, body);
  }

  @Post(':id/bookings')
  @ApiOperation({
    summary:
      'Book a hall (optionally a recurring series, all or nothing); 409 slot_taken lists the clashes; 400 ends_before_start',
  })
  @Answers(BookingViewSchema, 201)
  book(
    @CurrentUser() actor: AuthUser,
    @ValidParams(IdParamSchema) params: { id: string },
    @ValidBody(CreateBookingRequestSchema) body: CreateBookingRequest,
  ) {
    return this.halls.book(actor, params.id, body);
  }
}
