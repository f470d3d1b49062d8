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
  return z.object(shape).meta({ id, ...(description ? { description } : {}) });
}

/** An ISO 8601 instant with an offset (or Z), as the API reads and writes it (`2026-12-05T08:00:00.000Z`). */
export const InstantSchema = z.iso.datetime({ offset: true });
