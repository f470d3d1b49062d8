import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import { UserViewSchema } from './directory.js';

/** Wall-clock time of day, HH:MM; 24:00 ends a day. */
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM (00:00–24:00)');
/** A calendar date, YYYY-MM-DD. */
const date = z.iso.date();

/** One working interval of a weekday (1 = Monday … 7 = Sunday) in the person's time zone. */
export const WorkingIntervalSchema = z.strictObject({
  weekday: z.number().int().min(1).max(7),
  from: clock,
  to: clock,
});
export type WorkingInterval = z.infer<typeof WorkingIntervalSchema>;

export const DEFAULT_WORKING_TIME_ZONE = 'Europe/Sofia';
/** Everyone's default: Monday–Friday 09:00–17:30, Europe/Sofia. */
export const DEFAULT_WORKING_HOURS: WorkingInterval[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  from: '09:00',
  to: '17:30',
}));

export const WorkingHoursViewSchema = answer('WorkingHoursView', {
  timeZone: z.string(),
  intervals: z.array(WorkingIntervalSchema),
  /** True while the user has stored nothing (the defaults apply). */
  isDefault: z.boolean().describe('True while the user has stored nothing (the defaults apply)'),
});
export type WorkingHoursView = z.infer<typeof WorkingHoursViewSchema>;

/** Replaces all working hours. start < end and no overlaps on a day are checked (400 with a code). */
export const PutWorkingHoursRequestSchema = z.strictObject({
  timeZone: z.string().min(1).max(64).optional(),
  intervals: z.array(WorkingIntervalSchema).min(1).max(50),
});
export type PutWorkingHoursRequest = z.infer<typeof PutWorkingHoursRequestSchema>;

export const ABSENCE_KINDS = ['leave', 'business_trip', 'other'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** Whole days, both inclusive, in the person's time zone. */
export const CreateAbsenceRequestSchema = z.strictObject({
  kind: z.enum(ABSENCE_KINDS),
  startsOn: date,
  endsOn: date,
  substituteId: z.uuid().nullable().optional(),
  note: z.string().trim().max(500).optional(),
});
export type CreateAbsenceRequest = z.infer<typeof CreateAbsenceRequestSchema>;

export const AbsenceViewSchema = answer('AbsenceView', {
  id: z.uuid(),
  userId: z.uuid(),
  kind: z.enum(ABSENCE_KINDS),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  substitute: UserViewSchema.nullable(),
  note: z.string().nullable(),
  createdAt: InstantSchema,
});
export type AbsenceView = z.infer<typeof AbsenceViewSchema>;

export const SlotSchema = z.strictObject({ startsAt: InstantSchema, endsAt: InstantSchema });
export type Slot = z.infer<typeof SlotSchema>;

export const FreeSlotsQuerySchema = z.strictObject({
  from: InstantSchema,
  to: InstantSchema,
  minutes: z.coerce.number().int().min(15).max(480).default(30),
});
export type FreeSlotsQuery = z.infer<typeof FreeSlotsQuerySchema>;

/**
 * A free slot. Slots of the person asked about carry no `substitute`; while that person is
 * absent, the answer suggests their substitute's free slots instead, marked with `substitute`.
 * The answer has every slot of the window (at most 31 days; no paging). `tentative`: the slot
 * touches (within the 15-minute buffer) a meeting the person is invited to and has not
 * answered, or answered „maybe“: it is free unless they accept that one.
 */
export const FreeSlotSchema = answer('FreeSlot', {
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  substitute: UserViewSchema.optional(),
  tentative: z.literal(true).optional(),
});
export type FreeSlot = z.infer<typeof FreeSlotSchema>;

export const ONE_ON_ONE_STATUSES = ['pending', 'accepted', 'declined', 'cancelled', 'expired'] as const;
export type OneOnOneStatus = (typeof ONE_ON_ONE_STATUSES)[number];

const slots = z.array(SlotSchema).min(1).max(3);

export const CreateOneOnOneRequestSchema = z.strictObject({
  inviteeId: z.uuid(),
  topic: z.string().trim().min(1).max(200),
  slots,
});
export type CreateOneOnOneRequest = z.infer<typeof CreateOneOnOneRequestSchema>;

export const AcceptOneOnOneRequestSchema = z.strictObject({ slot: SlotSchema });
export type AcceptOneOnOneRequest = z.infer<typeof AcceptOneOnOneRequestSchema>;

export const ProposeOneOnOneRequestSchema = z.strictObject({ slots });
export type ProposeOneOnOneRequest = z.infer<typeof ProposeOneOnOneRequestSchema>;

export const ReasonRequestSchema = z.strictObject({ reason: z.string().trim().max(1000).optional() });
export type ReasonRequest = z.infer<typeof ReasonRequestSchema>;

export const OneOnOneViewSchema = answer('OneOnOneView', {
  id: z.uuid(),
  topic: z.string(),
  status: z.enum(ONE_ON_ONE_STATUSES),
  requester: UserViewSchema,
  invitee: UserViewSchema,
  /** The slots on the table (the last proposal). */
  slots: z.array(SlotSchema).describe('The slots on the table (the last proposal)'),
  proposedById: z.uuid(),
  /** Who has to answer now (accept, decline or propose); null when nobody has to. */
  awaitingUserId: z.uuid().nullable().describe('Who has to answer now; null when nobody has to'),
  /** The agreed time (kept while a reschedule is being negotiated). */
  acceptedSlot: SlotSchema.nullable().describe('The agreed time (kept while a reschedule is negotiated)'),
  meetingId: z.uuid().nullable(),
  reason: z.string().nullable(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
});
export type OneOnOneView = z.infer<typeof OneOnOneViewSchema>;

export type OneOnOneAction = 'requested' | 'accepted' | 'declined' | 'proposed' | 'cancelled' | 'expired';

/** `one_on_one.requested` (to the invitee) and `one_on_one.updated` (to both sides). */
export interface OneOnOneEvent {
  action: OneOnOneAction;
  actorId: string | null;
  request: OneOnOneView;
}
