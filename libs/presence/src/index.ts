export * from './presence.module.js';
