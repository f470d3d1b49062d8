import type { AdminUserView, UserView } from '@egov-box/contracts';
import type { AppUser } from '../entities/app-user.entity.js';

export function toUserView(u: AppUser): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    department: u.department ? { id: u.department.id, code: u.department.code, name: u.department.name } : null,
  };
}

export function toAdminUserView(u: AppUser): AdminUserView {
  return {
    ...toUserView(u),
    email: u.email,
    locale: u.locale,
    timeZone: u.timeZone,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt.toISOString(),
  };
}
