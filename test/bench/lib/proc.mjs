import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { hrNow, sleep } from './stats.mjs';

const READY = /"ready":true,"port":(\d+)/;

/** Every server this process started and has not stopped: killed if the bench exits early. */
const LIVE = new Set();
process.on('exit', () => {
  for (const child of LIVE) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * A server under test, started as its own process. It must print a JSON log line holding
 * `"ready":true,"port":N` once listening (eGov Box does at info level; the baselines copy it).
 * Start time is taken just before spawn; `healthyMs` is spawn -> first 200 from `healthPath`.
 */
export class ServerProcess {
  /** Last lines of output, for error messages. */
  tail = [];
  url = '';
  port = 0;
  readyMs = 0;
  healthyMs = 0;

  constructor(child, name, t0) {
    this.child = child;
    this.name = name;
    this.t0 = t0;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  }

  get pid() {
    return this.child.pid;
  }

  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * `port`: the port given to the server in its env (then no ready line is needed: a server
   * logging above info does not print one); otherwise the ready line tells it.
   * @param {{ script: string, args?: string[], env: Record<string,string>, name: string,
   *   timeoutMs?: number, healthPath?: string, nodeArgs?: string[], port?: number }} options
   */
  static async start(options) {
    const {
      script,
      args = [],
      env,
      name,
      timeoutMs = 180_000,
      healthPath = '/api/health',
      nodeArgs = [],
      port,
    } = options;
    const t0 = hrNow();
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new ServerProcess(child, name, t0);
    LIVE.add(child);
    child.once('exit', () => LIVE.delete(child));
    if (port) {
      server.port = port;
      server.url = `http://127.0.0.1:${port}`;
      child.stdout.on('data', (c) => server.#collect(c));
      child.stderr.on('data', (c) => server.#collect(c));
    } else {
      await server.#waitReady(timeoutMs);
    }
    server.readyMs = hrNow() - t0;
    await server.#waitHealthy(healthPath, timeoutMs - server.readyMs);
    server.healthyMs = hrNow() - t0;
    return server;
  }

  #collect(chunk) {
    // Keep a short tail only: at info level eGov Box logs every request and this must stay cheap.
    this.tail.push(chunk.toString('utf8'));
    if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
  }

  tailText(lines = 15) {
    return this.tail.join('').split('\n').filter(Boolean).slice(-lines).join('\n');
  }

  #waitReady(timeoutMs) {
    return new Promise((resolve, reject) => {
      let pending = '';
      const timer = setTimeout(() => {
        cleanup();
        this.child.kill('SIGKILL');
        reject(new Error(`${this.name} not ready in ${timeoutMs} ms:\n${this.tailText()}`));
      }, timeoutMs);
      const onData = (chunk) => {
        pending = (pending + chunk.toString('utf8')).slice(-8192);
        const m = READY.exec(pending);
        if (m) {
          this.port = Number(m[1]);
          this.url = `http://127.0.0.1:${this.port}`;
          cleanup();
          resolve();
        }
      };
      const onExit = (code) => {
        cleanup();
        reject(new Error(`${this.name} exited (${code}) before ready:\n${this.tailText()}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.child.stdout.off('data', onData);
        this.child.off('exit', onExit);
      };
      this.child.stdout.on('data', (c) => this.#collect(c));
      this.child.stderr.on('data', (c) => this.#collect(c));
      this.child.stdout.on('data', onData);
      this.child.once('exit', onExit);
    });
  }

  async #waitHealthy(path, timeoutMs) {
    const deadline = Date.now() + Math.max(timeoutMs, 1000);
    for (;;) {
      try {
        const res = await fetch(this.url + path, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not yet
      }
      if (!this.running) throw new Error(`${this.name} exited before healthy:\n${this.tailText()}`);
      if (Date.now() > deadline) throw new Error(`${this.name} not healthy at ${path}:\n${this.tailText()}`);
      await sleep(10);
    }
  }

  /** Resident set size of the process (VmRSS), bytes. */
  rssBytes() {
    return readStatusKb(this.pid, 'VmRSS') * 1024;
  }

  /** CPU time (user + system) the process has used so far, milliseconds. */
  cpuMs() {
    return cpuMsOf(this.pid);
  }

  /** Open file descriptors of the process. */
  fdCount() {
    try {
      return readdirSync(`/proc/${this.pid}/fd`).length;
    } catch {
      return undefined;
    }
  }

  /** Soft limit of open files of the process. */
  fdLimit() {
    try {
      const line = readFileSync(`/proc/${this.pid}/limits`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('Max open files'));
      return Number(line.split(/\s{2,}/)[1]);
    } catch {
      return undefined;
    }
  }

  /** SIGTERM (graceful), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000) {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

let clockTicks;

/** CPU time (user + system) of a process from /proc/<pid>/stat, milliseconds. */
export function cpuMsOf(pid) {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

export function readStatusKb(pid, field) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}
