import { AppConfig, ConfigError } from './app-config.js';

function problems(env: Record<string, string>): string[] {
  try {
    AppConfig.fromEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...new Set((err as ConfigError).problems.map((p) => p.setting))];
  }
  return [];
}

describe('AppConfig', () => {
  it('has the documented defaults', () => {
    const c = AppConfig.fromEnv({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toMatch(/data$/);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.seedDemo).toBe(true);
    expect(c.demoPassword).toBe('egovbox-demo');
    expect(c.accessTokenTtlSeconds).toBeLessThanOrEqual(900);
    expect(c.jwtSecretGenerated).toBe(true);
    expect(c.livekit).toBeUndefined();
  });

  it('names each wrong setting', () => {
    expect(problems({ PORT: 'abc' })).toEqual(['PORT']);
    expect(problems({ DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL']);
    expect(problems({ REDIS_URL: 'nope' })).toEqual(['REDIS_URL']);
    expect(problems({ SEED_DEMO: 'maybe' })).toEqual(['SEED_DEMO']);
    expect(problems({ ACCESS_TOKEN_TTL_SECONDS: '3600' })).toEqual(['ACCESS_TOKEN_TTL_SECONDS']);
    expect(problems({ LIVEKIT_URL: 'ws://localhost:7880' }).sort()).toEqual(['LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']);
  });

  it('production refuses to start without its own JWT_SECRET of 32+ characters', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET']);
    expect(problems({ NODE_ENV: 'production', JWT_SECRET: 'too-short' })).toEqual(['JWT_SECRET']);
    const c = AppConfig.fromEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
    expect(c.production).toBe(true);
  });

  it('production never seeds demo accounts', () => {
    expect(AppConfig.fromEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).seedDemo).toBe(false);
    expect(problems({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SEED_DEMO: 'true' })).toEqual(['SEED_DEMO']);
  });

  it('reads LiveKit settings only as a complete set', () => {
    const c = AppConfig.fromEnv({ LIVEKIT_URL: 'ws://lk:7880', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' });
    expect(c.livekit).toEqual({ url: 'ws://lk:7880', apiKey: 'k', apiSecret: 's' });
  });

  it('needs both INITIAL_ADMIN_* settings or neither', () => {
    expect(problems({ INITIAL_ADMIN_USERNAME: 'root.admin' })).toEqual(['INITIAL_ADMIN_PASSWORD']);
    expect(problems({ INITIAL_ADMIN_USERNAME: 'root.admin', INITIAL_ADMIN_PASSWORD: 'short' })).toEqual([
      'INITIAL_ADMIN_PASSWORD',
    ]);
    const c = AppConfig.fromEnv({ INITIAL_ADMIN_USERNAME: 'root.admin', INITIAL_ADMIN_PASSWORD: 'long-enough-pass' });
    expect(c.initialAdmin).toEqual({ username: 'root.admin', password: 'long-enough-pass' });
  });

  it('treats empty values as unset', () => {
    expect(AppConfig.fromEnv({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });
});
