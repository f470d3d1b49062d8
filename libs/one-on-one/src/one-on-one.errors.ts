import { defineErrors } from '@egov-box/platform';

/** Error codes of one-on-ones, working hours and absences (beside the common ones). */
export const OneOnOneErrors = defineErrors({
  slotTaken: { code: 'slot_taken', status: 409 },
  /** The exclusion constraint refused the meeting: one of the two is booked then. */
  personBusy: {
    code: 'slot_taken',
    status: 409,
    message: 'One of you is already booked at that time',
    details: { conflicts: [] },
  },
  outsideWorkingHours: { code: 'outside_working_hours', status: 400 },
  inviteeAbsent: { code: 'invitee_absent', status: 400 },
  selfRequest: { code: 'self_request', status: 400 },
  notYourTurn: { code: 'not_your_turn', status: 403, message: 'It is the other side’s turn to answer' },
  requestClosed: { code: 'request_closed', status: 409 },
  unknownSlot: { code: 'unknown_slot', status: 400 },
  slotInPast: { code: 'slot_in_past', status: 400 },
  invalidSlot: { code: 'invalid_slot', status: 400 },
  invalidWorkingHours: { code: 'invalid_working_hours', status: 400 },
  overlappingWorkingHours: { code: 'overlapping_working_hours', status: 400 },
  invalidTimeZone: { code: 'invalid_time_zone', status: 400 },
  invalidAbsence: { code: 'invalid_absence', status: 400 },
  invalidSubstitute: { code: 'invalid_substitute', status: 400 },
  invalidWindow: { code: 'invalid_window', status: 400 },
  windowTooLong: { code: 'window_too_long', status: 400 },
  useOneOnOneFlow: { code: 'use_one_on_one_flow', status: 409 },
  notFound: { code: 'not_found', status: 404, message: 'One-on-one request not found' },
  /** Accepting a slot that has already begun. */
  slotBegun: { code: 'slot_in_past', status: 409 },
  /** The invitee has no personal room to meet in. */
  noPersonalRoom: { code: 'no_personal_room', status: 409 },
});

/** Free slots: at least this long from now. */
export const MIN_NOTICE_MINUTES = 120;
/** Free slots keep this far from other meetings. */
export const BUFFER_MINUTES = 15;
/** Free slots start on this wall-clock grid. */
export const GRID_MINUTES = 15;
/** The longest free-slot window. */
export const MAX_WINDOW_DAYS = 31;
/** How often pending requests whose slots have all passed are expired. */
export const EXPIRY_SWEEP_MS = 60_000;
