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
