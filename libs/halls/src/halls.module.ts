import { Module } from '@nestjs/common';
import { ScheduleModule } from '@egov-box/schedule';
import { HallsController } from './halls.controller.js';
import { HallsRepository } from './halls.repository.js';
import { HallsService } from './halls.service.js';

/** Meeting halls and their booking policies; bookings are meetings (libs/schedule). */
@Module({
  imports: [ScheduleModule],
  controllers: [HallsController],
  providers: [HallsRepository, HallsService],
  exports: [HallsService],
})
export class HallsModule {}
