import { LivekitEvent } from './entities/livekit-event.entity.js';
import { LivekitParticipant } from './entities/livekit-participant.entity.js';

export * from './video.module.js';
export {
  VideoService,
  JOIN_TOKEN_TTL_SECONDS,
  ROOM_EMPTY_TIMEOUT_SECONDS,
  type JoinTokenRequest,
  type VideoJoin,
  type OccupancyChange,
  type OccupancyListener,
  type PublishSource,
  type EgressState,
  type EgressListener,
  egressState,
} from './video.service.js';
export { VideoErrors } from './video.errors.js';
export { LivekitEvent, LivekitParticipant };
export const VIDEO_ENTITIES = [LivekitEvent, LivekitParticipant];
