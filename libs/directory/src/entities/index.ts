import { AppUser } from './app-user.entity.js';
import { Department } from './department.entity.js';
import { SignInSession } from './sign-in-session.entity.js';
import { Space } from './space.entity.js';

export { AppUser, Department, SignInSession, Space };
export * from './space.entity.js';
export const DIRECTORY_ENTITIES = [Department, AppUser, SignInSession, Space];
