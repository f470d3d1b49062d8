import { defineErrors } from '@egov-box/platform';

/** Error codes of halls and bookings (beside the common ones and `slot_taken`). */
export const HallErrors = defineErrors({
  capacityExceeded: { code: 'capacity_exceeded', status: 400 },
  outsideBookableHours: { code: 'outside_bookable_hours', status: 400 },
  tooShortNotice: { code: 'too_short_notice', status: 400 },
  tooLong: { code: 'too_long', status: 400 },
  beyondBookingWindow: { code: 'beyond_booking_window', status: 400 },
  unknownInvitee: { code: 'unknown_invitee', status: 400 },
  /** `endsAt` is not after `startsAt` (the form shows it at the end field). */
  endsBeforeStart: { code: 'ends_before_start', status: 400 },
});
