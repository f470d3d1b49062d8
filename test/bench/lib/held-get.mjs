import http from 'node:http';

/**
 * GET over one kept-alive connection, opened early and reused: a server that has run out of
 * file descriptors (the 20,000-socket step) cannot accept a new connection, but still answers
 * on one it already has. Node's keep-alive agent keeps the socket until the server closes it.
 */
export class HeldGet {
  #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  #timer;

  constructor(baseUrl, headers = {}) {
    this.baseUrl = baseUrl;
    this.headers = headers;
  }

  text(path) {
    return new Promise((resolve, reject) => {
      const req = http.get(
        this.baseUrl + path,
        { agent: this.#agent, headers: this.headers, timeout: 10_000 },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () =>
            res.statusCode === 200 ? resolve(body) : reject(new Error(`${path}: ${res.statusCode}`)),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${path}: timeout`)));
      req.on('error', reject);
    });
  }

  /** Keeps the connection from idling out (Fastify closes idle ones after 72 s) while a step runs. */
  keepWarm(path, everyMs = 15_000) {
    this.#timer ??= setInterval(() => this.text(path).catch(() => undefined), everyMs);
    return this;
  }

  close() {
    clearInterval(this.#timer);
    this.#agent.destroy();
  }
}
