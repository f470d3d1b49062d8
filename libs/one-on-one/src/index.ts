export * from './one-on-one.module.js';
export * from './entities/index.js';
export { OneOnOneService } from './one-on-one.service.js';
export {
  OneOnOneErrors,
  MIN_NOTICE_MINUTES,
  BUFFER_MINUTES,
  GRID_MINUTES,
  MAX_WINDOW_DAYS,
} from './one-on-one.errors.js';
export { freeSlots, withinWorkingHours, workingPeriods, type FreeSlotsInput } from './free-slots.js';
