import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKERS = fileURLToPath(new URL('../workers/', import.meta.url));

/** Forks a one-shot worker, sends it `input`, resolves with its single reply. */
export function runWorker(script, input, timeoutMs = 300_000) {
  return new Promise((resolve, reject) => {
    const child = fork(WORKERS + script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answered = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (msg) => {
      answered = true;
      clearTimeout(timer);
      resolve(msg);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!answered) reject(new Error(`${script} exited (${code}) without an answer`));
    });
    child.send(input);
  });
}
