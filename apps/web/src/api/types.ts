import type { PresenceStatus, UserView } from '@egov-box/contracts';

// Shapes of feature APIs that other teams are building now (architecture.md, "Contract").
// Only the fields the pages read are listed, and optional where the contract leaves them open;
// move each to @egov-box/contracts once its team publishes it there.

export type DoorState = 'open' | 'knock' | 'closed';
export const DOOR_STATES: DoorState[] = ['open', 'knock', 'closed'];

export interface SpaceRef {
  id: string;
  name: string;
}

export interface SpaceView extends SpaceRef {
  kind: 'personal' | 'hall' | 'chamber';
  door?: DoorState;
  owner?: UserView | null;
  ownerId?: string | null;
  capacity?: number | null;
  location?: string | null;
  equipment?: string[];
  /** Who is inside now (as LiveKit reports it). */
  participants?: UserView[];
  presence?: { status: PresenceStatus; spaceId?: string | null } | null;
}

export interface MeetingView {
  id: string;
  title: string;
  kind: 'booking' | 'one_on_one' | 'council_session' | 'committee_meeting';
  startsAt: string;
  endsAt: string;
  space?: SpaceRef | null;
  status?: string;
}

export interface KnockView {
  id: string;
  spaceId?: string;
  visitor?: Pick<UserView, 'id' | 'displayName'>;
  message?: string | null;
  status?: 'pending' | 'admitted' | 'denied' | 'expired';
  createdAt?: string;
  expiresAt?: string;
}

export interface OneOnOneRequestView {
  id: string;
  topic?: string;
  requester?: Pick<UserView, 'id' | 'displayName'>;
  status?: string;
  /** Who has to answer now; null when nobody has to. */
  awaitingUserId?: string | null;
}

/** `one_on_one.*` events carry `{ action, actorId, request }`; older drafts sent the request itself. */
export function oneOnOneFromEvent(e: unknown): OneOnOneRequestView | null {
  const candidate = (e && typeof e === 'object' && 'request' in e ? (e as { request: unknown }).request : e) as
    OneOnOneRequestView | null | undefined;
  return candidate && typeof candidate.id === 'string' ? candidate : null;
}

export type { CouncilSessionSummary, CouncilSessionView } from '@egov-box/contracts';

/** A list endpoint may answer with an array or with a page `{ items }`. */
export function listOf<T>(body: T[] | { items?: T[] } | null | undefined): T[] {
  if (Array.isArray(body)) return body;
  return body?.items ?? [];
}
