import type { Role } from '@egov-box/contracts';
import type { AuthUser } from '../auth/auth-user.js';

/**
 * The role lists the permission vocabulary (`permissions.ts`) is written with: who may try an
 * action at all. Whether one may act on a given object (a body's chair, a sitting's members, a
 * draft) is the permission's object check, answered by the feature's access repository; a
 * service asks `requireAccess`, never a role list (but `mayTakeMinutes`, a rule on the user
 * named the minute-taker, not on the actor).
 */

type Actor = Pick<AuthUser, 'roles'>;

const holdsAny = (actor: Actor, roles: readonly Role[]): boolean => actor.roles.some((r) => roles.includes(r));

/**
 * Administrators: they manage accounts, halls, the council's bodies and mandates, the audit log
 * and metrics, and moderate the rooms of halls and the chamber.
 */
export const ADMIN_ROLES: readonly Role[] = ['admin'];

/**
 * Clerks and administrators (the staff of the municipality's office): they prepare council
 * sittings, book, approve and change meetings for others, and record for a member what the
 * member did in the hall (attendance, a conflict of interest, a hand vote).
 */
export const CLERK_OR_ADMIN_ROLES: readonly Role[] = ['clerk', 'admin'];

/** Councillors: members of the council, who check in, declare conflicts, vote and ask for the floor. */
export const COUNCILLOR_ROLES: readonly Role[] = ['councillor'];

/**
 * Who may try a chair's action: the council_chair, or a councillor (chairing a committee).
 * Whether they chair this sitting's body is checked per sitting (`council.sitting.chair`).
 */
export const CHAIR_ROLES: readonly Role[] = ['council_chair', 'councillor'];

/** A councillor acting for themself, or the clerk recording for a member (attendance, conflicts, ballots). */
export const COUNCILLOR_OR_CLERK_ROLES: readonly Role[] = ['councillor', 'clerk', 'admin'];

/** Who reads the council's whole register of decisions: its members, its chair and the clerks. */
export const DECISIONS_READER_ROLES: readonly Role[] = ['councillor', 'council_chair', 'clerk', 'admin'];

/**
 * Who may try to read the minutes being written: the clerks, the chair, the members of the
 * sitting's body and its minute-taker (an official: `staff`); which of them may is checked
 * per sitting.
 */
export const MINUTES_READER_ROLES: readonly Role[] = ['clerk', 'admin', 'council_chair', 'councillor', 'staff'];

/** Who may ask for a correction of the draft minutes: the members of the body and the chair. */
export const CORRECTION_REQUESTER_ROLES: readonly Role[] = ['councillor', 'council_chair'];

/**
 * Who may be named the sitting's minute-taker: staff of the administration — a clerk, an
 * official (`staff`) or an administrator; never a member of the council, who is recorded in
 * the minutes. Checked against the named user's roles, not the actor's.
 */
export const MINUTE_TAKER_ROLES: readonly Role[] = ['clerk', 'staff', 'admin'];
export const mayTakeMinutes = (user: Actor): boolean => holdsAny(user, MINUTE_TAKER_ROLES);
