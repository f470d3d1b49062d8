import { z } from 'zod';

/** Roles a person holds in the municipality. A user may hold several. */
export const ROLES = ['admin', 'clerk', 'councillor', 'council_chair', 'staff'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);
