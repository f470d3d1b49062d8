import { Module } from '@nestjs/common';
import { ScheduleModule } from '@egov-box/schedule';
import { HallsController } from './halls.controller.js';
import { HallsAccessRepository } from './halls-access.repository.js';
import { HallsRepository } from './halls.repository.js';
import { HallsService } from './halls.service.js';

/** Meeting halls and their booking policies; bookings are meetings (libs/schedule). */
@Module({
  imports: [ScheduleModule],
  controllers: [HallsController],
  providers: [HallsRepository, HallsAccessRepository, HallsService],
  exports: [HallsService],
})
export class HallsModule {}
