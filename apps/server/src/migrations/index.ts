import { Foundation1795000000000 } from './1795000000000-Foundation.js';

/** Every migration, oldest first. A new schema change adds a file here. */
export const MIGRATIONS = [Foundation1795000000000];
