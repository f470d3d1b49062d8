export * from './council.module.js';
