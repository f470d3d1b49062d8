import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';

export const AuditQuerySchema = z.strictObject({
  actorId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** One line of the audit log. */
export const AuditEventViewSchema = answer('AuditEventView', {
  id: z.string(),
  at: InstantSchema,
  actorId: z.uuid().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof AuditEventViewSchema>;

export const AuditPageSchema = answer('AuditPage', { items: z.array(AuditEventViewSchema), total: z.number().int() });
