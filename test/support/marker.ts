import type { Socket } from 'socket.io-client';

/** An event on a socket, optionally only those whose payload `matches`. */
export interface Watched<P = unknown> {
  event: string;
  matches?: (payload: P) => boolean;
}

/**
 * The marker: an event that `trigger` causes and that the server sends to the same socket; or,
 * without `event`, `trigger` itself, resolving when an acknowledgement on the same socket came.
 */
export interface Marker<T = unknown> {
  event?: string;
  matches?: (payload: T) => boolean;
  trigger: () => Promise<unknown>;
}

/**
 * "Nothing arrived", asserted without a fixed wait. Listens on `socket` for `forbidden` from
 * now on, runs `action` (what must not be delivered; may be omitted when it already ran and
 * the caller keeps its own record), then `marker.trigger`, and waits for the marker. The caller
 * chooses a marker that the server sends only after everything the action could have sent
 * (and says why in a comment): one socket delivers its messages in order, so once the marker
 * is here a forbidden event would be too. Then fails if one came. Returns the marker's payload.
 */
export async function expectNothingBefore<T = unknown, P = unknown>(
  socket: Socket,
  forbidden: Watched<P>,
  marker: Marker<T>,
  action?: () => Promise<unknown>,
  timeoutMs = 15_000,
): Promise<T> {
  const arrived: unknown[] = [];
  const onForbidden = (payload: P) => {
    if (!forbidden.matches || forbidden.matches(payload)) arrived.push(payload);
  };
  let onMarker: (payload: T) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const marked = new Promise<T>((resolve, reject) => {
    onMarker = (payload) => {
      if (!marker.matches || marker.matches(payload)) resolve(payload);
    };
    timer = setTimeout(
      () => reject(new Error(`no marker ${marker.event ?? 'acknowledgement'} within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  socket.on(forbidden.event, onForbidden);
  if (marker.event) socket.on(marker.event, onMarker);
  try {
    if (action) await action();
    const acknowledged = await marker.trigger();
    const payload = marker.event ? await marked : (acknowledged as T);
    if (arrived.length)
      throw new Error(
        `${forbidden.event} arrived before the marker ${marker.event ?? 'acknowledgement'}: ${JSON.stringify(arrived)}`,
      );
    return payload;
  } finally {
    clearTimeout(timer);
    socket.off(forbidden.event, onForbidden);
    if (marker.event) socket.off(marker.event, onMarker);
  }
}
