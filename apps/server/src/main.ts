import 'reflect-metadata';
import { AppConfig, ConfigError } from '@egov-box/platform';
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
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://localhost:${port}`;
  const log = app.getHttpAdapter().getInstance().log;
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
