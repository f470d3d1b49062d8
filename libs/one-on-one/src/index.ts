export * from './one-on-one.module.js';
