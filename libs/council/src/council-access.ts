import { AppError, isClerkOrAdmin, isCouncilChair, type AuthUser } from '@egov-box/platform';
import type { DirectoryReader } from '@egov-box/directory';
import type { EntityManager } from 'typeorm';
import type { CouncilBody, CouncilSession } from './entities/index.js';

/**
 * Who sees sittings still in draft: the clerks, who prepare them, and the council's chair, who
 * convenes the council and prepares its sittings (ЗМСМА чл. 25). Nobody else — not the
 * members, not the public — until the clerk publishes the sitting.
 */
export const seesDrafts = (u: Pick<AuthUser, 'roles'>): boolean => isClerkOrAdmin(u) || isCouncilChair(u);

/** Whether the actor (`null`: anyone, on the public routes) may see this sitting: a draft only if they see drafts. */
export function maySeeSitting(actor: AuthUser | null, s: Pick<CouncilSession, 'status'>): boolean {
  return s.status !== 'draft' || (actor !== null && seesDrafts(actor));
}

/**
 * 404 (`what`: "Council session" unless a sitting's file is asked for) for a sitting that does
 * not exist or that the actor (`null`: anyone) may not see: a hidden draft is not there.
 */
export function assertSittingVisible<S extends Pick<CouncilSession, 'status'>>(
  actor: AuthUser | null,
  s: S | null | undefined,
  what = 'Council session',
): asserts s is S {
  if (!s || !maySeeSitting(actor, s)) throw AppError.notFound(what);
}

/**
 * Who chairs a meeting of this body: the council_chair always; for a committee meeting also
 * the committee's own chair.
 */
export function actsAsChair(u: AuthUser, body: Pick<CouncilBody, 'kind' | 'chairId'>): boolean {
  return isCouncilChair(u) || (body.kind === 'committee' && body.chairId === u.id);
}

/**
 * The council's chair: the first enabled account with the `council_chair` role (чл. 24 ЗМСМА:
 * the council elects one chair from its members), read through the directory.
 */
export function councilChairId(directory: DirectoryReader, em?: EntityManager): Promise<string | null> {
  return directory.firstEnabledWith('council_chair', em);
}
