import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

// The real LiveKit server for the tests and the benchmark (plain JavaScript so that both the
// jest suites and `npm run bench` use this one implementation; types in server.d.mts).

/** The pinned release that `test/support/livekit/install.sh` builds. */
export const LIVEKIT_VERSION = process.env.LIVEKIT_VERSION ?? 'v1.13.5';

/** Where install.sh put the binary (LIVEKIT_BIN overrides, as .ci/run sets it). */
export function livekitBinary() {
  const cache =
    process.env.LIVEKIT_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'egov-box/livekit');
  const bin = process.env.LIVEKIT_BIN ?? join(cache, LIVEKIT_VERSION, 'livekit-server');
  if (!existsSync(bin))
    throw new Error(
      `The LiveKit server is not built (${bin} is missing): run \`bash test/support/livekit/install.sh\` ` +
        "(it builds the pinned release with the machine's Go, once) or set LIVEKIT_BIN.",
    );
  return bin;
}

/** Whether every thread of process `pid` is stopped (state T in /proc; Linux only). */
function allThreadsStopped(pid) {
  const tasks = readdirSync(`/proc/${pid}/task`);
  return tasks.every((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // The state follows the command name in parentheses, which may itself hold spaces.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'T' || state === 't';
  });
}

/** A free TCP port on loopback (closed again before it is used). */
export function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = srv.address().port;
      srv.close(() => resolve(port));
    });
  });
}

export function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      const port = sock.address().port;
      sock.close(() => resolve(port));
    });
  });
}

/**
 * A real LiveKit server (the pinned release built from its Go module) on loopback, with a
 * configuration written for the test: its own API key and secret, rooms made only through the
 * server API (`room.auto_create: false`, as in production), media over one UDP port and one
 * TCP port on 127.0.0.1, no TURN, and webhooks to the portal under test.
 */
export class RealLiveKit {
  apiKey = `APIreal${randomBytes(4).toString('hex')}`;
  apiSecret = randomBytes(32).toString('base64url');
  /** What the server logged, line by line. */
  output = [];
  child = undefined;
  exited = undefined;
  dir = '';
  port = 0;

  get url() {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The portal's settings for this server. */
  get env() {
    return { LIVEKIT_URL: this.url, LIVEKIT_API_KEY: this.apiKey, LIVEKIT_API_SECRET: this.apiSecret };
  }

  /** @param {{ webhookUrl?: string }} options */
  static async start(options = {}) {
    // The ports are free when chosen but not held: another suite starting at the same moment
    // may take one first, and then LiveKit exits at once. A second try gets other ports.
    try {
      return await RealLiveKit.startOnce(options);
    } catch (err) {
      if (!/exited/.test(String(err?.message))) throw err;
      return RealLiveKit.startOnce(options);
    }
  }

  /** @param {{ webhookUrl?: string }} options */
  static async startOnce(options) {
    const lk = new RealLiveKit();
    const bin = livekitBinary();
    const [port, tcp, udp] = [await freeTcpPort(), await freeTcpPort(), await freeUdpPort()];
    lk.port = port;
    lk.dir = mkdtempSync(join(tmpdir(), 'egov-livekit-'));
    const config = [
      `port: ${port}`,
      'bind_addresses: ["127.0.0.1"]',
      'rtc:',
      `  tcp_port: ${tcp}`,
      `  udp_port: ${udp}`,
      '  use_external_ip: false',
      '  node_ip: 127.0.0.1',
      '  enable_loopback_candidate: true',
      '  ips:',
      '    includes: ["127.0.0.1/32"]',
      'keys:',
      `  ${lk.apiKey}: ${lk.apiSecret}`,
      'room:',
      '  auto_create: false',
      // LiveKit's defaults: a room closes 20 s after its last participant leaves. A shorter wait
      // (1 s) let a room close between the portal's createRoom and the client's connect.
      '  empty_timeout: 300',
      '  departure_timeout: 20',
      ...(options.webhookUrl ? ['webhook:', `  api_key: ${lk.apiKey}`, '  urls:', `    - ${options.webhookUrl}`] : []),
      'logging:',
      '  level: info',
      '  json: true',
      '',
    ].join('\n');
    const file = join(lk.dir, 'livekit.yaml');
    writeFileSync(file, config, { mode: 0o600 });
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')),
    );
    const child = spawn(bin, ['--config', file, '--node-ip', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    lk.child = child;
    lk.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const collect = (chunk) => lk.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) {
        rmSync(lk.dir, { recursive: true, force: true });
        throw new Error(`LiveKit exited (${child.exitCode}):\n${lk.output.slice(-20).join('\n')}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`LiveKit did not start:\n${lk.output.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return lk;
  }

  /**
   * A real outage: the process is stopped (SIGSTOP), so calls to it hang until they time out.
   * Resolves once every thread of it has stopped: a group stop takes each thread as it is next
   * scheduled, and on a busy machine a thread still running answered a call made right after
   * the signal (seen in CI: the "outage" answered 200).
   */
  async pause() {
    const pid = this.child?.pid;
    if (!pid) return;
    this.child.kill('SIGSTOP');
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (allThreadsStopped(pid)) return;
      if (Date.now() > deadline) throw new Error(`LiveKit (pid ${pid}) did not stop within 10 s of SIGSTOP`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  resume() {
    this.child?.kill('SIGCONT');
  }

  /** Lines LiveKit logged whose message matches. */
  logged(pattern) {
    return this.output.filter((l) => pattern.test(l));
  }

  async close() {
    if (this.child && this.child.exitCode === null) {
      this.resume();
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
