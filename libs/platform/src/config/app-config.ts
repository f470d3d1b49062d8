import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { ConfigSchema, type RawConfig } from './config.schema.js';

/** Thrown when the environment holds a wrong or missing setting; names the setting. */
export class ConfigError extends Error {
  constructor(readonly problems: { setting: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.setting}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export interface LiveKitConfig {
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** The directory to sign in through (LDAP_*), when LDAP_URL is set. */
export interface LdapConfig {
  url: string;
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  /** With `{{username}}`, replaced by the escaped username (RFC 4515). */
  userFilter: string;
  /** Role → group DN. */
  roleGroups: Partial<Record<'admin' | 'clerk' | 'councillor' | 'council_chair' | 'staff', string>>;
  /** Field → directory attributes, the first one present wins. */
  attributes: { name: string[]; email: string[]; department: string[]; id: string[] };
  syncMs: number;
  startTls: boolean;
  caFile: string | undefined;
  timeoutMs: number;
}

/**
 * The validated configuration, read once at boot and injected everywhere.
 * Nothing else in the code reads `process.env`.
 */
export class AppConfig {
  readonly env: RawConfig['NODE_ENV'];
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly jwtSecret: string;
  /**
   * The same secret as a KeyObject: given a string, jsonwebtoken first tries to read it as
   * a public key (and fails) on every verification — measurable CPU on every request.
   */
  readonly jwtKey: KeyObject;
  /** True when no JWT_SECRET was given and a random one was made for this process. */
  readonly jwtSecretGenerated: boolean;
  readonly accessTokenTtlSeconds: number;
  readonly signInSessionIdleMinutes: number;
  readonly signInSessionMaxHours: number;
  readonly signInSessionSweepSeconds: number;
  readonly livekit: LiveKitConfig | undefined;
  readonly seedDemo: boolean;
  readonly demoPassword: string;
  readonly initialAdmin: { username: string; password: string } | undefined;
  readonly corsOrigins: string[];
  /** Origins the council's recordings are played from (CSP media-src). */
  readonly recordingsOrigins: string[];
  /** Origins allowed to frame the embeddable live view (`frame-ancestors` of /embed/…). */
  readonly embedOrigins: string[];
  readonly trustProxy: boolean;
  readonly cookieSecure: boolean;
  readonly logLevel: RawConfig['LOG_LEVEL'];
  readonly login: { maxFailuresPerUser: number; maxFailuresPerAddress: number; lockoutMinutes: number };
  readonly webDistDir: string | undefined;
  readonly meetingReminderPollMs: number;
  readonly councilFloorPollMs: number;
  readonly knockExpirySeconds: number;
  readonly presenceTtlSeconds: number;
  readonly livekitReconcileSeconds: number;
  /** A council member's own check-in needs the chamber's code (COUNCIL_CHECK_IN_CODE). */
  readonly councilCheckInCode: boolean;
  /** Days each kind of personal data is kept after it is finished, and how often the daily run is looked for. */
  readonly retention: {
    signInSessionsDays: number;
    knocksDays: number;
    livekitDays: number;
    pollMs: number;
    mailDays: number;
  };
  readonly ldap: LdapConfig | undefined;
  /** Mail (undefined without SMTP_URL: nothing is mailed, the outbox stays empty). */
  readonly mail:
    { smtpUrl: string; from: string; pollMs: number; retryBaseSeconds: number; maxAttempts: number } | undefined;
  /** Where people open the portal (no trailing slash), for links in mails; undefined: mails carry no links. */
  readonly publicUrl: string | undefined;

  private constructor(raw: RawConfig) {
    this.env = raw.NODE_ENV;
    this.port = raw.PORT;
    this.host = raw.HOST;
    this.dataDir = resolve(raw.DATA_DIR);
    this.databaseUrl = raw.DATABASE_URL;
    this.redisUrl = raw.REDIS_URL;
    this.jwtSecretGenerated = !raw.JWT_SECRET;
    // Without a configured secret (development only — production refuses above) tokens
    // are signed with a per-process random key: they stop working on restart, which is
    // the safe failure. Several processes need a shared JWT_SECRET.
    this.jwtSecret = raw.JWT_SECRET ?? randomBytes(48).toString('base64url');
    this.jwtKey = createSecretKey(Buffer.from(this.jwtSecret, 'utf8'));
    this.accessTokenTtlSeconds = raw.ACCESS_TOKEN_TTL_SECONDS;
    this.signInSessionIdleMinutes = raw.SESSION_IDLE_MINUTES;
    this.signInSessionMaxHours = raw.SESSION_MAX_HOURS;
    this.signInSessionSweepSeconds = raw.SESSION_SWEEP_SECONDS;
    this.livekit =
      raw.LIVEKIT_URL && raw.LIVEKIT_API_KEY && raw.LIVEKIT_API_SECRET
        ? { url: raw.LIVEKIT_URL, apiKey: raw.LIVEKIT_API_KEY, apiSecret: raw.LIVEKIT_API_SECRET }
        : undefined;
    this.seedDemo = raw.NODE_ENV === 'production' ? false : (raw.SEED_DEMO ?? true);
    this.demoPassword = raw.DEMO_PASSWORD;
    this.initialAdmin =
      raw.INITIAL_ADMIN_USERNAME && raw.INITIAL_ADMIN_PASSWORD
        ? { username: raw.INITIAL_ADMIN_USERNAME, password: raw.INITIAL_ADMIN_PASSWORD }
        : undefined;
    this.corsOrigins = raw.CORS_ORIGINS;
    this.recordingsOrigins = raw.RECORDINGS_ORIGINS;
    this.embedOrigins = raw.EMBED_ORIGINS;
    this.trustProxy = raw.TRUST_PROXY;
    this.cookieSecure = raw.COOKIE_SECURE ?? raw.NODE_ENV === 'production';
    this.logLevel = raw.LOG_LEVEL;
    this.login = {
      maxFailuresPerUser: raw.LOGIN_MAX_FAILURES_PER_USER,
      maxFailuresPerAddress: raw.LOGIN_MAX_FAILURES_PER_ADDRESS,
      lockoutMinutes: raw.LOGIN_LOCKOUT_MINUTES,
    };
    this.webDistDir = raw.WEB_DIST_DIR;
    this.meetingReminderPollMs = raw.MEETING_REMINDER_POLL_MS;
    this.councilFloorPollMs = raw.COUNCIL_FLOOR_POLL_MS;
    this.knockExpirySeconds = raw.KNOCK_EXPIRY_SECONDS;
    this.presenceTtlSeconds = raw.PRESENCE_TTL_SECONDS;
    this.livekitReconcileSeconds = raw.LIVEKIT_RECONCILE_SECONDS;
    this.councilCheckInCode = raw.COUNCIL_CHECK_IN_CODE;
    this.retention = {
      signInSessionsDays: raw.RETENTION_SESSIONS_DAYS,
      knocksDays: raw.RETENTION_KNOCKS_DAYS,
      livekitDays: raw.RETENTION_LIVEKIT_DAYS,
      pollMs: raw.RETENTION_POLL_MS,
      mailDays: raw.RETENTION_MAIL_DAYS,
    };
    this.ldap =
      raw.LDAP_URL && raw.LDAP_BIND_DN && raw.LDAP_BIND_PASSWORD && raw.LDAP_SEARCH_BASE
        ? {
            url: raw.LDAP_URL,
            bindDn: raw.LDAP_BIND_DN,
            bindPassword: raw.LDAP_BIND_PASSWORD,
            searchBase: raw.LDAP_SEARCH_BASE,
            userFilter: raw.LDAP_USER_FILTER,
            roleGroups: raw.LDAP_ROLE_GROUPS,
            attributes: {
              name: raw.LDAP_ATTRIBUTES.name ?? ['displayName', 'cn'],
              email: raw.LDAP_ATTRIBUTES.email ?? ['mail'],
              department: raw.LDAP_ATTRIBUTES.department ?? ['department', 'ou'],
              id: raw.LDAP_ATTRIBUTES.id ?? ['entryUUID', 'objectGUID'],
            },
            syncMs: Math.round(raw.LDAP_SYNC_MINUTES * 60_000),
            startTls: raw.LDAP_STARTTLS,
            caFile: raw.LDAP_CA_FILE,
            timeoutMs: Math.round(raw.LDAP_TIMEOUT_SECONDS * 1000),
          }
        : undefined;
    this.publicUrl = raw.PUBLIC_URL;
    this.mail =
      raw.SMTP_URL && raw.MAIL_FROM
        ? {
            smtpUrl: raw.SMTP_URL,
            from: raw.MAIL_FROM,
            pollMs: raw.MAIL_POLL_MS,
            retryBaseSeconds: raw.MAIL_RETRY_BASE_SECONDS,
            maxAttempts: raw.MAIL_MAX_ATTEMPTS,
          }
        : undefined;
  }

  get production(): boolean {
    return this.env === 'production';
  }

  /** Validates an environment; throws {@link ConfigError} naming every wrong setting. */
  static fromEnv(env: Record<string, string | undefined>): AppConfig {
    // Empty strings count as "not set", as in most deployment tools.
    const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
    const parsed = ConfigSchema.safeParse(cleaned);
    if (!parsed.success) {
      throw new ConfigError(
        parsed.error.issues.map((i) => ({ setting: String(i.path[0] ?? '(configuration)'), message: i.message })),
      );
    }
    return new AppConfig(parsed.data);
  }
}
