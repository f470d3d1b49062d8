import { AppError, actsOnAnyObject, type AuthUser } from '@egov-box/platform';
import type { DirectoryReader } from '@egov-box/directory';
import type { EntityManager } from 'typeorm';
import type { CouncilBody, CouncilSession } from './entities/index.js';

/**
 * The council's rules are permissions of the vocabulary (libs/platform/src/access/
 * permissions.ts: `council.sitting.read`, `council.sitting.chair`…), answered by
 * `CouncilAccessRepository` through `AccessService.requireAccess`. What is here reads the same
 * rules for what is already loaded (a list, an event's audience).
 */

/**
 * Anyone, without login (the public routes and the `/public` socket): holds no role, so passes
 * only what a rule gives everyone — e.g. `council.sitting.read` of a published sitting.
 */
export const ANYONE: Pick<AuthUser, 'id' | 'roles'> = { id: '00000000-0000-0000-0000-000000000000', roles: [] };

/**
 * Who sees sittings still in draft: those `council.sitting.read` lets see every sitting (the
 * clerks, who prepare them, and the council's chair, who convenes the council: ЗМСМА чл. 25).
 * Nobody else — not the members, not the public — until the clerk publishes the sitting.
 */
export const seesDrafts = (u: Pick<AuthUser, 'roles'>): boolean => actsOnAnyObject(u, 'council.sitting.read');

/**
 * Whether the actor (`null`: anyone, on the public routes) may see this loaded sitting: the
 * `sitting.visible` check of `council.sitting.read` on a row at hand (a draft only if they see drafts).
 */
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
 * Who chairs a meeting of this loaded body (`council.sitting.chair`'s `sitting.chair` check on
 * a row at hand): the council_chair always; for a committee meeting also the committee's own chair.
 */
export function actsAsChair(u: AuthUser, body: Pick<CouncilBody, 'kind' | 'chairId'>): boolean {
  return actsOnAnyObject(u, 'council.sitting.chair') || (body.kind === 'committee' && body.chairId === u.id);
}

/**
 * The council's chair: the first enabled account with the `council_chair` role (чл. 24 ЗМСМА:
 * the council elects one chair from its members), read through the directory.
 */
export function councilChairId(directory: DirectoryReader, em?: EntityManager): Promise<string | null> {
  return directory.firstEnabledWith('council_chair', em);
}
