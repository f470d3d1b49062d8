import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort, killAndWait } from './redis-server.js';

const SCRIPT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'smtp-process.mjs');

/**
 * A real SMTP server process on loopback (test/support/smtp-process.mjs) that keeps what it
 * receives in a folder; `down()` kills it and `up()` starts it again on the same port, so a
 * test can take the mail server away and bring it back.
 */
export class OwnSmtp {
  private child?: ChildProcess;
  readonly folder = mkdtempSync(join(tmpdir(), 'egov-smtp-'));

  private constructor(readonly port: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<OwnSmtp> {
    const s = new OwnSmtp(await freePort());
    await s.up();
    return s;
  }

  /** Starts (again) on the same port; resolves once it listens. */
  up(): Promise<void> {
    const child = spawn(process.execPath, [SCRIPT, String(this.port), this.folder], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`smtp server exited (${code}): ${err}`)));
    });
  }

  /** Kills it (SIGKILL); resolves once it has exited. */
  async down(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await killAndWait(child);
  }

  /** Every message received so far, parsed (oldest first). */
  async messages(): Promise<ParsedMail[]> {
    const files = readdirSync(this.folder)
      .filter((f) => f.endsWith('.eml'))
      .sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]) || a.localeCompare(b));
    return Promise.all(files.map((f) => simpleParser(readFileSync(join(this.folder, f)))));
  }

  async close(): Promise<void> {
    await this.down();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
