import { z } from 'zod';

/**
 * An http(s) origin written exactly as browsers send it: scheme, host and a non-default port,
 * no path, query, user or trailing slash (`https://www.example.bg`, `http://localhost:8080`).
 */
export function isWebOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.origin === value &&
      // a host name or an address, never a wildcard (`https://*.example.bg` is no one origin)
      /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(url.hostname)
    );
  } catch {
    return false;
  }
}

/** A comma-separated list (spaces around the items ignored), empty by default. */
const commaList = () =>
  z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    );

/**
 * A comma-separated list of origins (`isWebOrigin`), as the CSP names them: empty by default;
 * anything else (a path, a wildcard, a trailing slash, another scheme) is refused by name.
 */
const originList = (example: string) =>
  commaList().superRefine((origins, ctx) => {
    for (const o of origins)
      if (!isWebOrigin(o))
        ctx.addIssue({
          code: 'custom',
          message: `"${o}" is not an origin like ${example} (http or https, no path)`,
        });
  });

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z.url().refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL');
const redisUrl = z.url().refine((u) => /^rediss?:\/\//.test(u), 'must be a redis:// or rediss:// URL');
const ldapUrl = z.url().refine((u) => /^ldaps?:\/\/[^/]/.test(u), 'must be an ldap:// or ldaps:// URL');
/** The portal's roles (as in libs/contracts roles.ts; the platform does not depend on contracts). */
const LDAP_ROLES = ['admin', 'clerk', 'councillor', 'council_chair', 'staff'] as const;
const jsonObject = <T extends z.ZodType>(value: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(value);
/** Which directory attribute gives which field; the first attribute present wins. */
const ldapAttributeList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * Every setting the server reads, with its default. Environment variables are strings;
 * this schema turns them into typed values or names what is wrong.
 */
export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: postgresUrl.optional(),
    REDIS_URL: redisUrl.optional(),
    JWT_SECRET: z.string().min(1).optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
    // Fractions are allowed (tests use seconds-long sessions).
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .positive()
      .max(24 * 60)
      .default(60),
    SESSION_MAX_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
    /** Seconds between checks that open sockets' sessions are still alive (ended ones are dropped). */
    SESSION_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    LIVEKIT_URL: z.url().optional(),
    LIVEKIT_API_KEY: z.string().min(1).optional(),
    LIVEKIT_API_SECRET: z.string().min(1).optional(),
    SEED_DEMO: bool.optional(),
    DEMO_PASSWORD: z.string().min(8).max(256).default('egovbox-demo'),
    /** First administrator of a fresh installation (created only while no administrator exists). */
    INITIAL_ADMIN_USERNAME: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lower-case letters, digits, dot, dash, underscore; 3–64 characters')
      .optional(),
    INITIAL_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').max(256).optional(),
    CORS_ORIGINS: commaList().pipe(z.array(z.url())),
    /**
     * Sites that may show the embeddable live view (/embed/…) in an <iframe>: comma-separated
     * origins such as https://www.obshtina.bg. Empty: no other site may frame any page.
     */
    EMBED_ORIGINS: originList('https://www.example.bg'),
    TRUST_PROXY: bool.default(false),
    COOKIE_SECURE: bool.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOGIN_MAX_FAILURES_PER_USER: z.coerce.number().int().min(1).max(1000).default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10000).default(30),
    LOGIN_LOCKOUT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    WEB_DIST_DIR: z.string().min(1).optional(),
    /** Milliseconds between polls for due meeting reminders (claimed in the database, once). */
    MEETING_REMINDER_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    /** Milliseconds between looks for council speakers whose time is up (claimed in the database, told once). */
    COUNCIL_FLOOR_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
    /** Seconds an unanswered knock waits before it expires. */
    KNOCK_EXPIRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    /** Seconds a socket's presence heartbeat lives in Redis (a crashed process's users go offline after this). */
    PRESENCE_TTL_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
    /**
     * Whether a council member's own check-in needs the chamber's 30-second code (issue 15; a
     * remote sitting under ЗМСМА чл. 28а needs the camera instead). Off only where no code is shown.
     */
    COUNCIL_CHECK_IN_CODE: bool.default(true),
    /** Seconds between reconciliations of room occupancy with LiveKit's listParticipants. */
    LIVEKIT_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Days a sign-in session is kept after it ended (signed out, expired or idle); then removed. */
    RETENTION_SESSIONS_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** Days a knock (with its message) is kept after it was answered or expired; then removed. */
    RETENTION_KNOCKS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Days LiveKit's records (who left which room, processed webhook ids) are kept; then removed. */
    RETENTION_LIVEKIT_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Milliseconds between checks whether today's retention run is due (it runs once a day). */
    RETENTION_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(600_000),
    /** Sign-in through an LDAP directory / Active Directory (issue 18); without it only local accounts. */
    LDAP_URL: ldapUrl.optional(),
    LDAP_BIND_DN: z.string().min(1).optional(),
    LDAP_BIND_PASSWORD: z.string().min(1).optional(),
    LDAP_SEARCH_BASE: z.string().min(1).optional(),
    LDAP_USER_FILTER: z
      .string()
      .refine((f) => f.includes('{{username}}'), 'must contain {{username}}')
      .refine((f) => f.startsWith('(') && f.endsWith(')'), 'must be an LDAP filter in parentheses')
      .default('(uid={{username}})'),
    LDAP_ROLE_GROUPS: jsonObject(
      z
        .partialRecord(z.enum(LDAP_ROLES), z.string().min(1, 'a group DN'))
        .refine(
          (r) => Object.keys(r).every((k) => (LDAP_ROLES as readonly string[]).includes(k)),
          `roles are ${LDAP_ROLES.join(', ')}`,
        ),
    ).default({}),
    LDAP_ATTRIBUTES: jsonObject(
      z.strictObject({
        name: ldapAttributeList.optional(),
        email: ldapAttributeList.optional(),
        department: ldapAttributeList.optional(),
        id: ldapAttributeList.optional(),
      }),
    ).default({}),
    /** Minutes between directory syncs (fractions allowed: the tests sync every second or so). */
    LDAP_SYNC_MINUTES: z.coerce
      .number()
      .min(0.01)
      .max(24 * 60)
      .default(15),
    LDAP_STARTTLS: bool.default(false),
    /** PEM file of the certificate authority that signed the directory's certificate (else the system's). */
    LDAP_CA_FILE: z.string().min(1).optional(),
    /** Seconds to wait for the directory before answering 503 directory_unavailable. */
    LDAP_TIMEOUT_SECONDS: z.coerce.number().min(0.5).max(60).default(5),
    /** The mail server (smtp:// or smtps://, user and password in the URL if needed); without it nothing is mailed. */
    SMTP_URL: z
      .url()
      .refine((u) => /^smtps?:\/\/[^/]/.test(u), 'must be an smtp:// or smtps:// URL')
      .optional(),
    /** The sender of every mail, e.g. `eGov Box <portal@obshtina.bg>`; required with SMTP_URL. */
    MAIL_FROM: z
      .string()
      .max(320)
      .regex(
        /^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+)$/,
        'an address, or `Name <address>`',
      )
      .optional(),
    /** The address people open the portal at, e.g. https://portal.obshtina.bg: links in mails. */
    PUBLIC_URL: z
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    /**
     * Origins the council's recordings are played from (where LiveKit Egress stores them, e.g.
     * https://recordings.obshtina.bg), comma-separated: the pages' CSP lets <video> load from them.
     */
    RECORDINGS_ORIGINS: originList('https://media.example.bg'),
    /** Milliseconds between looks for due mail in the outbox. */
    MAIL_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** Seconds before the first retry of a failed send; each further retry waits twice as long (at most 6 hours). */
    MAIL_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Attempts after which a message is given up (kept as `failed`). */
    MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
    /** Days a sent (or given up) message is kept in the outbox; then removed. */
    RETENTION_MAIL_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  })
  .superRefine((c, ctx) => {
    const livekit = [c.LIVEKIT_URL, c.LIVEKIT_API_KEY, c.LIVEKIT_API_SECRET].filter(Boolean).length;
    if (livekit > 0 && livekit < 3) {
      for (const key of ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when any LIVEKIT_* is set' });
      }
    }
    if (Boolean(c.INITIAL_ADMIN_USERNAME) !== Boolean(c.INITIAL_ADMIN_PASSWORD)) {
      const missing = c.INITIAL_ADMIN_USERNAME ? 'INITIAL_ADMIN_PASSWORD' : 'INITIAL_ADMIN_USERNAME';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'both INITIAL_ADMIN_* settings are needed' });
    }
    if (c.LDAP_URL) {
      for (const key of ['LDAP_BIND_DN', 'LDAP_BIND_PASSWORD', 'LDAP_SEARCH_BASE'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when LDAP_URL is set' });
      }
      if (c.LDAP_STARTTLS && c.LDAP_URL.startsWith('ldaps:')) {
        ctx.addIssue({
          code: 'custom',
          path: ['LDAP_STARTTLS'],
          message: 'StartTLS is for ldap:// (ldaps:// is TLS already)',
        });
      }
    }
    if (c.SMTP_URL && !c.MAIL_FROM) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'required when SMTP_URL is set' });
    }
    if (c.NODE_ENV === 'production') {
      if (!c.JWT_SECRET || c.JWT_SECRET.length < 32) {
        ctx.addIssue({
          code: 'custom',
          path: ['JWT_SECRET'],
          message: 'production needs its own secret of at least 32 characters',
        });
      }
      if (c.SEED_DEMO === true) {
        ctx.addIssue({ code: 'custom', path: ['SEED_DEMO'], message: 'demo accounts are never seeded in production' });
      }
    }
  });

export type RawConfig = z.infer<typeof ConfigSchema>;
