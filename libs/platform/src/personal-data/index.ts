export * from './personal-data.service.js';
