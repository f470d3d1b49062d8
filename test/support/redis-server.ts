import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

/** A free TCP port on 127.0.0.1. */
/** Kills a test's own server process (SIGKILL: as if its machine went away); resolves once it has exited. */
export async function killAndWait(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** This process's environment without libfaketime's variables. */
function withoutFakeClock(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME') && k !== 'DONT_FAKE_MONOTONIC',
    ),
  );
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ port, host: '127.0.0.1' });
    c.once('connect', () => {
      c.write('PING\r\n');
    });
    c.once('data', (d) => {
      c.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    c.once('error', () => resolve(false));
  });
}

/**
 * A redis-server of the test's own (child process, no persistence) on its own port, so a
 * test can stop and restart it without touching the shared Redis other tests use.
 */
export class OwnRedis {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<OwnRedis> {
    const r = new OwnRedis(await freePort());
    await r.up();
    return r;
  }

  /** Starts (again) on the same port; resolves once it answers PING. */
  async up(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      // Redis is a service of its own, on the machine's clock: under the date matrix's libfaketime
      // (LD_PRELOAD inherited from the runner) redis-server does not start at all.
      { stdio: 'ignore', env: withoutFakeClock() },
    );
    this.child = child;
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`redis-server on ${this.port} exited (${child.exitCode})`);
      if (await answers(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${this.port} did not answer`);
  }

  /** Stops it without closing anything (SIGSTOP): a Redis that hangs, its connections open. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a paused Redis go on (SIGCONT). */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Kills it (SIGKILL: as if the machine went away); resolves once it has exited. */
  async down(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await killAndWait(child);
  }
}
