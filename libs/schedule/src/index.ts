export * from './schedule.module.js';
