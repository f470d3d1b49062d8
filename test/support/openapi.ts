import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>
  >;
  components?: { schemas?: Record<string, object> };
}

/**
 * Checks real answers against the schemas the OpenAPI document gives them (`@Answers` in the
 * controllers, the named shapes of libs/contracts). An operation or status the document gives
 * no JSON schema is not checked here (the document's own test counts those).
 */
export class AnswerChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(private readonly doc: OpenApiDocument) {
    (addFormats as unknown as (a: Ajv) => void)(this.ajv);
  }

  /** What is wrong with `body` as the answer `status` of `method path` (empty: as documented). */
  check(method: string, path: string, status: number, body: unknown): string[] {
    const validate = this.validator(method, path, status);
    if (!validate || validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
  }

  /** Whether the document gives `method path` a JSON answer schema for `status`. */
  documents(method: string, path: string, status: number): boolean {
    return this.schemaOf(method, path, status) !== undefined;
  }

  private schemaOf(method: string, path: string, status: number): object | undefined {
    return this.doc.paths[path]?.[method]?.responses?.[String(status)]?.content?.['application/json']?.schema;
  }

  private validator(method: string, path: string, status: number): ValidateFunction | null {
    const key = `${method} ${path} ${status}`;
    if (!this.compiled.has(key)) {
      const schema = this.schemaOf(method, path, status);
      // The components ride along at the root, where the schemas' `#/components/schemas/…` point.
      this.compiled.set(
        key,
        schema ? this.ajv.compile(asJsonSchema({ ...schema, components: this.doc.components }) as object) : null,
      );
    }
    return this.compiled.get(key)!;
  }
}

/**
 * OpenAPI 3.0's schemas as plain JSON Schema: `nullable: true` becomes null allowed as a type
 * (or, beside a `$ref`/`allOf` with no type of its own, a choice of null).
 */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'enum' || k === 'required' ? v : asJsonSchema(v);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}
