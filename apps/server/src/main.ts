import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { AppConfig, ConfigError, removeEmbeddedLock, writeEmbeddedLock } from '@egov-box/platform';
import { createApp } from './bootstrap.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  if (!config.databaseUrl) {
    // The embedded database is this process's alone while it runs: the backup command
    // refuses a folder whose lock names a live process. Removed when the process exits.
    mkdirSync(config.dataDir, { recursive: true });
    writeEmbeddedLock(config.dataDir);
    process.on('exit', () => removeEmbeddedLock(config.dataDir));
  }
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const log = app.getHttpAdapter().getInstance().log;

  // Graceful shutdown: stop taking requests, let those in flight finish, close sockets,
  // Redis and the database (Nest's shutdown hooks), then exit 0. A second signal or a
  // stuck close ends the process anyway.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      log.info({ signal }, 'shutting down');
      setTimeout(() => {
        log.error('shutdown took too long; exiting');
        process.exit(1);
      }, 15_000).unref();
      app.close().then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }

  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://localhost:${port}`;
  log.info(
    { ready: true, port, url, database: config.databaseUrl ? 'postgresql' : `embedded (${config.dataDir})` },
    `eGov Box is ready at ${url}`,
  );
  if (config.jwtSecretGenerated) {
    log.warn('JWT_SECRET is not set: using a random key for this process (sign-ins end on restart)');
  }
  if (config.seedDemo) {
    console.log(
      `\n  eGov Box: ${url}\n  Demo sign-in: servant01 / ${config.demoPassword === 'egovbox-demo' ? 'egovbox-demo' : '(DEMO_PASSWORD)'}  (also admin, clerk, chair, councillor01…50)\n`,
    );
  }
}

main().catch((err: unknown) => {
  console.error('eGov Box failed to start:', err);
  process.exit(1);
});
