/** What the connection indicator shows. */
export type ConnectionStatus = 'offline' | 'connecting' | 'live' | 'reconnecting';

export type ConnectionEvent = 'connecting' | 'connected' | 'disconnected';

/**
 * The indicator's state machine: "connecting" only before the first connection, after that
 * any loss is "reconnecting" until the socket is back.
 */
export function nextStatus(prev: ConnectionStatus, event: ConnectionEvent): ConnectionStatus {
  switch (event) {
    case 'connecting':
      return 'connecting';
    case 'connected':
      return 'live';
    case 'disconnected':
      return prev === 'connecting' ? 'connecting' : 'reconnecting';
  }
}
