export * from './presence.module.js';
export { PresenceService, type PresenceProvider } from './presence.service.js';
