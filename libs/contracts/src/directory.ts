import { z } from 'zod';
import { RoleSchema, type Role } from './roles.js';

/** How a person is shown everywhere in the API. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  department: DepartmentView | null;
}

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
}

/** What an administrator sees of an account. */
export interface AdminUserView extends UserView {
  email: string | null;
  locale: string;
  timeZone: string;
  disabled: boolean;
  createdAt: string;
}

const username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash and underscore');
const displayName = z.string().trim().min(1).max(200);
const password = z.string().min(12).max(256);

export const LoginRequestSchema = z.strictObject({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserView;
}

export const CreateUserRequestSchema = z.strictObject({
  username,
  displayName,
  password,
  email: z.email().max(320).optional(),
  roles: z.array(RoleSchema).min(1).max(5),
  departmentId: z.uuid().nullable().optional(),
  locale: z.enum(['bg', 'en']).optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = z
  .strictObject({
    displayName: displayName.optional(),
    password: password.optional(),
    email: z.email().max(320).nullable().optional(),
    roles: z.array(RoleSchema).min(1).max(5).optional(),
    departmentId: z.uuid().nullable().optional(),
    locale: z.enum(['bg', 'en']).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

export const ListUsersQuerySchema = z.strictObject({
  q: z.string().max(100).optional(),
  role: RoleSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuerySchema>;

export const IdParamSchema = z.strictObject({ id: z.uuid() });

/** Erasing a person: the administrator types the person's username to confirm. */
export const ErasePersonalDataRequestSchema = z.strictObject({
  confirm: z.string().min(1).max(256),
});
export type ErasePersonalDataRequest = z.infer<typeof ErasePersonalDataRequestSchema>;

export interface ErasePersonalDataResponse {
  user: AdminUserView;
  /** Sections whose records the law keeps public under the person's former name. */
  publicRecords: string[];
  /** What each section deleted, anonymised or cancelled (counts). */
  sections: Record<string, Record<string, number>>;
}
