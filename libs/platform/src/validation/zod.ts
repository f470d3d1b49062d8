import { Body, Param, Query, applyDecorators, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { NAMED_SHAPES } from '@egov-box/contracts';
import { CommonErrors } from '../errors/common-errors.js';

/** Validates (and coerces) one request part with a zod schema; 400 `validation_failed` otherwise. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly part: 'body' | 'query' | 'params',
  ) {}

  transform(value: unknown): z.infer<T> {
    const input = this.part === 'body' && value === undefined ? {} : value;
    const result = this.schema.safeParse(input);
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({
        path: [this.part, ...i.path.map(String)].join('.'),
        message: i.message,
      }));
      throw CommonErrors.validationFailed(issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
        issues,
      });
    }
    return result.data;
  }
}

type JsonSchema = Record<string, unknown>;

/** The OpenAPI form of a schema (zod 4 speaks JSON Schema natively). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** `@ValidBody(schema)` — the validated body, documented in OpenAPI. */
export function ValidBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema, 'body'))(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) ApiBody({ schema: openApiSchema(schema) as never })(target, key, descriptor);
    }
  };
}

/** `@ValidQuery(schema)` — the validated query string, each property documented. */
export function ValidQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema, 'query'))(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (!descriptor) return;
      const json = openApiSchema(schema);
      const props = (json.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((json.required as string[] | undefined) ?? []);
      applyDecorators(
        ...Object.entries(props).map(([name, s]) =>
          ApiQuery({ name, required: required.has(name) && s.default === undefined, schema: s as never }),
        ),
      )(target, key, descriptor);
    }
  };
}

/** `@ValidParams(schema)` — validated path parameters (e.g. uuids). */
export function ValidParams(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Param(new ZodValidationPipe(schema, 'params'))(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (!descriptor) return;
      const json = openApiSchema(schema);
      const props = (json.properties ?? {}) as Record<string, JsonSchema>;
      applyDecorators(
        ...Object.entries(props).map(([name, s]) => ApiParam({ name, required: true, schema: s as never })),
      )(target, key, descriptor);
    }
  };
}

/** Where a named answer shape lives in the OpenAPI document. */
const componentRef = (id: string) => `#/components/schemas/${id}`;

/** The id an answer shape is named by (`answer(id, …)` in libs/contracts). */
function answerId(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('An answer is documented by a named shape: answer(id, …) in libs/contracts');
  return id;
}

/**
 * `@Answers(schema)` — the route's answer, documented in OpenAPI as a reference to the named
 * shape; `@Answers([schema])` for a list of them. `status`: 200 unless the route says otherwise.
 * `text`: other media types the route answers on request (e.g. `{ 'text/csv': 'the same rows' }`),
 * documented as text beside the JSON shape (use instead of `@ApiProduces`).
 */
export function Answers(
  schema: z.ZodType | [z.ZodType],
  status = 200,
  text: Record<string, string> = {},
): MethodDecorator {
  const one = Array.isArray(schema) ? schema[0] : schema;
  const ref = { $ref: componentRef(answerId(one)) };
  const json = (Array.isArray(schema) ? { type: 'array', items: ref } : ref) as never;
  const description = z.globalRegistry.get(one)?.description ?? answerId(one);
  if (!Object.keys(text).length) return ApiResponse({ status, description, schema: json });
  return ApiResponse({
    status,
    description,
    content: {
      'application/json': { schema: json },
      ...Object.fromEntries(
        Object.entries(text).map(([type, about]) => [type, { schema: { type: 'string', description: about } }]),
      ),
    },
  });
}

/**
 * Every named answer shape, as the OpenAPI document's `components.schemas` (OpenAPI 3.0's
 * dialect of JSON Schema); shapes that hold one another refer to each other by `$ref`.
 */
export function answerComponents(): Record<string, JsonSchema> {
  // The first definition of each name (NAMED_SHAPES), not zod's global registry, which keeps the
  // last: the web's server-side bundle carries a copy of the contracts, loaded after the server's.
  const registry = z.registry<{ id: string; description?: string }>();
  for (const [id, schema] of NAMED_SHAPES) {
    const description = z.globalRegistry.get(schema)?.description;
    registry.add(schema, { id, ...(description ? { description } : {}) });
  }
  const { schemas } = z.toJSONSchema(registry, {
    target: 'openapi-3.0',
    io: 'output',
    unrepresentable: 'any',
    uri: componentRef,
  }) as unknown as { schemas: Record<string, JsonSchema> };
  for (const s of Object.values(schemas)) delete s.$id;
  return schemas;
}
