import { z } from 'zod';

/**
 * The shapes of the API's answers, as zod schemas, so that the OpenAPI document describes
 * each answer from the same definition the TypeScript type is inferred from. `answer(id, …)`
 * names the shape: it becomes `#/components/schemas/<id>` in the document, and every answer
 * that holds it refers to it there.
 */
export function answer<const Shape extends z.ZodRawShape>(
  id: string,
  shape: Shape,
  description?: string,
): z.ZodObject<Shape> {
  return named(z.object(shape), { id, ...(description ? { description } : {}) });
}

/**
 * Every named shape by its id, the first definition of each id kept. A process can hold two
 * copies of this library — the server's, and the one bundled into the web's server-side renderer
 * (`apps/web/dist-ssr`), loaded after it and possibly older — and zod's global registry, which
 * both share through `globalThis`, keeps the last shape given an id. The OpenAPI document is
 * built from this map instead (`answerComponents`), so the server's own shapes describe it.
 */
export const NAMED_SHAPES: ReadonlyMap<string, z.ZodType> = ((
  globalThis as { __egovNamedShapes?: Map<string, z.ZodType> }
).__egovNamedShapes ??= new Map<string, z.ZodType>());

/** Names a shape (`#/components/schemas/<id>` in the OpenAPI document); see {@link NAMED_SHAPES}. */
export function named<S extends z.ZodType>(schema: S, meta: { id: string; description?: string }): S {
  const shape = schema.meta(meta) as S;
  const all = NAMED_SHAPES as Map<string, z.ZodType>;
  if (!all.has(meta.id)) all.set(meta.id, shape);
  return shape;
}

/** An ISO 8601 instant with an offset (or Z), as the API reads and writes it (`2026-12-05T08:00:00.000Z`). */
export const InstantSchema = z.iso.datetime({ offset: true });
