import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, migrateUnderLock } from './data-source.js';
import { gateTransactions } from './pglite-gate.js';

export interface DatabaseModuleOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** Runs after the migrations, under the same advisory lock (demo seeding). */
  afterMigrate?: (ds: DataSource) => Promise<void>;
  /** The build's template of a new embedded database (see `buildPgliteTemplate`). */
  pgliteTemplateDir?: string;
}

/**
 * The data source of the process: the embedded PGlite or the configured PostgreSQL,
 * migrated at boot under an advisory lock before anything else touches it.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(
              {
                databaseUrl: config.databaseUrl,
                dataDir: config.dataDir,
                pgliteTemplateDir: options.pgliteTemplateDir,
              },
              options.entities,
              options.migrations,
            ),
            retryAttempts: 0,
          }),
          dataSourceFactory: async (opts) => {
            const ds = new DataSource(opts!);
            await ds.initialize();
            // The embedded database: each transaction has the one PGlite session to itself.
            if (!(opts as { url?: string }).url) gateTransactions(ds);
            await migrateUnderLock(ds, options.afterMigrate);
            return ds;
          },
        }),
      ],
    };
  }
}
