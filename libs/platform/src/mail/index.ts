export * from './mail.service.js';
export * from './mail-text.js';
export { MailOutboxEntry, MailPreference } from './mail.entities.js';
