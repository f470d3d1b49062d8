import type { CouncilMinutes } from './council.js';

/**
 * The minutes' text (issue 22, item 11): what the official record says, in Bulgarian, built
 * once from the stored record and rendered as it is to HTML and to the PDF — the same
 * headings, sections and lines in every format. The JSON of the minutes carries it as `text`
 * (it is not part of the signed content: it is derived from it).
 */
export interface MinutesText {
  language: 'bg';
  /** The document's title (HTML `<title>`, the PDF's Title). */
  title: string;
  /** The PDF's Subject. */
  subject: string;
  /** The municipality's name, above the heading. */
  masthead: string;
  /** „Протокол № N“. */
  heading: string;
  /** The lines under the heading: the mandate, the sitting, its times, the draft's notice. */
  preamble: MinutesTextBlock[];
  sections: MinutesTextSection[];
}

export interface MinutesTextSection {
  heading: string;
  blocks: MinutesTextBlock[];
  /** Starts a new page in the PDF (the signatures: its last page). */
  newPage?: boolean;
}

/**
 * One block of the text: a paragraph (`style`: the sitting's title, bold, or small print), a
 * subheading (a vote), a list (`ordered`: numbered — the agenda) or a code line (the SHA-256).
 */
export type MinutesTextBlock =
  | { kind: 'paragraph'; text: string; style?: 'title' | 'strong' | 'small' }
  | { kind: 'subheading'; text: string }
  | { kind: 'list'; ordered: boolean; items: MinutesTextItem[] }
  | { kind: 'code'; text: string };

export interface MinutesTextItem {
  /** The number of an item of an ordered list (the agenda item's position). */
  number?: number;
  text: string;
  /** A link: the address the text ends with (a recording). */
  link?: string;
  /** Lines under the item, in smaller print (legal basis, materials). */
  details?: string[];
}

/** The minutes as JSON: the record and its text. */
export type CouncilMinutesWithText = CouncilMinutes & { text?: MinutesText };
