import { Knock } from './entities/knock.entity.js';

export * from './rooms.module.js';
export { RoomsService, ADMISSION_SECONDS, KNOCKS_PER_MINUTE } from './rooms.service.js';
export { Knock };
export { RoomErrors } from './rooms.errors.js';
export const ROOMS_ENTITIES = [Knock];
