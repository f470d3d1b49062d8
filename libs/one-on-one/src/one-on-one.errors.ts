import { AppError } from '@egov-box/platform';

/** Error codes of one-on-ones, working hours and absences (beside the common ones). */
export const ONE_ON_ONE_ERRORS = {
  slotTaken: 'slot_taken',
  outsideWorkingHours: 'outside_working_hours',
  inviteeAbsent: 'invitee_absent',
  selfRequest: 'self_request',
  notYourTurn: 'not_your_turn',
  requestClosed: 'request_closed',
  unknownSlot: 'unknown_slot',
  slotInPast: 'slot_in_past',
  invalidSlot: 'invalid_slot',
  invalidWorkingHours: 'invalid_working_hours',
  overlappingWorkingHours: 'overlapping_working_hours',
  invalidTimeZone: 'invalid_time_zone',
  invalidAbsence: 'invalid_absence',
  invalidSubstitute: 'invalid_substitute',
  invalidWindow: 'invalid_window',
  windowTooLong: 'window_too_long',
  useOneOnOneFlow: 'use_one_on_one_flow',
} as const;

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

export const OneOnOneErrors = {
  notFound: () => AppError.notFound('One-on-one request'),
  notYourTurn: () => AppError.forbidden(ONE_ON_ONE_ERRORS.notYourTurn, 'It is the other side’s turn to answer'),
  closed: (status: string) =>
    AppError.conflict(ONE_ON_ONE_ERRORS.requestClosed, `The request is ${status}`, { status }),
  personBusy: () =>
    AppError.conflict(ONE_ON_ONE_ERRORS.slotTaken, 'One of you is already booked at that time', { conflicts: [] }),
};
