import { Module } from '@nestjs/common';
import { VideoModule } from '@egov-box/video';
import { CalendarFeedService } from './calendar-feed.service.js';
import { MeetingVideoService } from './meeting-video.service.js';
import { CalendarFeedController, MeetingsController } from './meetings.controller.js';
import { MeetingsRepository } from './meetings.repository.js';
import { MeetingsService } from './meetings.service.js';
import { ScheduleAccessRepository } from './schedule-access.repository.js';
import { RemindersService } from './reminders.service.js';
import { SchedulesService } from './schedules.service.js';
import { SchedulePersonalData } from './schedule.personal-data.js';

/** Meetings of every kind, schedules, invitations, reminders and calendar feeds. */
@Module({
  imports: [VideoModule],
  controllers: [MeetingsController, CalendarFeedController],
  providers: [
    SchedulePersonalData,
    MeetingsRepository,
    ScheduleAccessRepository,
    MeetingsService,
    SchedulesService,
    CalendarFeedService,
    RemindersService,
    MeetingVideoService,
  ],
  exports: [MeetingsService],
})
export class ScheduleModule {}
