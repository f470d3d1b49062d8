import { Module } from '@nestjs/common';
import { ScheduleModule } from '@egov-box/schedule';
import { AvailabilityController, OneOnOneController } from './one-on-one.controller.js';
import { AvailabilityRepository } from './availability.repository.js';
import { AvailabilityService } from './availability.service.js';
import { OneOnOneAccessRepository } from './one-on-one-access.repository.js';
import { OneOnOneRepository } from './one-on-one.repository.js';
import { OneOnOneService } from './one-on-one.service.js';
import { OneOnOnePersonalData } from './one-on-one.personal-data.js';

/** Working hours, absences, free slots and one-on-one requests; meetings via libs/schedule. */
@Module({
  imports: [ScheduleModule],
  controllers: [AvailabilityController, OneOnOneController],
  providers: [
    OneOnOnePersonalData,
    AvailabilityRepository,
    AvailabilityService,
    OneOnOneRepository,
    OneOnOneAccessRepository,
    OneOnOneService,
  ],
  exports: [OneOnOneService],
})
export class OneOnOneModule {}
