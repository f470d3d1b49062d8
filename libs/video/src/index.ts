export * from './video.module.js';
