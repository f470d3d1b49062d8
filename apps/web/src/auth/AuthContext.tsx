import type { UserView } from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, type ApiClient } from '../api/client';

export type AuthState =
  | { status: 'restoring'; user: null }
  | { status: 'signedIn'; user: UserView }
  | { status: 'signedOut'; user: null; reason?: 'signInSessionEnded' | 'signedOut' };

interface AuthValue {
  state: AuthState;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** The server said this session is over (socket `session.ended`, refresh refused). */
  signInSessionEnded(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

// One restore per page load, even when React runs effects twice in development.
let restoring: Promise<UserView | null> | null = null;
function restoreOnce(client: ApiClient): Promise<UserView | null> {
  restoring ??= client.restore().then(
    (s) => s?.user ?? null,
    () => null,
  );
  return restoring;
}

export function AuthProvider({ children, client = api }: { children: ReactNode; client?: ApiClient }) {
  const [state, setState] = useState<AuthState>(() =>
    client.currentUser ? { status: 'signedIn', user: client.currentUser } : { status: 'restoring', user: null },
  );

  // While this tab signs out, the server's own `session.ended` for it is expected, not news.
  const signingOut = useRef(false);

  useEffect(() => {
    let alive = true;
    if (state.status === 'restoring') {
      void restoreOnce(client).then((user) => {
        if (alive) setState(user ? { status: 'signedIn', user } : { status: 'signedOut', user: null });
      });
    }
    const off = client.onSignInSession((signInSession) => {
      if (!alive) return;
      setState((prev) => {
        if (signInSession) return { status: 'signedIn', user: signInSession.user };
        if (prev.status === 'signedIn' && !signingOut.current)
          return { status: 'signedOut', user: null, reason: 'signInSessionEnded' };
        return prev.status === 'restoring' ? { status: 'signedOut', user: null } : prev;
      });
    });
    return () => {
      alive = false;
      off();
    };
  }, [client]);

  const login = useCallback(
    async (username: string, password: string) => {
      const signInSession = await client.login(username, password);
      setState({ status: 'signedIn', user: signInSession.user });
    },
    [client],
  );

  const logout = useCallback(async () => {
    signingOut.current = true;
    try {
      await client.logout();
    } catch {
      // The server may be unreachable; the session is forgotten here anyway.
    } finally {
      signingOut.current = false;
    }
    setState({ status: 'signedOut', user: null, reason: 'signedOut' });
  }, [client]);

  const signInSessionEnded = useCallback(() => {
    if (signingOut.current) return;
    client.forget();
    setState((prev) =>
      prev.status === 'signedIn' ? { status: 'signedOut', user: null, reason: 'signInSessionEnded' } : prev,
    );
  }, [client]);

  // Nothing of the previous user may stay on screen or in the cache after sign-out.
  const queryClient = useQueryClient();
  // Only after a user was signed in: clearing when an anonymous visit finishes restoring would
  // orphan the public page's queries already in flight (they would stay pending for ever).
  const hadUser = useRef(false);
  useEffect(() => {
    if (state.status === 'signedIn') hadUser.current = true;
    else if (state.status === 'signedOut' && hadUser.current) {
      hadUser.current = false;
      queryClient.clear();
    }
  }, [state.status, queryClient]);

  const value = useMemo(
    () => ({ state, login, logout, signInSessionEnded }),
    [state, login, logout, signInSessionEnded],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthProvider>');
  return value;
}

/** The signed-in user (only inside the signed-in part of the portal). */
export function useUser(): UserView {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useUser while signed out');
  return state.user;
}
