import { z } from 'zod';
import { answer, InstantSchema, named } from './answers.js';
import { RoleSchema } from './roles.js';

export const DepartmentViewSchema = answer('DepartmentView', {
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
});
export type DepartmentView = z.infer<typeof DepartmentViewSchema>;

export const UserViewSchema = answer(
  'UserView',
  {
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(RoleSchema),
    department: DepartmentViewSchema.nullable(),
  },
  'How a person is shown everywhere in the API',
);
export type UserView = z.infer<typeof UserViewSchema>;

export const AdminUserViewSchema = answer(
  'AdminUserView',
  {
    ...UserViewSchema.shape,
    email: z.string().nullable(),
    locale: z.string(),
    timeZone: z.string(),
    disabled: z.boolean(),
    createdAt: InstantSchema,
  },
  'What an administrator sees of an account',
);
export type AdminUserView = z.infer<typeof AdminUserViewSchema>;

export const AdminUsersPageSchema = answer('AdminUsersPage', {
  items: z.array(AdminUserViewSchema),
  total: z.number().int(),
});

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

export const LoginResponseSchema = answer('LoginResponse', {
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
  user: UserViewSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

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

export const ErasePersonalDataResponseSchema = answer('ErasePersonalDataResponse', {
  user: AdminUserViewSchema,
  /** Sections whose records the law keeps public under the person's former name. */
  publicRecords: z.array(z.string()).describe('Sections whose records the law keeps public under the former name'),
  /** What each section deleted, anonymised or cancelled (counts). */
  sections: z.record(z.string(), z.record(z.string(), z.number().int())),
});
export type ErasePersonalDataResponse = z.infer<typeof ErasePersonalDataResponseSchema>;

/** `POST /api/admin/users/:id/sessions/revoke`: how many sign-in sessions were ended. */
export const EndedSignInSessionsSchema = answer('EndedSignInSessions', { ended: z.number().int() });
export type EndedSignInSessions = z.infer<typeof EndedSignInSessionsSchema>;

/**
 * `GET /api/admin/users/:id/personal-data`: everything the portal holds about a person, one
 * section per library (`account`, `knocks`, `council` …), each in the library's own form.
 */
export const PersonalDataExportSchema = named(z.record(z.string(), z.unknown()), {
  id: 'PersonalDataExport',
  description: "Everything the portal holds about a person: one section per library, each in the library's own form",
});
export type PersonalDataExport = z.infer<typeof PersonalDataExportSchema>;
