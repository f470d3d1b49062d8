import type { AuthUser } from '@egov-box/platform';
import type { CouncilBody } from './entities/index.js';

/** Who prepares sessions and records for others. */
export const CLERK_ROLES = ['clerk', 'admin'] as const;
export const isClerk = (u: AuthUser) => u.roles.some((r) => (CLERK_ROLES as readonly string[]).includes(r));
/** The council's chair (also chairs any committee meeting). */
export const isCouncilChair = (u: AuthUser) => u.roles.includes('council_chair');
/** Who sees sessions still in draft. */
export const seesDrafts = (u: AuthUser) => isClerk(u) || isCouncilChair(u);

/**
 * Who chairs a meeting of this body: the council_chair always; for a committee meeting also
 * the committee's own chair.
 */
export function actsAsChair(u: AuthUser, body: Pick<CouncilBody, 'kind' | 'chairId'>): boolean {
  return isCouncilChair(u) || (body.kind === 'committee' && body.chairId === u.id);
}
