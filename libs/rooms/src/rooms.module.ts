import { Module } from '@nestjs/common';
import { PresenceModule } from '@egov-box/presence';
import { ScheduleModule } from '@egov-box/schedule';
import { VideoModule } from '@egov-box/video';
import { KnocksController, PeopleController, RoomsController, SpacesController } from './rooms.controller.js';
import { RoomsGateway } from './rooms.gateway.js';
import { RoomsPersonalData } from './rooms.personal-data.js';
import { RoomsAccessRepository } from './rooms-access.repository.js';
import { RoomsRepository } from './rooms.repository.js';
import { KnocksRetention } from './rooms.retention.js';
import { RoomsService } from './rooms.service.js';

/** Personal rooms, doors, knocking; joining any space's video. */
@Module({
  imports: [VideoModule, PresenceModule, ScheduleModule],
  controllers: [RoomsController, SpacesController, KnocksController, PeopleController],
  providers: [RoomsPersonalData, RoomsRepository, RoomsAccessRepository, RoomsService, RoomsGateway, KnocksRetention],
  exports: [RoomsService],
})
export class RoomsModule {}
