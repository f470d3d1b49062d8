import { z } from 'zod';
import { answer, named } from './answers.js';
import { CouncilMinutesSchema } from './council-sitting.js';

/**
 * The minutes' text (issue 22, item 11): what the official record says, in Bulgarian, built
 * once from the stored record and rendered as it is to HTML and to the PDF — the same
 * headings, sections and lines in every format. The JSON of the minutes carries it as `text`
 * (it is not part of the signed content: it is derived from it).
 */
export const MinutesTextItemSchema = answer('MinutesTextItem', {
  number: z.number().int().optional().describe("The number of an item of an ordered list (the agenda item's position)"),
  text: z.string(),
  link: z.string().optional().describe('A link: the address the text ends with (a recording)'),
  details: z.array(z.string()).optional().describe('Lines under the item, in smaller print (legal basis, materials)'),
});
export type MinutesTextItem = z.infer<typeof MinutesTextItemSchema>;

/**
 * One block of the text: a paragraph (`style`: the sitting's title, bold, or small print), a
 * subheading (a vote), a list (`ordered`: numbered — the agenda) or a code line (the SHA-256).
 */
export const MinutesTextBlockSchema = named(
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('paragraph'),
      text: z.string(),
      style: z.enum(['title', 'strong', 'small']).optional(),
    }),
    z.object({ kind: z.literal('subheading'), text: z.string() }),
    z.object({ kind: z.literal('list'), ordered: z.boolean(), items: z.array(MinutesTextItemSchema) }),
    z.object({ kind: z.literal('code'), text: z.string() }),
  ]),
  { id: 'MinutesTextBlock' },
);
export type MinutesTextBlock = z.infer<typeof MinutesTextBlockSchema>;

export const MinutesTextSectionSchema = answer('MinutesTextSection', {
  heading: z.string(),
  blocks: z.array(MinutesTextBlockSchema),
  newPage: z.boolean().optional().describe('Starts a new page in the PDF (the signatures: its last page)'),
});
export type MinutesTextSection = z.infer<typeof MinutesTextSectionSchema>;

export const MinutesTextSchema = answer(
  'MinutesText',
  {
    language: z.literal('bg'),
    title: z.string().describe("The document's title (HTML `<title>`, the PDF's Title)"),
    subject: z.string().describe("The PDF's Subject"),
    masthead: z.string().describe("The municipality's name, above the heading"),
    heading: z.string().describe('„Протокол № N“'),
    preamble: z
      .array(MinutesTextBlockSchema)
      .describe("The lines under the heading: the mandate, the sitting, its times, the draft's notice"),
    sections: z.array(MinutesTextSectionSchema),
  },
  'The minutes’ text, in Bulgarian: what HTML and PDF render',
);
export type MinutesText = z.infer<typeof MinutesTextSchema>;

/** The minutes as JSON: the record and its text. */
export const CouncilMinutesWithTextSchema = answer(
  'CouncilMinutesWithText',
  { ...CouncilMinutesSchema.shape, text: MinutesTextSchema.optional() },
  'The minutes as JSON: the record and its text',
);
export type CouncilMinutesWithText = z.infer<typeof CouncilMinutesWithTextSchema>;
