import { Module } from '@nestjs/common';
import { VideoWebhookController } from './video-webhook.controller.js';
import { VideoPersonalData } from './video.personal-data.js';
import { VideoRepository } from './video.repository.js';
import { VideoRetention } from './video.retention.js';
import { VideoService } from './video.service.js';

/** LiveKit: tokens, room service, moderation, webhooks. Used by rooms, schedule and council. */
@Module({
  controllers: [VideoWebhookController],
  providers: [VideoPersonalData, VideoRepository, VideoService, VideoRetention],
  exports: [VideoService],
})
export class VideoModule {}
