import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import type { Role } from '@egov-box/contracts';
import { AppConfig, AppError, type LdapConfig } from '@egov-box/platform';
import { Client, InvalidCredentialsError, SizeLimitExceededError, type Entry } from 'ldapts';
import { DirectoryErrors } from '../directory.errors.js';

/** What the portal takes from a person's directory entry. */
export interface DirectoryPerson {
  dn: string;
  /** The stable id (entryUUID, or objectGUID as hex): survives renames, never reused. */
  directoryId: string;
  name: string | null;
  email: string | null;
  department: string | null;
  roles: Role[];
}

/**
 * Escapes a value for an LDAP search filter (RFC 4515 section 3): `*`, `(`, `)`, `\` and NUL
 * become `\2a`, `\28`, `\29`, `\5c`, `\00`, so a username like `*)(uid=*` is matched literally
 * and can never widen the filter.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** The directory did not answer, timed out, or refused the service account: 503, never 401. */
export function directoryUnavailable(): AppError {
  return DirectoryErrors.directoryUnavailable('The directory does not answer; try again later');
}

/**
 * The LDAP / Active Directory client (ldapts): binds as the service account to find a person by
 * LDAP_USER_FILTER and read their attributes and groups, then binds as the person to check their
 * password. Every call opens its own connection and closes it (sign-ins are rare; no pool to go stale).
 * Anything but a clear answer (connection refused, timeout, TLS failure, the service account
 * refused) throws {@link directoryUnavailable}.
 */
@Injectable()
export class LdapDirectory {
  private readonly logger = new Logger('Directory');
  private readonly ca: Buffer | undefined;

  constructor(private readonly appConfig: AppConfig) {
    this.ca = appConfig.ldap?.caFile ? readFileSync(appConfig.ldap.caFile) : undefined;
  }

  get enabled(): boolean {
    return Boolean(this.appConfig.ldap);
  }

  private get config(): LdapConfig {
    if (!this.appConfig.ldap) throw new Error('LDAP is not configured');
    return this.appConfig.ldap;
  }

  /** The person LDAP_USER_FILTER matches for this username, with roles; null if none (or several). */
  find(username: string): Promise<DirectoryPerson | null> {
    return this.search(this.config.userFilter.split('{{username}}').join(escapeFilterValue(username)));
  }

  /**
   * The person with this stable id whom LDAP_USER_FILTER still matches (whatever their username
   * is now: `{{username}}` becomes `*`); null if none. Used by the sync, so a person renamed in
   * the directory keeps their account.
   */
  findById(directoryId: string): Promise<DirectoryPerson | null> {
    const c = this.config;
    const byId = c.attributes.id.map((a) =>
      /^objectguid$/i.test(a) ? `(${a}=${hexToFilterBytes(directoryId)})` : `(${a}=${escapeFilterValue(directoryId)})`,
    );
    const ids = byId.length === 1 ? byId[0]! : `(|${byId.join('')})`;
    return this.search(`(&${c.userFilter.split('{{username}}').join('*')}${ids})`);
  }

  private async search(filter: string): Promise<DirectoryPerson | null> {
    return this.withService(async (client) => {
      const c = this.config;
      const a = c.attributes;
      const { searchEntries } = await client
        .search(c.searchBase, {
          scope: 'sub',
          filter,
          attributes: [...new Set([...a.name, ...a.email, ...a.department, ...a.id])],
          explicitBufferAttributes: ['objectGUID'],
          sizeLimit: 2,
          timeLimit: Math.ceil(c.timeoutMs / 1000),
        })
        .catch((err: unknown) => {
          // More than two matches: the size limit is exceeded — as ambiguous as two.
          if (err instanceof SizeLimitExceededError) return { searchEntries: [{}, {}] as Entry[] };
          throw err;
        });
      // Exactly one: two matches mean the filter is not specific enough; nobody signs in by guess.
      if (searchEntries.length !== 1) {
        if (searchEntries.length > 1)
          this.logger.warn({ event: 'directory_ambiguous', filter }, 'filter matched several');
        return null;
      }
      const entry = searchEntries[0]!;
      const directoryId = first(entry, a.id, true);
      if (!directoryId) {
        this.logger.warn({ event: 'directory_no_id', dn: entry.dn }, `no ${a.id.join('/')} on the entry`);
        return null;
      }
      return {
        dn: entry.dn,
        directoryId,
        name: first(entry, a.name),
        email: first(entry, a.email),
        department: first(entry, a.department),
        roles: await this.rolesOf(client, entry.dn),
      };
    });
  }

  /** Whether `password` is the person's: a simple bind as their DN. Never an empty password (an anonymous bind). */
  async checkPassword(dn: string, password: string): Promise<boolean> {
    if (!password) return false;
    const client = this.client();
    try {
      await this.secure(client);
      await client.bind(dn, password);
      return true;
    } catch (err) {
      if (err instanceof InvalidCredentialsError) return false;
      this.logger.warn({ event: 'directory_unavailable', err: String(err) }, 'directory bind failed');
      throw directoryUnavailable();
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** The roles whose group lists this DN (member or uniqueMember), each group read with scope base. */
  private async rolesOf(client: Client, dn: string): Promise<Role[]> {
    const roles: Role[] = [];
    const escaped = escapeFilterValue(dn);
    for (const [role, group] of Object.entries(this.config.roleGroups) as [Role, string][]) {
      try {
        const { searchEntries } = await client.search(group, {
          scope: 'base',
          filter: `(|(member=${escaped})(uniqueMember=${escaped}))`,
          attributes: ['1.1'],
        });
        if (searchEntries.length) roles.push(role);
      } catch (err) {
        // A mapped group that does not exist gives no role (logged: a configuration mistake).
        if ((err as { code?: number }).code === 32) {
          this.logger.warn({ event: 'directory_group_missing', group }, 'LDAP_ROLE_GROUPS names a missing group');
          continue;
        }
        throw err;
      }
    }
    return roles;
  }

  private client(): Client {
    const c = this.config;
    return new Client({
      url: c.url,
      timeout: c.timeoutMs,
      connectTimeout: c.timeoutMs,
      // Only for ldaps://: ldapts opens any connection with tlsOptions as TLS from the start,
      // which an ldap:// server (StartTLS) drops.
      tlsOptions: this.ca && c.url.startsWith('ldaps:') ? { ca: this.ca } : undefined,
    });
  }

  private async secure(client: Client): Promise<void> {
    if (!this.config.startTls) return;
    // The certificate is checked against the URL's host (ldapts would check it against "localhost").
    const host = new URL(this.config.url).hostname.replace(/^\[|\]$/g, '');
    await client.startTLS({ ...(this.ca ? { ca: this.ca } : {}), host, ...(isIP(host) ? {} : { servername: host }) });
  }

  private async withService<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = this.client();
    try {
      await this.secure(client);
      await client.bind(this.config.bindDn, this.config.bindPassword);
      return await work(client);
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn({ event: 'directory_unavailable', err: String(err) }, 'directory search failed');
      throw directoryUnavailable();
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}

/** objectGUID is binary: its stored hex, each byte as `\xx` in a filter. */
function hexToFilterBytes(hex: string): string {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return escapeFilterValue(hex);
  return hex.replace(/../g, (b) => '\\' + b.toLowerCase());
}

function first(entry: Entry, attributes: string[], binaryAsHex = false): string | null {
  for (const name of attributes) {
    const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
    const raw = key ? entry[key] : undefined;
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (Buffer.isBuffer(value)) {
      if (value.length) return binaryAsHex ? value.toString('hex') : value.toString('utf8');
    } else if (typeof value === 'string' && value.trim()) {
      return value.trim();
    }
  }
  return null;
}
