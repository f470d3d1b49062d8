import { TestApp, type SignedIn } from '../support/app.js';
import { fieldOf } from '../support/events.js';
import { FILLER_ID } from '../support/world.js';

/**
 * Limits, read from the OpenAPI document so that a new route is covered without a new row:
 * every string and list a client may send (request bodies and query strings) has an upper
 * bound, and every write route refuses a body over 1 MiB with 413 before doing anything.
 */
/** A JSON Schema of the document, as far as it is walked here. */
interface Schema {
  $ref?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  type?: string | string[];
  maxLength?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
}

/** An operation of the document: its JSON request body and its parameters. */
interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  parameters?: { in: string; name: string; schema?: Schema }[];
}

describe('limits on everything a client may send', () => {
  let app: TestApp;
  let admin: SignedIn;
  let doc: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.login('admin');
    doc = (await app.get<typeof doc>('/api/docs-json')).body;
  });
  afterAll(() => app?.close());

  /** Where a string has no maxLength (nor enum/format/pattern) or a list no maxItems. */
  function unbounded(schema: Schema | undefined, path: string, out: string[], seen = new Set<Schema>()): void {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    if (schema.$ref) return unbounded(doc.components?.schemas?.[schema.$ref.split('/').pop()!], path, out, seen);
    for (const k of ['anyOf', 'oneOf', 'allOf'] as const)
      for (const s of schema[k] ?? []) unbounded(s, path, out, seen);
    const bounded = schema.enum || schema.const !== undefined || schema.format || schema.pattern;
    if (schema.type === 'string' && schema.maxLength === undefined && !bounded)
      out.push(`${path}: string without maxLength`);
    if (schema.type === 'array') {
      if (schema.maxItems === undefined) out.push(`${path}: list without maxItems`);
      unbounded(schema.items, `${path}[]`, out, seen);
    }
    for (const [k, v] of Object.entries(schema.properties ?? {})) unbounded(v, `${path}.${k}`, out, seen);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
      out.push(`${path}: a map with any keys`);
  }

  it('every string and list in request bodies and query strings has an upper bound', () => {
    const out: string[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body) {
          checked++;
          unbounded(body, `${method.toUpperCase()} ${path} body`, out);
        }
        for (const p of op.parameters ?? []) {
          if (p.in !== 'query') continue;
          checked++;
          unbounded(p.schema, `${method.toUpperCase()} ${path} ?${p.name}`, out);
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(out).toEqual([]);
  });

  it('every write route refuses a body over 1 MiB with 413', async () => {
    const big = JSON.stringify({ x: 'a'.repeat(1024 * 1024 + 10) });
    const wrong: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods).filter((m) => ['post', 'put', 'patch'].includes(m))) {
        if (path.includes('/materials')) continue; // uploads: their own limit (test/council/materials)
        const res = await app.request(method.toUpperCase(), path.replace(/\{[^}]+\}/g, FILLER_ID), undefined, {
          raw: big,
          token: admin.token,
        });
        if (res.status !== 413 || typeof fieldOf(res.body, 'code') !== 'string')
          wrong.push(`${method} ${path} -> ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
