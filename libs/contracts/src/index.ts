export * from './roles.js';
export * from './errors.js';
export * from './directory.js';
export * from './events.js';
export * from './rooms.js';
export * from './presence.js';
export * from './schedule.js';
export * from './halls.js';
