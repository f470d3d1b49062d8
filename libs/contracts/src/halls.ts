import { z } from 'zod';
import { InstantSchema } from './schedule.js';
import { RoleSchema, type Role } from './roles.js';

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

export interface HallPolicy {
  bookableHours: BookableHours[];
  minNoticeMinutes: number;
  maxDurationMinutes: number;
  bookingWindowDays: number;
  bufferMinutes: number;
  requiresApproval: boolean;
  /** Empty: everyone may book. Admins and clerks always may. */
  allowedRoles: Role[];
  /** Empty: every department. */
  allowedDepartmentIds: string[];
}

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

export interface TimeRange {
  startsAt: string;
  endsAt: string;
}

export type HallBusySlot = TimeRange & { status: 'pending' | 'confirmed' } & (
    { own?: undefined } | { own: true; id: string; title: string }
  );

export interface HallFreeBusy {
  from: string;
  to: string;
  /**
   * Taken by pending or confirmed meetings. Titles are not everyone's business: only the
   * viewer's own bookings (they organize them) carry `own: true`, their meeting `id` and `title`.
   */
  busy: HallBusySlot[];
  /** Bookable and not taken. */
  free: TimeRange[];
}

export interface HallView {
  id: string;
  kind: HallKind;
  name: string;
  capacity: number | null;
  location: string | null;
  equipment: string[];
  policy: HallPolicy;
  freeBusy?: HallFreeBusy;
}

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
