import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKERS = fileURLToPath(new URL('../workers/', import.meta.url));

/** A forked worker answering `{id, cmd, ...}` messages with `{id, ...}`. */
export class Worker {
  #next = 0;
  #pending = new Map();

  constructor(script, name) {
    this.name = name;
    this.child = fork(WORKERS + script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.on('message', (msg) => {
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      p.resolve(msg);
    });
    this.child.once('exit', (code) => {
      for (const p of this.#pending.values()) p.reject(new Error(`${name} exited (${code})`));
      this.#pending.clear();
    });
  }

  /** Sends a command; resolves with its reply. `onArmed` waits for an intermediate `<id>:armed`. */
  call(cmd, args = {}, { timeoutMs = 600_000 } = {}) {
    const id = `${this.#next++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.name}: ${cmd} timed out`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, cmd, ...args });
    });
  }

  /** Like call, but resolves { armed, done }: `armed` once the worker says `<id>:armed`. */
  callArmed(cmd, args = {}, { timeoutMs = 600_000 } = {}) {
    const id = `${this.#next++}`;
    let armedResolve;
    const armed = new Promise((resolve) => (armedResolve = resolve));
    this.#pending.set(`${id}:armed`, { resolve: armedResolve, reject: () => undefined });
    const done = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: ${cmd} timed out`)), timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject,
      });
    });
    this.child.send({ id, cmd, ...args });
    return { armed, done };
  }

  async exit() {
    if (this.child.exitCode !== null) return;
    this.child.send({ cmd: 'exit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Socket.IO clients spread over several processes, each binding its own loopback source
 * address (127.0.0.2, 127.0.0.3, …) so that no address runs out of ephemeral ports.
 */
export class SocketFleet {
  constructor(size) {
    this.workers = Array.from({ length: size }, (_, i) => {
      const w = new Worker('sockets.mjs', `socket client ${i + 1}`);
      w.localAddress = `127.0.0.${i + 2}`;
      return w;
    });
    this.held = 0;
  }

  /**
   * Opens `count` more sockets, split evenly over the workers. `urls` (instead of `url`): worker
   * i connects to `urls[i % urls.length]` (several server processes).
   * @returns {{ ok: number, failed: number, errors: Record<string, number>, ms: number }}
   */
  async connect(count, { url, urls, namespace, tokens = [], concurrency = 50, timeoutMs = 30_000, afterConnect }) {
    const share = this.workers.map(
      (_, i) => Math.floor(count / this.workers.length) + (i < count % this.workers.length ? 1 : 0),
    );
    const t0 = performance.now();
    const replies = await Promise.all(
      this.workers.map((w, i) =>
        share[i]
          ? w.call('connect', {
              url: urls ? urls[i % urls.length] : url,
              namespace,
              tokens,
              offset: this.held + i,
              count: share[i],
              concurrency,
              timeoutMs,
              localAddress: w.localAddress,
              afterConnect,
            })
          : { ok: 0, failed: 0, errors: {} },
      ),
    );
    const ms = performance.now() - t0;
    const errors = {};
    for (const r of replies) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    const ok = replies.reduce((a, r) => a + r.ok, 0);
    this.held += ok;
    return { ok, failed: count - ok, errors, ms };
  }

  /**
   * Arms every socket for one matching event, runs `trigger` (which returns its start time),
   * and resolves with per-socket latencies from that start.
   */
  async deliveries(event, match, trigger, timeoutMs = 30_000) {
    const calls = this.workers.map((w) =>
      w.callArmed('arm', { event, match, timeoutMs }, { timeoutMs: timeoutMs + 30_000 }),
    );
    await Promise.all(calls.map((c) => c.armed));
    const t0 = await trigger();
    const replies = await Promise.all(calls.map((c) => c.done));
    const latencies = replies.flatMap((r) => r.times.map((t) => t - t0));
    return {
      latencies,
      byWorker: replies.map((r) => r.times.map((t) => t - t0)),
      expected: replies.reduce((a, r) => a + r.expected, 0),
      sample: replies.find((r) => r.sample)?.sample,
    };
  }

  async status() {
    const replies = await Promise.all(this.workers.map((w) => w.call('status')));
    return {
      held: replies.reduce((a, r) => a + r.held, 0),
      dropped: replies.reduce((a, r) => a + r.dropped, 0),
    };
  }

  /** Closes every socket, keeps the client processes. */
  async dropAll() {
    await Promise.all(this.workers.map((w) => w.call('close', {}, { timeoutMs: 120_000 })));
    this.held = 0;
  }

  async close() {
    await Promise.all(this.workers.map((w) => w.call('close', {}, { timeoutMs: 120_000 }).catch(() => undefined)));
    await Promise.all(this.workers.map((w) => w.exit()));
    this.held = 0;
  }
}
