import { defineErrors } from '@egov-box/platform';

/** Error codes of video (LiveKit). */
export const VideoErrors = defineErrors({
  unavailable: {
    code: 'video_unavailable',
    status: 503,
    message: 'Video is not available right now; everything else works',
  },
  /** No LIVEKIT_* settings on this portal (a lasting state, unlike an outage). */
  notConfigured: {
    code: 'video_not_configured',
    status: 503,
    message: 'Video (LiveKit) is not configured on this portal',
  },
  badSignature: {
    code: 'invalid_webhook_signature',
    status: 401,
    message: 'The webhook signature or body hash is wrong',
  },
  badEvent: { code: 'invalid_webhook', status: 400 },
  participantNotFound: { code: 'not_found', status: 404, message: 'Participant not found' },
  trackNotFound: { code: 'not_found', status: 404, message: 'Track not found' },
});
