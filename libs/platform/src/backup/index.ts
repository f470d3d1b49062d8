export * from './archive.js';
export * from './backup.js';
export * from './backup.controller.js';
export * from './backup.module.js';
export * from './lock.js';
export * from './restore.js';
