import { Module } from '@nestjs/common';
import { ScheduleModule } from '@egov-box/schedule';
import { VideoModule } from '@egov-box/video';
import { BodiesService } from './bodies.service.js';
import { DecisionsService } from './decisions.service.js';
import { CouncilVideo } from './council-video.service.js';
import { CouncilController, PublicCouncilController } from './council.controller.js';
import { CouncilPublicGateway, CouncilRealtimeGateway, CouncilWatch } from './council.gateway.js';
import { CouncilAccessRepository } from './council-access.repository.js';
import { AttendanceRepository } from './attendance.repository.js';
import { BodiesRepository } from './bodies.repository.js';
import { ConflictsRepository } from './conflicts.repository.js';
import { DecisionsRepository } from './decisions.repository.js';
import { MaterialsRepository } from './materials.repository.js';
import { MinutesRepository } from './minutes.repository.js';
import { RecordingsRepository } from './recordings.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { SpeakersRepository } from './speakers.repository.js';
import { VotesRepository } from './votes.repository.js';
import { CouncilService } from './council.service.js';
import { CouncilAttendance } from './council-attendance.service.js';
import { CouncilConflicts } from './council-conflicts.service.js';
import { CouncilVotes } from './council-votes.service.js';
import { ProcedureService } from './procedure.service.js';
import { CouncilViews } from './council-views.js';
import { MandatesRepository } from './mandates.repository.js';
import { MandatesService } from './mandates.service.js';
import { MaterialsService } from './materials.service.js';
import { MinutesService } from './minutes.service.js';
import { CouncilPersonalData } from './council.personal-data.js';
import { OpenDataController } from './open-data.controller.js';
import { OpenDataService } from './open-data.service.js';
import { PublicRecordController } from './public-record.controller.js';
import { PublicRecordRepository } from './public-record.repository.js';
import { PublicRecordService } from './public-record.service.js';
import { SittingSteps } from './sitting-steps.js';
import { CouncilSpeakersService } from './speakers.service.js';
import { CouncilMail } from './council.mail.js';
import { SittingChangesRepository } from './sitting-changes.repository.js';
import { SittingChanges } from './sitting-changes.service.js';
import { ElectionsController } from './elections.controller.js';
import { ElectionsRepository } from './elections.repository.js';
import { ElectionsService } from './elections.service.js';
import { RemoteSittingsController } from './remote-sittings.controller.js';
import { RemoteSittings } from './remote-sittings.service.js';
import { FloorTimer } from './floor-timer.service.js';
import { CouncilDisplayController } from './display.controller.js';
import { CouncilDisplayGateway } from './display.gateway.js';
import { CouncilDisplayService } from './display.service.js';
import { ElectionViews } from './elections-views.js';

/** Council sessions: mandates and seats, agenda, attendance and quorum, votes, conflicts, speakers, minutes, live and public. */
import { ClosedDoorController } from './closed-door.controller.js';
import { ClosedDoorService } from './closed-door.service.js';
@Module({
  imports: [ScheduleModule, VideoModule],
  controllers: [
    CouncilController,
    PublicCouncilController,
    OpenDataController,
    PublicRecordController,
    ElectionsController,
    RemoteSittingsController,
    CouncilDisplayController,
    ClosedDoorController,
  ],
  providers: [
    CouncilPersonalData,
    CouncilMail,
    BodiesRepository,
    SittingsRepository,
    AttendanceRepository,
    ConflictsRepository,
    VotesRepository,
    SpeakersRepository,
    DecisionsRepository,
    MinutesRepository,
    MaterialsRepository,
    RecordingsRepository,
    CouncilAccessRepository,
    MandatesRepository,
    MandatesService,
    CouncilViews,
    SittingSteps,
    RemoteSittings,
    CouncilService,
    CouncilVotes,
    CouncilAttendance,
    CouncilConflicts,
    ProcedureService,
    CouncilSpeakersService,
    SittingChangesRepository,
    SittingChanges,
    FloorTimer,
    CouncilDisplayService,
    CouncilDisplayGateway,
    BodiesService,
    DecisionsService,
    OpenDataService,
    PublicRecordRepository,
    PublicRecordService,
    CouncilVideo,
    ClosedDoorService,
    MinutesService,
    MaterialsService,
    CouncilWatch,
    CouncilRealtimeGateway,
    CouncilPublicGateway,
    ElectionsRepository,
    ElectionsService,
    ElectionViews,
  ],
  exports: [CouncilService],
})
export class CouncilModule {}
