import { HallPolicyRow } from './entities/hall-policy.entity.js';

export * from './halls.module.js';
export { HallsService } from './halls.service.js';
export { HallErrors } from './halls.errors.js';
export { checkBookingPolicy, withinBookableHours } from './policy.js';
export { HallPolicyRow };
export const HALLS_ENTITIES = [HallPolicyRow];
