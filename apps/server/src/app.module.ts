import { Module, type DynamicModule } from '@nestjs/common';
import { DIRECTORY_ENTITIES, DirectoryModule, ensureInitialAdmin, seedDemoMunicipality } from '@egov-box/directory';
import {
  AppConfig,
  BackupModule,
  ConfigModule,
  DatabaseModule,
  PLATFORM_ENTITIES,
  PlatformModule,
} from '@egov-box/platform';
import { COUNCIL_ENTITIES, CouncilModule, seedDemoCommittees, seedDemoCouncil } from '@egov-box/council';
import { HALLS_ENTITIES, HallsModule } from '@egov-box/halls';
import { ONE_ON_ONE_ENTITIES, OneOnOneModule } from '@egov-box/one-on-one';
import { PresenceModule } from '@egov-box/presence';
import { ROOMS_ENTITIES, RoomsModule } from '@egov-box/rooms';
import { SCHEDULE_ENTITIES, ScheduleModule } from '@egov-box/schedule';
import { VIDEO_ENTITIES, VideoModule } from '@egov-box/video';
import { MIGRATIONS } from './migrations/index.js';
import { PGLITE_TEMPLATE_DIR } from './pglite-template.js';

/** Every entity of every module; the drift test checks them against the migrations. */
export const ENTITIES = [
  ...PLATFORM_ENTITIES,
  ...DIRECTORY_ENTITIES,
  ...VIDEO_ENTITIES,
  ...ROOMS_ENTITIES,
  ...SCHEDULE_ENTITIES,
  ...HALLS_ENTITIES,
  ...COUNCIL_ENTITIES,
  ...ONE_ON_ONE_ENTITIES,
];
export { MIGRATIONS };

/** The whole portal, composed for one validated configuration. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({
          entities: ENTITIES,
          migrations: MIGRATIONS,
          pgliteTemplateDir: PGLITE_TEMPLATE_DIR,
          afterMigrate: async (ds) => {
            // Demo committees only on a fresh demo install (the seed answers whether it seeded).
            if (config.seedDemo && (await seedDemoMunicipality(ds, config.demoPassword))) {
              await seedDemoCouncil(ds);
              await seedDemoCommittees(ds);
            }
            if (config.initialAdmin) {
              await ensureInitialAdmin(ds, config.initialAdmin.username, config.initialAdmin.password);
            }
          },
        }),
        PlatformModule,
        BackupModule,
        DirectoryModule,
        VideoModule,
        PresenceModule,
        RoomsModule,
        ScheduleModule,
        HallsModule,
        OneOnOneModule,
        CouncilModule,
      ],
    };
  }
}
