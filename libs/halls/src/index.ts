export * from './halls.module.js';
