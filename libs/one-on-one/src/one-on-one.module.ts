import { Module } from '@nestjs/common';
import { ScheduleModule } from '@egov-box/schedule';
import { AvailabilityController, OneOnOneController } from './one-on-one.controller.js';
import { OneOnOnePersonalData } from './one-on-one.personal-data.js';
import { OneOnOneRepository } from './one-on-one.repository.js';
import { OneOnOneService } from './one-on-one.service.js';

/** Working hours, absences, free slots and one-on-one requests; meetings via libs/schedule. */
@Module({
  imports: [ScheduleModule],
  controllers: [AvailabilityController, OneOnOneController],
  providers: [OneOnOnePersonalData, OneOnOneRepository, OneOnOneService],
  exports: [OneOnOneService],
})
export class OneOnOneModule {}
