import { AppError } from '@egov-box/platform';

/** Error codes of video (LiveKit). */
export const VideoErrors = {
  unavailable: () =>
    AppError.unavailable('video_unavailable', 'Video is not available right now; everything else works'),
  /** No LIVEKIT_* settings on this portal (a lasting state, unlike an outage). */
  notConfigured: () => AppError.unavailable('video_not_configured', 'Video (LiveKit) is not configured on this portal'),
  badSignature: () => new AppError(401, 'invalid_webhook_signature', 'The webhook signature or body hash is wrong'),
  badEvent: (message: string) => AppError.badRequest('invalid_webhook', message),
  participantNotFound: () => AppError.notFound('Participant'),
  trackNotFound: () => AppError.notFound('Track'),
};
