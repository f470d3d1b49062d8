import { Body, Param, Query, applyDecorators, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { CommonErrors } from '../errors/common-errors.js';

/** Validates (and coerces) one request part with a zod schema; 400 `validation_failed` otherwise. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
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
    Body(new ZodPipe(schema, 'body'))(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) ApiBody({ schema: openApiSchema(schema) as never })(target, key, descriptor);
    }
  };
}

/** `@ValidQuery(schema)` — the validated query string, each property documented. */
export function ValidQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodPipe(schema, 'query'))(target, key, index);
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
    Param(new ZodPipe(schema, 'params'))(target, key, index);
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
