import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import type {
  CouncilBodyRef,
  CouncilQuorum,
  CouncilSessionStatus,
  SpeakerView,
  VoteCounts,
  VoteMode,
  VoteResult,
} from './council.js';
import type { ElectionMode, ElectionOutcome } from './council-elections.js';

/**
 * The chamber's screen (issue 15, part 7; OpenSlides' projector): a full-screen page for the
 * hall's display, opened with a display token a clerk creates for one sitting — no personal
 * account. The page is `/display#<token>` (the token after `#` never reaches a server, a log
 * or a Referer); it connects to the `/display` Socket.IO namespace with `auth: { token }`
 * and only receives `display.state`.
 */
export const DISPLAY_NAMESPACE = '/display';

/** A clerk creates a display token for a sitting (an optional label: which screen). */
export const CreateDisplayTokenSchema = z.strictObject({
  label: z.string().trim().min(1).max(100).optional(),
});
export type CreateDisplayTokenRequest = z.infer<typeof CreateDisplayTokenSchema>;

const displayTokenFields = {
  id: z.uuid(),
  sessionId: z.uuid(),
  label: z.string().nullable(),
  createdAt: InstantSchema,
  revokedAt: InstantSchema.nullable(),
};
export const DisplayTokenViewSchema = answer('DisplayTokenView', displayTokenFields);
export type DisplayTokenView = z.infer<typeof DisplayTokenViewSchema>;

/** Answered once, at creation: the token itself is never stored nor shown again (only its hash). */
export const DisplayTokenCreatedSchema = answer(
  'DisplayTokenCreated',
  {
    ...displayTokenFields,
    token: z.string(),
    path: z.string().describe("The screen's address on this portal: `/display#<token>`"),
  },
  'Answered once, at creation: the token itself is never stored nor shown again (only its hash)',
);
export type DisplayTokenCreated = z.infer<typeof DisplayTokenCreatedSchema>;

/** A vote as the screen shows it: a secret one has no totals while open (only how many voted). */
export interface DisplayVote {
  id: string;
  /** Null for the agenda's adoption. */
  itemId: string | null;
  itemPosition: number | null;
  itemTitle: string;
  mode: VoteMode;
  status: 'open' | 'closed';
  ballotsCast: number;
  counts: VoteCounts | null;
  result: VoteResult | null;
}

/**
 * The check-in code of a chamber sitting (another part of issue 15 builds it): the screen
 * shows it when present.
 */
export interface DisplayCheckIn {
  code: string;
  expiresAt: string;
}

/** `display.state`: everything the screen shows, sent whole on every change. */
export interface CouncilDisplayState {
  /** The server's clock when sent (the countdown runs from it). */
  now: string;
  session: {
    id: string;
    number: number;
    title: string;
    status: CouncilSessionStatus;
    body?: CouncilBodyRef;
    place?: string | null;
  };
  item: { id: string; position: number; title: string } | null;
  speaker: SpeakerView | null;
  queue: SpeakerView[];
  quorum: CouncilQuorum;
  vote: DisplayVote | null;
  results: DisplayVote[];
  checkIn?: DisplayCheckIn | null;
  /** The election round open now, else the last one closed (null: none at this sitting). */
  election?: DisplayElection | null;
}

/** An election round as the screen shows it: while open only how many voted; the totals after the close. */
export interface DisplayElection {
  id: string;
  office: string;
  round: number;
  mode: ElectionMode;
  status: 'open' | 'closed';
  ballotsCast: number;
  result: {
    votes: { name: string; votes: number }[];
    blank: number;
    invalid: number;
    outcome: ElectionOutcome;
    /** Who is elected (`outcome: elected`). */
    elected: string | null;
  } | null;
}
