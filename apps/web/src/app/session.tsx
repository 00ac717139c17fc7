import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, onUnauthorized, rememberCsrfToken } from '../api/http';
import { keys, useSession } from '../api/hooks';
import type { SessionInfo, SessionUser } from '../api/types';

interface SessionState {
  session: SessionInfo | null | undefined;
  /** A message for the sign-in page ("You have signed out."). */
  notice: string | null;
  signedIn(s: SessionInfo): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * The signed-in session, from GET /auth/session, kept in the query cache. A 401 from any call
 * clears it (the shell then shows sign-in, keeping the URL so the user lands back where they were).
 * Signing out or in clears every cached answer: the next user must not see the last one's data.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const { data } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  // Set synchronously so children's first requests already carry the CSRF token.
  if (data !== undefined) rememberCsrfToken(data?.csrfToken ?? null);

  const replace = useCallback((s: SessionInfo | null) => {
    rememberCsrfToken(s?.csrfToken ?? null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    qc.setQueryData(keys.session, s);
  }, [qc]);

  useEffect(() => {
    onUnauthorized(() => {
      if (qc.getQueryData(keys.session)) setNotice('Your session has ended. Sign in again to carry on.');
      replace(null);
    });
    return () => onUnauthorized(null);
  }, [qc, replace]);

  const value = useMemo<SessionState>(() => ({
    session: data,
    notice,
    signedIn: (s) => { setNotice(null); replace(s); },
    async signOut() {
      await api('/auth/sign-out', { method: 'POST' });
      setNotice('You have signed out.');
      replace(null);
    },
  }), [data, notice, replace]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSessionState outside SessionProvider');
  return s;
}

/** The signed-in user; screens under the shell are only rendered with one. */
export function useUser(): SessionUser {
  const user = useSessionState().session?.user;
  if (!user) throw new Error('useUser with no session');
  return user;
}
