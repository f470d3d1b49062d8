import { AppUser } from './app-user.entity.js';
import { Department } from './department.entity.js';
import { RefreshSession } from './refresh-session.entity.js';
import { Space } from './space.entity.js';

export { AppUser, Department, RefreshSession, Space };
export * from './space.entity.js';
export const DIRECTORY_ENTITIES = [Department, AppUser, RefreshSession, Space];
