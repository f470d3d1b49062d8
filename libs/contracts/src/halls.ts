import { z } from 'zod';
import { MeetingViewSchema } from './schedule.js';
import { answer, InstantSchema, named } from './answers.js';
import { RoleSchema } from './roles.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM (00:00–24:00)');

/** One bookable interval of a weekday (1 = Monday … 7 = Sunday), Europe/Sofia wall-clock. */
export const BookableHoursSchema = z
  .strictObject({ weekday: z.number().int().min(1).max(7), from: time, to: time })
  .refine((h) => h.from < h.to, { message: 'from must be before to', path: ['to'] });
export type BookableHours = z.infer<typeof BookableHoursSchema>;

export const DEFAULT_BOOKABLE_HOURS: BookableHours[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  from: '08:00',
  to: '20:00',
}));

export const HallPolicySchema = answer('HallPolicy', {
  bookableHours: z.array(BookableHoursSchema),
  minNoticeMinutes: z.number().int(),
  maxDurationMinutes: z.number().int(),
  bookingWindowDays: z.number().int(),
  bufferMinutes: z.number().int(),
  requiresApproval: z.boolean(),
  /** Empty: everyone may book. Admins and clerks always may. */
  allowedRoles: z.array(RoleSchema).describe('Empty: everyone may book. Admins and clerks always may'),
  /** Empty: every department. */
  allowedDepartmentIds: z.array(z.uuid()).describe('Empty: every department'),
});
export type HallPolicy = z.infer<typeof HallPolicySchema>;

export const DEFAULT_HALL_POLICY: HallPolicy = {
  bookableHours: DEFAULT_BOOKABLE_HOURS,
  minNoticeMinutes: 15,
  maxDurationMinutes: 8 * 60,
  bookingWindowDays: 365,
  bufferMinutes: 0,
  requiresApproval: false,
  allowedRoles: [],
  allowedDepartmentIds: [],
};

export const HallPolicyInputSchema = z.strictObject({
  bookableHours: z.array(BookableHoursSchema).max(50).optional(),
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 60)
    .optional(),
  maxDurationMinutes: z
    .number()
    .int()
    .min(5)
    .max(60 * 24)
    .optional(),
  bookingWindowDays: z.number().int().min(1).max(3650).optional(),
  bufferMinutes: z.number().int().min(0).max(240).optional(),
  requiresApproval: z.boolean().optional(),
  allowedRoles: z.array(RoleSchema).max(10).optional(),
  allowedDepartmentIds: z.array(z.uuid()).max(100).optional(),
});
export type HallPolicyInput = z.infer<typeof HallPolicyInputSchema>;

export const HALL_KINDS = ['hall', 'chamber'] as const;
export type HallKind = (typeof HALL_KINDS)[number];

const equipment = z.array(z.string().trim().min(1).max(60)).max(50);

export const CreateHallRequestSchema = z.strictObject({
  kind: z.enum(HALL_KINDS).default('hall'),
  name: z.string().trim().min(1).max(200),
  capacity: z.number().int().min(1).max(10000),
  location: z.string().trim().max(300).nullable().optional(),
  equipment: equipment.default([]),
  policy: HallPolicyInputSchema.optional(),
});
export type CreateHallRequest = z.infer<typeof CreateHallRequestSchema>;

export const UpdateHallRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    capacity: z.number().int().min(1).max(10000).optional(),
    location: z.string().trim().max(300).nullable().optional(),
    equipment: equipment.optional(),
    policy: HallPolicyInputSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateHallRequest = z.infer<typeof UpdateHallRequestSchema>;

/** `?date=YYYY-MM-DD` (one day) or `?week=YYYY-Www` / `?week=YYYY-MM-DD` (the week holding it). */
export const ListHallsQuerySchema = z
  .strictObject({
    date: z.iso.date().optional(),
    week: z.union([z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/), z.iso.date()]).optional(),
  })
  .refine((q) => !(q.date && q.week), { message: 'give date or week, not both', path: ['week'] });
export type ListHallsQuery = z.infer<typeof ListHallsQuerySchema>;

const range = { startsAt: InstantSchema, endsAt: InstantSchema };
export const TimeRangeSchema = answer('TimeRange', range);
export type TimeRange = z.infer<typeof TimeRangeSchema>;

/**
 * Taken by a pending or confirmed meeting. Titles are not everyone's business: only the
 * viewer's own bookings (they organize them) carry `own: true`, their meeting `id` and `title`.
 */
export const HallBusySlotSchema = named(
  z.union([
    z.object({ ...range, status: z.enum(['pending', 'confirmed']), own: z.never().optional() }),
    z.object({
      ...range,
      status: z.enum(['pending', 'confirmed']),
      own: z.literal(true),
      id: z.uuid(),
      title: z.string(),
    }),
  ]),
  { id: 'HallBusySlot' },
);
export type HallBusySlot = z.infer<typeof HallBusySlotSchema>;

export const HallFreeBusySchema = answer('HallFreeBusy', {
  from: InstantSchema,
  to: InstantSchema,
  /** Taken by pending or confirmed meetings (titles only of the viewer's own bookings). */
  busy: z.array(HallBusySlotSchema),
  /** Bookable and not taken. */
  free: z.array(TimeRangeSchema).describe('Bookable and not taken'),
});
export type HallFreeBusy = z.infer<typeof HallFreeBusySchema>;

export const HallViewSchema = answer('HallView', {
  id: z.uuid(),
  kind: z.enum(HALL_KINDS),
  name: z.string(),
  capacity: z.number().int().nullable(),
  location: z.string().nullable(),
  equipment: z.array(z.string()),
  policy: HallPolicySchema,
  freeBusy: HallFreeBusySchema.optional(),
});
export type HallView = z.infer<typeof HallViewSchema>;

export const CreateBookingRequestSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).optional(),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  inviteeIds: z.array(z.uuid()).max(1000).default([]),
  /** RFC 5545 RRULE (e.g. `FREQ=WEEKLY;COUNT=4`), read in Europe/Sofia wall-clock time. */
  recurrence: z.string().trim().min(1).max(500).optional(),
});
// The end after the start is checked by the halls service, which answers 400 `ends_before_start`
// (a code of its own, so the form can say so at the end field) rather than `validation_failed`.
export type CreateBookingRequest = z.infer<typeof CreateBookingRequestSchema>;

/** A booking made: the meeting, and for a series the occurrences it created. */
export const BookingViewSchema = answer(
  'BookingView',
  {
    ...MeetingViewSchema.shape,
    occurrences: z.array(z.object({ id: z.uuid(), startsAt: InstantSchema, endsAt: InstantSchema })).optional(),
  },
  'The booking made: its meeting (the first occurrence) and, for a series, every occurrence',
);
export type BookingView = z.infer<typeof BookingViewSchema>;
