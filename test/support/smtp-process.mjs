// A real SMTP server (the npm `smtp-server` package) as its own process, for the mail tests:
//   node test/support/smtp-process.mjs <port> <folder>
// Listens on 127.0.0.1:<port> (no TLS, no authentication), stores every message it accepts
// raw in <folder> as <time>-<n>.eml (written under a temporary name, then renamed, so a
// reader never sees half a message) and prints "ready" once it listens.
import { createWriteStream, renameSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

const [port, folder] = process.argv.slice(2);
let n = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const name = `${Date.now()}-${process.pid}-${n++}`;
    const tmp = join(folder, `${name}.part`);
    const out = createWriteStream(tmp);
    stream.pipe(out);
    stream.on('error', callback);
    out.on('finish', () => {
      renameSync(tmp, join(folder, `${name}.eml`));
      callback(null, 'queued');
    });
  },
});
server.on('error', (err) => {
  console.error(String(err));
  process.exit(1);
});
server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
