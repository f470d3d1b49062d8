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

/** An instant as the API writes it (ISO 8601, UTC: `2026-12-05T08:00:00.000Z`). */
export const instant = z.iso.datetime({ offset: true });
