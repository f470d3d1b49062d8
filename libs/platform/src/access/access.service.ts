import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { AppError } from '../errors/app-error.js';
import { actsOnAnyObject, rolesOf, ruleOf, type AccessCheck, type Denial, type Permission } from './permissions.js';
import { CommonErrors } from '../errors/common-errors.js';

type Actor = Pick<AuthUser, 'id' | 'roles'>;

/**
 * One object check: of `ids`, the ones the actor may act on — in one query. `anyObject`:
 * the actor holds a role that may act on every object (then: the ids that exist).
 */
export type AccessCheckFn = (actor: Actor, ids: string[], anyObject: boolean) => Promise<Set<string>>;

export function denial(denied: Denial | undefined): AppError {
  if (!denied) return AppError.forbidden();
  return denied.status === 404 ? AppError.notFound(denied.what) : AppError.forbidden(denied.code, denied.message);
}

export function roleRefusal(roles: readonly string[]): AppError {
  return CommonErrors.forbidden(`Needs one of the roles: ${roles.join(', ')}`);
}

/**
 * `requireAccess(actor, permission, ids)`: the first line of every service method. Returns
 * when the actor may; otherwise throws the permission's refusal. The rules are in
 * `permissions.ts`; the object checks are provided by each library's access repository.
 */
@Injectable()
export class AccessService {
  private readonly checks = new Map<AccessCheck, AccessCheckFn>();

  /** A library's access repository answers one of the named checks. */
  provide(check: AccessCheck, fn: AccessCheckFn): void {
    if (this.checks.has(check)) throw new Error(`access check ${check} is provided twice`);
    this.checks.set(check, fn);
  }

  async requireAccess(actor: Actor, permission: Permission, ids: string | readonly string[] = []): Promise<void> {
    const rule = ruleOf(permission);
    const roles = rolesOf(permission);
    if (roles && !actor.roles.some((r) => roles.includes(r)))
      throw rule.refused ? denial(rule.refused) : roleRefusal(roles);
    const wanted = [...new Set(typeof ids === 'string' ? [ids] : ids)];
    if (rule.after) await this.requireAccess(actor, rule.after, wanted);
    if (!rule.check || !wanted.length) return;
    const allowed = await this.run(rule.check, actor, wanted, actsOnAnyObject(actor, permission));
    if (wanted.some((id) => !allowed.has(id))) throw denial(rule.denied);
  }

  /** Of `ids`, the ones the actor may act on under the permission (nothing thrown): for lists. */
  async allowed(actor: Actor, permission: Permission, ids: readonly string[]): Promise<Set<string>> {
    const rule = ruleOf(permission);
    const roles = rolesOf(permission);
    let wanted = [...new Set(ids)];
    if (!wanted.length || (roles && !actor.roles.some((r) => roles.includes(r)))) return new Set();
    if (rule.after) {
      const first = await this.allowed(actor, rule.after, wanted);
      wanted = wanted.filter((id) => first.has(id));
    }
    if (!rule.check || !wanted.length) return new Set(wanted);
    return this.run(rule.check, actor, wanted, actsOnAnyObject(actor, permission));
  }

  private run(name: AccessCheck, actor: Actor, ids: string[], anyObject: boolean): Promise<Set<string>> {
    const check = this.checks.get(name);
    if (!check) throw new Error(`no access repository provides the check ${name}`);
    return check(actor, ids, anyObject);
  }
}
