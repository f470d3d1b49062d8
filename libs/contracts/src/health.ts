import { z } from 'zod';
import { answer } from './answers.js';

/** `GET /api/health`: the portal is up and its database answers. */
export const HealthViewSchema = answer('HealthView', {
  status: z.literal('ok'),
  database: z.enum(['postgresql', 'embedded']),
  uptimeSeconds: z.number().int(),
});
export type HealthView = z.infer<typeof HealthViewSchema>;
