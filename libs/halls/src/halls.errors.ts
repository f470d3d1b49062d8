/** Error codes of halls and bookings (beside the common ones and `slot_taken`). */
export const HALL_ERRORS = {
  capacityExceeded: 'capacity_exceeded',
  outsideBookableHours: 'outside_bookable_hours',
  tooShortNotice: 'too_short_notice',
  tooLong: 'too_long',
  beyondBookingWindow: 'beyond_booking_window',
  notAllowed: 'not_allowed',
  unknownInvitee: 'unknown_invitee',
  /** `endsAt` is not after `startsAt` (the form shows it at the end field). */
  endsBeforeStart: 'ends_before_start',
} as const;
