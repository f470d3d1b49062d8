import {
  REALTIME_NAMESPACE,
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerEventName,
  type ServerToClientEvents,
} from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { api, type ApiClient } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { useAnnounce } from '../components/Announcer';
import { useTranslation } from 'react-i18next';
import { nextStatus, type ConnectionStatus } from './status';

type PortalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface RealtimeValue {
  status: ConnectionStatus;
  socket: PortalSocket | null;
}

const RealtimeContext = createContext<RealtimeValue>({ status: 'offline', socket: null });

/**
 * One Socket.IO connection to /realtime while signed in. The handshake takes the current
 * access token each time it connects, so a reconnect after the token was renewed works.
 * After a reconnect every query is refetched: events missed while offline are not replayed.
 */
export function RealtimeProvider({ children, client = api }: { children: ReactNode; client?: ApiClient }) {
  const { state, signInSessionEnded } = useAuth();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const { t } = useTranslation();
  const [status, setStatus] = useState<ConnectionStatus>('offline');
  const [socket, setSocket] = useState<PortalSocket | null>(null);
  const latest = useRef({ signInSessionEnded, announce, t, queryClient });
  latest.current = { signInSessionEnded, announce, t, queryClient };

  const signedIn = state.status === 'signedIn';
  useEffect(() => {
    if (!signedIn) return;
    let closed = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let everConnected = false;
    let attempts = 0;
    const s: PortalSocket = io(REALTIME_NAMESPACE, {
      path: SOCKET_PATH,
      auth: (cb) => cb({ token: client.accessToken ?? '' }),
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    });
    const update = (event: Parameters<typeof nextStatus>[1]) => setStatus((prev) => nextStatus(prev, event));
    const retry = () => {
      clearTimeout(retryTimer);
      const delay = Math.min(1000 * 2 ** attempts++, 15_000);
      retryTimer = setTimeout(() => {
        if (!closed) s.connect();
      }, delay);
    };

    update('connecting');
    s.on('connect', () => {
      attempts = 0;
      update('connected');
      if (everConnected) {
        // Whatever changed while we were away: fetch it again.
        void latest.current.queryClient.invalidateQueries();
        latest.current.announce(latest.current.t('connection.restored'));
      }
      everConnected = true;
    });
    s.on('disconnect', (reason) => {
      if (closed) return;
      update('disconnected');
      // The server dropped us without saying the session ended: renew the token and come back.
      if (reason === 'io server disconnect') {
        void client.refresh().then(
          (signInSession) => (signInSession ? retry() : latest.current.signInSessionEnded()),
          () => retry(),
        );
      }
    });
    s.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (closed) return;
      update('disconnected');
      if (s.active) return; // a transport problem: socket.io retries by itself
      // Refused by the handshake check: most likely the access token expired meanwhile.
      if (err.data?.code === 'unauthenticated') {
        void client.refresh().then(
          (signInSession) => (signInSession ? retry() : latest.current.signInSessionEnded()),
          () => retry(),
        );
      } else {
        retry();
      }
    });
    s.on('session.ended', () => {
      closed = true;
      s.close();
      latest.current.signInSessionEnded();
    });
    setSocket(s);
    return () => {
      closed = true;
      clearTimeout(retryTimer);
      s.close();
      setSocket(null);
      setStatus('offline');
    };
  }, [signedIn, client]);

  return <RealtimeContext.Provider value={{ status, socket }}>{children}</RealtimeContext.Provider>;
}

export function useConnectionStatus(): ConnectionStatus {
  return useContext(RealtimeContext).status;
}

/** Runs `handler` for every `event` from the server while the component is mounted. */
export function useRealtimeEvent<E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): void {
  const { socket } = useContext(RealtimeContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: unknown[]) => (ref.current as (...a: unknown[]) => void)(...args)) as never;
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}

/** The live /realtime socket (null while signed out or not yet created). */
export function useRealtimeSocket(): PortalSocket | null {
  return useContext(RealtimeContext).socket;
}

/**
 * Follows these personal rooms while mounted (`room.watch`, again after every reconnect: a
 * new socket is in no room): their `room.door.changed` and their owners' `presence.updated`.
 * `onWatched` runs once the server has put the socket in the rooms: a change made between the
 * page's own fetch and that moment was pushed to nobody, so the page asks again then.
 */
export function useWatchRooms(spaceIds: readonly string[], onWatched?: () => void): void {
  const { socket } = useContext(RealtimeContext);
  const key = [...new Set(spaceIds)].sort().join(',');
  const watched = useRef(onWatched);
  watched.current = onWatched;
  useEffect(() => {
    if (!socket || !key) return;
    const ids = key.split(',');
    const watch = () =>
      socket.emit('room.watch', { spaceIds: ids }, (ack) => {
        if (ack?.ok) watched.current?.();
      });
    if (socket.connected) watch();
    socket.on('connect', watch);
    return () => {
      socket.off('connect', watch);
      if (socket.connected) socket.emit('room.unwatch', { spaceIds: ids });
    };
  }, [socket, key]);
}
