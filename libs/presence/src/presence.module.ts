import { Module } from '@nestjs/common';
import { PresenceController } from './presence.controller.js';
import { PresenceGateway } from './presence.gateway.js';
import { PresenceRepository } from './presence.repository.js';
import { PresenceService } from './presence.service.js';

/** Who is online and where, across processes (Redis) or in this process. */
@Module({
  controllers: [PresenceController],
  providers: [PresenceRepository, PresenceService, PresenceGateway],
  exports: [PresenceService],
})
export class PresenceModule {}
