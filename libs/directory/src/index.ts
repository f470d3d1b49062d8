export * from './entities/index.js';
export * from './directory.module.js';
export { DirectoryErrors } from './directory.errors.js';
export * from './users/users.service.js';
export * from './users/directory-reader.js';
export * from './users/user-view.js';
export { hashPassword } from './users/password.js';
export {
  ensureInitialAdmin,
  seedDemoMunicipality,
  demoUsers,
  DEMO_DEPARTMENTS,
  DEMO_HALLS,
} from './seed/demo-municipality.js';
export { REFRESH_COOKIE } from './auth/auth.controller.js';
