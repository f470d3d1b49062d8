import type {
  ClientToServerEvents,
  CouncilAttendanceUpdatedEvent,
  CouncilElectionEvent,
  CouncilSessionUpdatedEvent,
  CouncilSessionView,
  CouncilSpeakersUpdatedEvent,
  CouncilVoteEvent,
  ServerToClientEvents,
  SpeakerView,
  VoteView,
} from '@egov-box/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { api } from '../../api/client';
import { applyElection } from './elections-model';

const ELECTION_EVENTS = ['council.election.opened', 'council.election.updated', 'council.election.closed'] as const;

type AnySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A vote from an event keeps the viewer's own ballot (events never carry `mine`). */
export function mergeVote(votes: VoteView[], incoming: VoteView): VoteView[] {
  const i = votes.findIndex((v) => v.id === incoming.id);
  if (i < 0) return [...votes, incoming];
  const prev = votes[i]!;
  const next = [...votes];
  next[i] = { ...incoming, mine: incoming.mine ?? prev.mine };
  return next;
}

/** Applies a council event to the cached session view; older versions are ignored. */
export function applyVote(s: CouncilSessionView, e: CouncilVoteEvent): CouncilSessionView {
  return { ...s, version: Math.max(s.version, e.version), votes: mergeVote(s.votes, e.vote) };
}

export function applyAttendance(s: CouncilSessionView, e: CouncilAttendanceUpdatedEvent): CouncilSessionView {
  if (e.version < s.version) return s;
  let attendance = s.attendance;
  if (e.member && e.present !== null) {
    const present = e.present;
    const found = attendance.some((a) => a.member.id === e.member!.id);
    attendance = found
      ? attendance.map((a) => (a.member.id === e.member!.id ? { ...a, present } : a))
      : [...attendance, { member: e.member, present, checkedInAt: null, checkedOutAt: null }];
  }
  return { ...s, version: e.version, quorum: e.quorum, attendance };
}

export function applySitting(s: CouncilSessionView, e: CouncilSessionUpdatedEvent): CouncilSessionView {
  if (e.version < s.version) return s;
  return {
    ...s,
    status: e.status,
    currentItemId: e.currentItemId,
    title: e.title,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    version: e.version,
  };
}

/**
 * Whether an event shows that others were missed (a dropped connection, a lost packet): every
 * change raises the session's version by one, so an event more than one ahead of the cached
 * view means the view must be fetched again.
 */
export function missedEvents(cached: Pick<CouncilSessionView, 'version'> | undefined, version: number): boolean {
  return !!cached && version > cached.version + 1;
}

/**
 * A refetch that was sent before an event arrived must not undo the event: the session's
 * version only grows, so an older answer keeps what the cache has.
 */
export function newerSitting(old: unknown, next: unknown): unknown {
  const o = old as CouncilSessionView | undefined;
  const n = next as CouncilSessionView | undefined;
  if (o && n && typeof o.version === 'number' && typeof n.version === 'number' && n.version < o.version) return o;
  return next;
}

/**
 * Which speakers' list to keep: an event older than one already applied is dropped, and a
 * list loaded over HTTP is dropped when an event arrived while it was on its way.
 */
export class SpeakersTracker {
  private version = -1;
  private events = 0;

  /** Whether the event with this session version should replace the list. */
  event(version: number): boolean {
    if (version < this.version) return false;
    this.version = version;
    this.events += 1;
    return true;
  }

  /** Call when a load starts; pass the ticket to `loaded`. */
  loading(): number {
    return this.events;
  }

  /** Whether the loaded list may replace the current one. */
  loaded(ticket: number): boolean {
    return ticket === this.events;
  }
}

/** The session under `key` from `path`, never replaced by an older version. */
export function useCouncilSession(key: readonly unknown[], path: string) {
  return useQuery<CouncilSessionView>({
    queryKey: key,
    // No abort signal: a fetch cancelled by a remount must not leave the page waiting idle.
    queryFn: () => api.get<CouncilSessionView>(path),
    structuralSharing: newerSitting,
  });
}

/**
 * Watches a council session on `socket` (`council.watch`, again after every reconnect) and
 * keeps the cached session under `key` current from the events. Returns the speakers' list
 * as the last `council.speakers.updated` told it (seeded by `initialSpeakers`).
 */
export function useCouncilLive(
  socket: AnySocket | null,
  sittingId: string,
  key: readonly unknown[],
  opts: {
    refetchOnChange?: boolean;
    onVoteClosed?: (v: VoteView) => void;
    /** Loads the whole speakers' list after every (re)watch: events missed while away are not lost. */
    loadSpeakers?: () => Promise<SpeakerView[]>;
  } = {},
): { speakers: SpeakerView[] | null; setSpeakers: (s: SpeakerView[]) => void; watching: boolean } {
  const queryClient = useQueryClient();
  const [speakers, setSpeakers] = useState<SpeakerView[] | null>(null);
  const [watching, setWatching] = useState(false);
  const latest = useRef(opts);
  latest.current = opts;
  const keyString = JSON.stringify(key);

  useEffect(() => {
    if (!socket || !sittingId) return;
    const k = JSON.parse(keyString) as unknown[];
    const update = (fn: (s: CouncilSessionView) => CouncilSessionView) =>
      queryClient.setQueryData<CouncilSessionView>(k, (s) => (s ? fn(s) : s));
    const tracker = new SpeakersTracker();
    const reloadSpeakers = () => {
      const load = latest.current.loadSpeakers;
      if (!load) return;
      const ticket = tracker.loading();
      load()
        .then((list) => {
          if (tracker.loaded(ticket)) setSpeakers(list);
        })
        .catch(() => undefined);
    };
    // A gap in `version`: fetch the snapshot (and the speakers) instead of trusting the cache.
    const resyncOnGap = (version: number) => {
      if (!missedEvents(queryClient.getQueryData<CouncilSessionView>(k), version)) return;
      void queryClient.invalidateQueries({ queryKey: k });
      reloadSpeakers();
    };
    const watch = () => {
      socket.emit('council.watch', { sessionId: sittingId }, (ack) => {
        setWatching(ack.ok);
        if (!ack.ok) return;
        reloadSpeakers();
        // Changes made before watching began (while the page was on its way, or offline) come
        // as no event: a copy older than the version now is fetched again.
        const now = (ack.data as { version?: unknown } | undefined)?.version;
        const cached = queryClient.getQueryData<CouncilSessionView>(k);
        if (typeof now === 'number' && cached && now > cached.version)
          void queryClient.invalidateQueries({ queryKey: k });
      });
    };
    const mine = (e: { sessionId: string }) => e.sessionId === sittingId;
    const onSittingUpdated = (e: CouncilSessionUpdatedEvent) => {
      if (!mine(e)) return;
      resyncOnGap(e.version);
      update((s) => applySitting(s, e));
      // Agenda changes, conflicts and the like: fetch the whole view again.
      if (latest.current.refetchOnChange !== false) void queryClient.invalidateQueries({ queryKey: k });
    };
    const onAttendance = (e: CouncilAttendanceUpdatedEvent) => {
      if (!mine(e)) return;
      resyncOnGap(e.version);
      update((s) => applyAttendance(s, e));
    };
    const onVote = (e: CouncilVoteEvent) => {
      if (!mine(e)) return;
      resyncOnGap(e.version);
      update((s) => applyVote(s, e));
    };

    const onClosed = (e: CouncilVoteEvent) => {
      if (!mine(e)) return;
      resyncOnGap(e.version);
      update((s) => applyVote(s, e));
      latest.current.onVoteClosed?.(e.vote);
    };
    const onSpeakers = (e: CouncilSpeakersUpdatedEvent) => {
      if (!mine(e)) return;
      resyncOnGap(e.version);
      update((s) => (e.version > s.version ? { ...s, version: e.version } : s));
      if (tracker.event(e.version)) setSpeakers(e.speakers);
    };
    socket.on('connect', watch);
    socket.on('council.session.updated', onSittingUpdated);
    socket.on('council.attendance.updated', onAttendance);
    socket.on('council.vote.opened', onVote);
    socket.on('council.vote.updated', onVote);
    socket.on('council.vote.closed', onClosed);
    socket.on('council.speakers.updated', onSpeakers);
    // Election rounds (Elections.tsx): opened, a ballot counted (how many voted only), closed.
    const onElection = (e: CouncilElectionEvent) => {
      if (!mine(e)) return;
      resyncOnGap(e.version);
      update((s) => applyElection(s, e));
    };
    for (const ev of ELECTION_EVENTS) socket.on(ev, onElection);
    if (socket.connected) watch();
    return () => {
      socket.off('connect', watch);
      socket.off('council.session.updated', onSittingUpdated);
      socket.off('council.attendance.updated', onAttendance);
      socket.off('council.vote.opened', onVote);
      socket.off('council.vote.updated', onVote);
      socket.off('council.vote.closed', onClosed);
      socket.off('council.speakers.updated', onSpeakers);
      for (const ev of ELECTION_EVENTS) socket.off(ev, onElection);
      if (socket.connected) socket.emit('council.unwatch', { sessionId: sittingId });
      setWatching(false);
    };
  }, [socket, sittingId, keyString, queryClient]);

  return { speakers, setSpeakers, watching };
}

/**
 * Calls `say` with the item's title once for each vote that opens while the page is open,
 * however the page learnt of it: the event, the chair's own click, or the sitting fetched again
 * after a reconnect or a gap in `version` (an event missed while the page was still joining is
 * not a vote left unsaid). A vote already open when the page loaded is not said: the page
 * opens on it.
 */
export function useVoteOpened(sitting: CouncilSessionView | undefined, say: (title: string) => void): void {
  const open = sitting?.votes.find((v) => v.status === 'open');
  const title = open ? (sitting?.items.find((i) => i.id === open.itemId)?.title ?? '') : '';
  const seen = useRef<string | null | undefined>(undefined);
  const latestSay = useRef(say);
  latestSay.current = say;
  const loaded = sitting !== undefined;
  const id = open?.id ?? null;
  useEffect(() => {
    if (!loaded) return;
    const before = seen.current;
    seen.current = id;
    if (before !== undefined && id !== null && id !== before) latestSay.current(title);
  }, [loaded, id, title]);
}
