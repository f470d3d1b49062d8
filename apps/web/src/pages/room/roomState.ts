import type { KnockEvent, SpaceJoinResponse } from '@egov-box/contracts';
import { ApiError } from '../../api/client';

/**
 * Where I stand with a room's video: `idle` until I choose to enter (the page asks for no
 * token when it opens), then the answer of `POST /api/spaces/:id/join` (a token, or
 * knock first, or the door is closed, or no video on this server), my knock and its answer,
 * and what happened to the LiveKit connection.
 */
export type Entry =
  | { kind: 'idle' }
  | { kind: 'joining' }
  | { kind: 'in'; join: SpaceJoinResponse; attempt: number }
  | { kind: 'knock_required' }
  | { kind: 'door_closed' }
  | { kind: 'not_invited' }
  | { kind: 'video_unavailable' }
  /** My knock is waiting; `knockId` is null when I was already knocking (409 knock_pending). */
  | { kind: 'knocking'; knockId: string | null }
  | { kind: 'denied' }
  | { kind: 'expired' }
  | { kind: 'left' }
  | { kind: 'failed'; reason: 'connection' | 'dropped'; message: string }
  | { kind: 'error'; error: unknown };

const REFUSALS = ['knock_required', 'door_closed', 'not_invited'] as const;

/** The page state for a join request that was refused (or failed). */
export function entryFromJoinError(err: unknown): Entry {
  if (err instanceof ApiError) {
    if (err.status === 503 && err.code === 'video_unavailable') return { kind: 'video_unavailable' };
    const refusal = REFUSALS.find((code) => code === err.code);
    if (err.status === 403 && refusal) return { kind: refusal };
  }
  return { kind: 'error', error: err };
}

/** The page state after `POST /api/spaces/:id/knocks` failed: already knocking, door closed, or an error. */
export function entryFromKnockError(err: unknown): Entry {
  if (err instanceof ApiError) {
    if (err.status === 409 && err.code === 'knock_pending') return { kind: 'knocking', knockId: null };
    if (err.status === 403 && err.code === 'door_closed') return { kind: 'door_closed' };
  }
  return { kind: 'error', error: err };
}

/**
 * What a `knock.resolved` event means for a visitor waiting at `spaceId`: `join` when let in,
 * the denied/expired state, or null when the event is about someone else's knock.
 */
export function knockOutcome(
  event: Pick<KnockEvent, 'id' | 'spaceId' | 'status' | 'visitor'>,
  entry: Entry,
  spaceId: string,
  me: string,
): 'join' | Entry | null {
  if (entry.kind !== 'knocking') return null;
  if (event.spaceId !== spaceId || event.visitor?.id !== me) return null;
  if (entry.knockId && event.id !== entry.knockId) return null;
  if (event.status === 'admitted') return 'join';
  if (event.status === 'denied') return { kind: 'denied' };
  if (event.status === 'expired') return { kind: 'expired' };
  return null;
}

/** Whether the knock form should be offered (the door asks for a knock, or asking again). */
export function canKnock(entry: Entry): boolean {
  return entry.kind === 'knock_required' || entry.kind === 'denied' || entry.kind === 'expired';
}

/**
 * What the owner's new door means for a visitor's page: a refusal or an unanswered knock
 * that the door no longer explains goes back to `idle` (which offers what the door now
 * allows); a knock still waiting stays, unless the door opened; being inside is never touched.
 */
export function entryAfterDoorChange(entry: Entry, door: 'open' | 'knock' | 'closed'): Entry {
  switch (entry.kind) {
    case 'knock_required':
    case 'door_closed':
    case 'denied':
    case 'expired':
      return { kind: 'idle' };
    case 'knocking':
      return door === 'open' ? { kind: 'idle' } : entry;
    default:
      return entry;
  }
}
