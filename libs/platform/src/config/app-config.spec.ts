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

  it('EMBED_ORIGINS takes http(s) origins only, none by default', () => {
    expect(AppConfig.fromEnv({}).embedOrigins).toEqual([]);
    expect(
      AppConfig.fromEnv({ EMBED_ORIGINS: ' https://www.example.bg, http://localhost:8080 ' }).embedOrigins,
    ).toEqual(['https://www.example.bg', 'http://localhost:8080']);
    for (const bad of [
      'https://www.example.bg/',
      'https://www.example.bg/council',
      'www.example.bg',
      'ftp://example.bg',
      '*',
      'https://*.example.bg',
      "https://a.bg 'unsafe-inline'",
      'https://WWW.example.bg',
      'https://example.bg?x=1',
    ])
      expect({ bad, problems: problems({ EMBED_ORIGINS: `https://ok.bg,${bad}` }) }).toEqual({
        bad,
        problems: ['EMBED_ORIGINS'],
      });
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

  it('reads the recordings’ origins as origins only (for the CSP media-src)', () => {
    expect(AppConfig.fromEnv({}).recordingsOrigins).toEqual([]);
    expect(
      AppConfig.fromEnv({ RECORDINGS_ORIGINS: 'https://media.example.bg, http://127.0.0.1:9000' }).recordingsOrigins,
    ).toEqual(['https://media.example.bg', 'http://127.0.0.1:9000']);
    for (const bad of [
      'https://media.example.bg/',
      'https://media.example.bg/council',
      'ftp://media.example.bg',
      'media',
      "https://x.bg 'unsafe-inline'",
    ])
      expect(problems({ RECORDINGS_ORIGINS: bad })).toEqual(['RECORDINGS_ORIGINS']);
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
  describe('LDAP_* (directory sign-in)', () => {
    const ldap = {
      LDAP_URL: 'ldaps://dc1.example.bg',
      LDAP_BIND_DN: 'cn=egov,ou=services,dc=example,dc=bg',
      LDAP_BIND_PASSWORD: 'secret',
      LDAP_SEARCH_BASE: 'ou=people,dc=example,dc=bg',
    };

    it('is off without LDAP_URL, with the documented defaults when on', () => {
      expect(AppConfig.fromEnv({}).ldap).toBeUndefined();
      const c = AppConfig.fromEnv(ldap).ldap!;
      expect(c.userFilter).toBe('(uid={{username}})');
      expect(c.roleGroups).toEqual({});
      expect(c.syncMs).toBe(15 * 60_000);
      expect(c.attributes).toEqual({
        name: ['displayName', 'cn'],
        email: ['mail'],
        department: ['department', 'ou'],
        id: ['entryUUID', 'objectGUID'],
      });
      const custom = AppConfig.fromEnv({
        ...ldap,
        LDAP_ROLE_GROUPS: '{"clerk":"cn=egov-clerks,ou=groups,dc=example,dc=bg"}',
        LDAP_ATTRIBUTES: '{"department":"physicalDeliveryOfficeName"}',
        LDAP_SYNC_MINUTES: '0.5',
      }).ldap!;
      expect(custom.roleGroups).toEqual({ clerk: 'cn=egov-clerks,ou=groups,dc=example,dc=bg' });
      expect(custom.attributes.department).toEqual(['physicalDeliveryOfficeName']);
      expect(custom.syncMs).toBe(30_000);
    });

    it('names each wrong LDAP setting', () => {
      expect(problems({ LDAP_URL: 'ldap://dc1' }).sort()).toEqual([
        'LDAP_BIND_DN',
        'LDAP_BIND_PASSWORD',
        'LDAP_SEARCH_BASE',
      ]);
      expect(problems({ ...ldap, LDAP_URL: 'http://dc1' })).toEqual(['LDAP_URL']);
      expect(problems({ ...ldap, LDAP_USER_FILTER: '(uid=admin)' })).toEqual(['LDAP_USER_FILTER']);
      expect(problems({ ...ldap, LDAP_USER_FILTER: 'uid={{username}}' })).toEqual(['LDAP_USER_FILTER']);
      expect(problems({ ...ldap, LDAP_ROLE_GROUPS: '{clerk:' })).toEqual(['LDAP_ROLE_GROUPS']);
      expect(problems({ ...ldap, LDAP_ROLE_GROUPS: '{"mayor":"cn=x"}' })).toEqual(['LDAP_ROLE_GROUPS']);
      expect(problems({ ...ldap, LDAP_ROLE_GROUPS: '["cn=x"]' })).toEqual(['LDAP_ROLE_GROUPS']);
      expect(problems({ ...ldap, LDAP_ATTRIBUTES: '{"surname":"sn"}' })).toEqual(['LDAP_ATTRIBUTES']);
      expect(problems({ ...ldap, LDAP_SYNC_MINUTES: '0' })).toEqual(['LDAP_SYNC_MINUTES']);
      expect(problems({ ...ldap, LDAP_STARTTLS: 'true' })).toEqual(['LDAP_STARTTLS']);
      expect(AppConfig.fromEnv({ ...ldap, LDAP_URL: 'ldap://dc1', LDAP_STARTTLS: 'true' }).ldap!.startTls).toBe(true);
    });
  });
});
