import { defineErrors } from '@egov-box/platform';

/** Error codes of meetings and schedules (beside the common ones). */
export const ScheduleErrors = defineErrors({
  slotTaken: { code: 'slot_taken', status: 409 },
  outsideJoinWindow: { code: 'outside_join_window', status: 403 },
  invalidRecurrence: { code: 'invalid_recurrence', status: 400 },
  tooManyOccurrences: { code: 'too_many_occurrences', status: 400 },
  meetingCancelled: { code: 'meeting_cancelled', status: 409 },
  notPending: { code: 'not_pending', status: 409 },
  /** Joining the video of a cancelled meeting. */
  joinCancelled: { code: 'meeting_cancelled', status: 403 },
});

/** Most occurrences one recurring booking may create. */
export const MAX_OCCURRENCES = 200;

/** Participants may join this long before the start. */
export const JOIN_EARLY_MINUTES = 15;

/** `meeting.reminder` goes out this long before the start. */
export const REMINDER_LEAD_MINUTES = 10;
