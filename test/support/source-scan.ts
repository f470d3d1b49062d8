import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const NAMESPACES: Record<string, string> = { REALTIME_NAMESPACE: '/realtime', PUBLIC_NAMESPACE: '/public' };

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'dist' && name !== 'node_modules') sources(p, out);
    } else if (p.endsWith('.ts') && !p.endsWith('.spec.ts')) out.push(p);
  }
  return out;
}

/**
 * Every client→server Socket.IO event the server code subscribes to, with the namespace of
 * the gateway it sits in (read from the source: `@WebSocketGateway({ namespace: X })`
 * followed by its `@SubscribeMessage('…')` handlers).
 */
export function gatewayEvents(): { event: string; namespace: string }[] {
  const found = new Map<string, { event: string; namespace: string }>();
  for (const file of sources(join(ROOT, 'libs'))) {
    const text = readFileSync(file, 'utf8');
    const parts = text.split(/@WebSocketGateway\(/).slice(1);
    for (const part of parts) {
      const ns = /namespace:\s*(?:'([^']+)'|([A-Z_]+))/.exec(part);
      const namespace = ns ? (ns[1] ?? NAMESPACES[ns[2]!] ?? ns[2]!) : '/';
      for (const m of part.matchAll(/@SubscribeMessage\('([^']+)'\)/g))
        found.set(`${namespace} ${m[1]}`, { event: m[1]!, namespace });
    }
  }
  return [...found.values()].sort((a, b) => `${a.namespace} ${a.event}`.localeCompare(`${b.namespace} ${b.event}`));
}

/**
 * Every constraint or unique index a repository names in `refusedBy(…, { NAME: … })`, with the
 * file naming it: a name that does not exist in the schema would never match, and its error
 * would surface as a 500.
 */
export function refusedConstraints(): { name: string; file: string }[] {
  const found: { name: string; file: string }[] = [];
  for (const file of sources(join(ROOT, 'libs'))) {
    const text = readFileSync(file, 'utf8');
    for (const call of text.split(/\brefusedBy\(/).slice(1)) {
      // The mapping is the call's last argument: `{ NAME: …, NAME: … }` up to the call's end.
      const end = call.indexOf('\n    );') >= 0 ? call.indexOf('\n    );') : call.length;
      for (const m of call.slice(0, end).matchAll(/\b((?:UQ|EXC|PK|CHK)_[A-Za-z0-9_]+):/g))
        found.push({ name: m[1]!, file: file.slice(ROOT.length + 1) });
    }
  }
  return found;
}
