/** Socket.IO room names: one place, so that nothing else spells them. */
export const userRoom = (userId: string) => `user:${userId}`;
export const signInSessionRoom = (signInSessionId: string) => `session:${signInSessionId}`;
export const councilRoom = (councilSessionId: string) => `council:${councilSessionId}`;
export const spaceRoom = (spaceId: string) => `space:${spaceId}`;
export const EVERYONE_ROOM = 'everyone';
