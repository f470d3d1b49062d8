/** Error codes of meetings and schedules (beside the common ones). */
export const SCHEDULE_ERRORS = {
  slotTaken: 'slot_taken',
  outsideJoinWindow: 'outside_join_window',
  videoUnavailable: 'video_unavailable',
  invalidRecurrence: 'invalid_recurrence',
  tooManyOccurrences: 'too_many_occurrences',
  meetingCancelled: 'meeting_cancelled',
  notPending: 'not_pending',
  notParticipant: 'not_participant',
  notSeries: 'not_a_series',
} as const;

/** Most occurrences one recurring booking may create. */
export const MAX_OCCURRENCES = 200;

/** Participants may join this long before the start. */
export const JOIN_EARLY_MINUTES = 15;

/** `meeting.reminder` goes out this long before the start. */
export const REMINDER_LEAD_MINUTES = 10;
