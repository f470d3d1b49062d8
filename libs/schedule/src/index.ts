export * from './schedule.module.js';
export * from './entities/index.js';
export {
  MeetingsService,
  MeetingsTx,
  type NewMeeting,
  type MeetingChange,
  type ChangeVerdict,
  type MeetingChangeCheck,
  type TimeRange,
} from './meetings.service.js';
export { expandRecurrence, shiftInWallClock, type Occurrence } from './recurrence.js';
export { ScheduleErrors, MAX_OCCURRENCES, JOIN_EARLY_MINUTES, REMINDER_LEAD_MINUTES } from './schedule.errors.js';
export { toSpaceView } from './meeting-view.js';
