import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { freePort, killAndWait } from './redis-server.js';

/** Where Debian's slapd keeps its schemas and modules (scripts/services.sh installs it). */
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

export const LDAP_SUFFIX = 'dc=egov,dc=test';
export const LDAP_ADMIN_DN = `cn=admin,${LDAP_SUFFIX}`;
export const LDAP_ADMIN_PASSWORD = 'directory-admin-secret';
export const LDAP_SERVICE_DN = `cn=portal,ou=services,${LDAP_SUFFIX}`;
export const LDAP_SERVICE_PASSWORD = 'portal-service-secret';
export const LDAP_PEOPLE = `ou=people,${LDAP_SUFFIX}`;
export const LDAP_GROUPS = `ou=groups,${LDAP_SUFFIX}`;

/**
 * The filter the tests configure: a person who is in ou=people, has the uid, and is not
 * marked disabled (the OpenLDAP stand-in for AD's userAccountControl bit 2).
 */
export const LDAP_TEST_FILTER = '(&(objectClass=inetOrgPerson)(uid={{username}})(!(employeeType=disabled)))';

export interface LdapPerson {
  uid: string;
  cn: string;
  mail?: string;
  ou?: string;
  password: string;
  disabled?: boolean;
}

/** The small directory the tests start with: a few people, a disabled one, two groups. */
export const LDAP_TEST_PEOPLE: LdapPerson[] = [
  { uid: 'ivana', cn: 'Ивана Петрова', mail: 'ivana@egov.test', ou: 'Администрация', password: 'ivana-dir-pass' },
  { uid: 'georgi', cn: 'Георги Иванов', mail: 'georgi@egov.test', ou: 'Финанси', password: 'georgi-dir-pass' },
  { uid: 'maria', cn: 'Мария Димитрова', mail: 'maria@egov.test', password: 'maria-dir-pass' },
  { uid: 'elena', cn: 'Елена Стоянова', mail: 'elena@egov.test', password: 'elena-dir-pass' },
  { uid: 'stoyan', cn: 'Стоян Колев', password: 'stoyan-dir-pass', disabled: true },
  // Same username as a local demo account: the local account keeps it.
  { uid: 'servant01', cn: 'Двойник Служител', password: 'servant01-dir-pass' },
];
export const LDAP_CLERKS = `cn=egov-clerks,${LDAP_GROUPS}`;
export const LDAP_COUNCIL = `cn=egov-council,${LDAP_GROUPS}`;

function personLdif(p: LdapPerson): string {
  return [
    `dn: uid=${p.uid},${LDAP_PEOPLE}`,
    'objectClass: inetOrgPerson',
    `uid: ${p.uid}`,
    // Non-ASCII values go base64 (LDIF's rule).
    `cn:: ${Buffer.from(p.cn).toString('base64')}`,
    `sn:: ${Buffer.from(p.cn.split(' ').pop()!).toString('base64')}`,
    ...(p.mail ? [`mail: ${p.mail}`] : []),
    ...(p.ou ? [`ou:: ${Buffer.from(p.ou).toString('base64')}`] : []),
    ...(p.disabled ? ['employeeType: disabled'] : []),
    `userPassword: ${p.password}`,
    '',
  ].join('\n');
}

function directoryLdif(people: LdapPerson[]): string {
  const group = (dn: string, cn: string, members: string[]) =>
    [`dn: ${dn}`, 'objectClass: groupOfNames', `cn: ${cn}`, ...members.map((m) => `member: ${m}`), ''].join('\n');
  return [
    [`dn: ${LDAP_SUFFIX}`, 'objectClass: dcObject', 'objectClass: organization', 'dc: egov', 'o: eGov test', ''].join(
      '\n',
    ),
    [`dn: ou=people,${LDAP_SUFFIX}`, 'objectClass: organizationalUnit', 'ou: people', ''].join('\n'),
    [`dn: ou=groups,${LDAP_SUFFIX}`, 'objectClass: organizationalUnit', 'ou: groups', ''].join('\n'),
    [`dn: ou=services,${LDAP_SUFFIX}`, 'objectClass: organizationalUnit', 'ou: services', ''].join('\n'),
    [
      `dn: ${LDAP_SERVICE_DN}`,
      'objectClass: organizationalRole',
      'objectClass: simpleSecurityObject',
      'cn: portal',
      `userPassword: ${LDAP_SERVICE_PASSWORD}`,
      '',
    ].join('\n'),
    ...people.map(personLdif),
    group(LDAP_CLERKS, 'egov-clerks', [`uid=ivana,${LDAP_PEOPLE}`]),
    group(LDAP_COUNCIL, 'egov-council', [`uid=georgi,${LDAP_PEOPLE}`, `uid=stoyan,${LDAP_PEOPLE}`]),
  ].join('\n');
}

function slapdConf(dir: string, tls: boolean): string {
  return [
    ...(tls
      ? [
          `TLSCACertificateFile ${dir}/ca.pem`,
          `TLSCertificateFile ${dir}/server.pem`,
          `TLSCertificateKeyFile ${dir}/server.key`,
        ]
      : []),
    ...['core', 'cosine', 'inetorgperson'].map((s) => `include ${SCHEMA_DIR}/${s}.schema`),
    `pidfile ${dir}/slapd.pid`,
    `modulepath ${MODULE_DIR}`,
    'moduleload back_mdb',
    // Simple binds over loopback without TLS (a real deployment uses ldaps:// or StartTLS).
    'security ssf=0',
    'database mdb',
    'maxsize 10485760',
    `suffix "${LDAP_SUFFIX}"`,
    `rootdn "${LDAP_ADMIN_DN}"`,
    `rootpw ${LDAP_ADMIN_PASSWORD}`,
    `directory ${dir}/data`,
    'index objectClass eq',
    'index uid eq',
    'index member eq',
    // Everyone may bind with their password; only the service account and the admin read.
    'access to attrs=userPassword by anonymous auth by self =w by * none',
    `access to * by dn.exact="${LDAP_SERVICE_DN}" read by self read by * none`,
    '',
  ].join('\n');
}

/**
 * An OpenLDAP server of the test's own (Debian's slapd, mdb backend) on 127.0.0.1 on a free
 * port, in a temporary directory, loaded with slapadd from {@link LDAP_TEST_PEOPLE}. The test can
 * change the directory through {@link admin} (the rootdn) and stop and start the server.
 */
export class OwnLdap {
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    readonly dir: string,
    /** With `tls`: the ldaps:// port (the ldap:// one offers StartTLS). */
    readonly tlsPort?: number,
  ) {}

  get url(): string {
    return `ldap://127.0.0.1:${this.port}`;
  }

  get ldapsUrl(): string {
    if (!this.tlsPort) throw new Error('started without tls');
    return `ldaps://127.0.0.1:${this.tlsPort}`;
  }

  /** The PEM of the authority that signed the server's certificate (with `tls`). */
  get caFile(): string {
    return join(this.dir, 'ca.pem');
  }

  /**
   * `tls`: a certificate authority and a server certificate for 127.0.0.1 made with openssl
   * for this server only; it then also listens on ldaps:// and offers StartTLS.
   */
  static async start(people: LdapPerson[] = LDAP_TEST_PEOPLE, options: { tls?: boolean } = {}): Promise<OwnLdap> {
    const dir = mkdtempSync(join(tmpdir(), 'egov-ldap-'));
    spawnSync('mkdir', ['-p', join(dir, 'data')]);
    if (options.tls) makeCertificates(dir);
    writeFileSync(join(dir, 'slapd.conf'), slapdConf(dir, Boolean(options.tls)));
    writeFileSync(join(dir, 'directory.ldif'), directoryLdif(people));
    const add = spawnSync(
      '/usr/sbin/slapadd',
      ['-q', '-f', join(dir, 'slapd.conf'), '-l', join(dir, 'directory.ldif')],
      {
        encoding: 'utf8',
      },
    );
    if (add.status !== 0) throw new Error(`slapadd failed (${add.status}): ${add.stderr}`);
    const ldap = new OwnLdap(await freePort(), dir, options.tls ? await freePort() : undefined);
    await ldap.up();
    return ldap;
  }

  /** Starts (again) on the same port with the same data; resolves once a bind succeeds. */
  async up(): Promise<void> {
    // -d 0: stays in the foreground (a child of the test), logs nothing.
    const urls = this.tlsPort ? `${this.url} ${this.ldapsUrl}` : this.url;
    const child = spawn('/usr/sbin/slapd', ['-d', '0', '-f', join(this.dir, 'slapd.conf'), '-h', urls], {
      stdio: 'ignore',
    });
    this.child = child;
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`slapd on ${this.port} exited (${child.exitCode})`);
      try {
        await this.admin(async () => undefined);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`slapd on ${this.port} did not answer`);
  }

  /** Kills it (SIGKILL: the directory is simply gone); resolves once it has exited. */
  async down(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await killAndWait(child);
  }

  /** Runs `work` with a client bound as the directory's administrator (to change people and groups). */
  async admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: this.url, timeout: 2000, connectTimeout: 2000 });
    try {
      await client.bind(LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD);
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function makeCertificates(dir: string): void {
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=eGov test directory CA',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  ]);
}
