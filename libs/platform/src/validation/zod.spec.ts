import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { answer } from '@egov-box/contracts';
import { answerComponents } from './zod.js';

describe('the OpenAPI components of the named answer shapes', () => {
  it('keep the first definition of a name: a later copy of the contracts (the web’s bundle) does not replace it', () => {
    answer('ZodSpecShape', { kept: z.string() });
    // What apps/web/dist-ssr's own copy of libs/contracts does when the server loads it:
    // the same name again, possibly an older shape. zod's global registry keeps this one.
    answer('ZodSpecShape', { replaced: z.number() });
    const shape = answerComponents().ZodSpecShape as { properties: Record<string, unknown> };
    expect(Object.keys(shape.properties)).toEqual(['kept']);
  });

  it('refer to each other by name', () => {
    const inner = answer('ZodSpecInner', { n: z.number().int() });
    answer('ZodSpecOuter', { inner, list: z.array(inner) });
    expect(answerComponents().ZodSpecOuter).toMatchObject({
      properties: {
        inner: { $ref: '#/components/schemas/ZodSpecInner' },
        list: { type: 'array', items: { $ref: '#/components/schemas/ZodSpecInner' } },
      },
    });
  });
});
