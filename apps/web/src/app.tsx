import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, errorText, onUnauthorized, rememberSession, type SessionInfo } from './api-client';
import { ChangePasswordPage } from './change-password';
import { ErrorSummary } from './error-summary';
import { RequestDetailView } from './request-detail';
import { RequestList } from './request-list';
import { SignInPage } from './sign-in';
import { SopListPage } from './sop-designer/sop-list-page';
import { TaskList } from './task-list';

type Route = { name: 'requests' } | { name: 'request'; id: string } | { name: 'tasks'; requestId?: string } | { name: 'password' }
  | { name: 'sops' } | { name: 'sop'; id: string };

// The designer brings React Flow and the SOP validator: loaded only when someone opens a version.
const SopDesignerPage = lazy(() => import('./sop-designer/sop-designer-page').then((m) => ({ default: m.SopDesignerPage })));

/** Roles that may read SOP versions (the designer is read-only for all but the SOP manager). */
const SOP_READERS = ['sop_manager', 'coordinator', 'admin', 'auditor'];

function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'requests' && parts[1]) return { name: 'request', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'tasks') return { name: 'tasks', requestId: new URLSearchParams(query).get('requestId') ?? undefined };
  if (parts[0] === 'password') return { name: 'password' };
  if (parts[0] === 'sops') return parts[1] ? { name: 'sop', id: decodeURIComponent(parts[1]) } : { name: 'sops' };
  return { name: 'requests' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef(session);
  current.current = session;

  const signedIn = useCallback((s: SessionInfo | null) => {
    // Set synchronously so children's first requests already carry the CSRF token.
    rememberSession(s);
    setSession(s);
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      if (current.current) setNotice('Your session has ended. Sign in again to carry on.');
      signedIn(null);
    });
    api<SessionInfo>('/auth/session', { quiet401: true }).then(signedIn).catch(() => signedIn(null));
    return () => onUnauthorized(null);
  }, [signedIn]);

  async function signOut() {
    setError(null);
    try {
      await api('/auth/sign-out', { method: 'POST' });
      setNotice('You have signed out.');
      signedIn(null);
    } catch (e) {
      setError(`Could not sign out: ${errorText(e)}`);
    }
  }

  function onSignInPage(s: SessionInfo) {
    // Drop ?signInError= from a refused OIDC sign-in so it is not shown again.
    if (window.location.search) window.history.replaceState(null, '', window.location.pathname + window.location.hash);
    setNotice(null);
    signedIn(s);
  }

  const user = session?.user;
  return (
    <>
      <a className="skip-link" href="#main">Skip to main content</a>
      <header className="site-header">
        <div className="container header-inner">
          <a className="brand" href="#/requests">SENDflow <span>NHS health advice for EHC needs assessments</span></a>
          {user && (
            <div className="signed-in-as">
              <span>Signed in as <strong>{user.displayName}</strong> <span className="role">({user.roles.join(', ')})</span></span>
              {session?.method === 'password' && <a href="#/password">Change password</a>}
              <button type="button" className="button button-header" onClick={() => void signOut()}>Sign out</button>
            </div>
          )}
        </div>
        {user && (
          <nav className="container site-nav" aria-label="Main">
            <a href="#/requests" aria-current={route.name === 'requests' || route.name === 'request' ? 'page' : undefined}>Requests</a>
            <a href="#/tasks" aria-current={route.name === 'tasks' ? 'page' : undefined}>My tasks</a>
            {user.roles.some((r) => SOP_READERS.includes(r)) && <a href="#/sops" aria-current={route.name === 'sops' || route.name === 'sop' ? 'page' : undefined}>SOPs</a>}
          </nav>
        )}
      </header>
      <main id="main" className="container">
        <ErrorSummary message={error} />
        {session === undefined && <p>Loading…</p>}
        {session === null && <SignInPage onSignedIn={onSignInPage} notice={notice} />}
        {user && (
          <div key={user.id}>
            {/* An SOP manager has no requests to list: their home is the SOP list. */}
            {route.name === 'requests' && (user.roles.every((r) => r === 'sop_manager') ? <SopListPage user={user} /> : <RequestList user={user} />)}
            {route.name === 'request' && <RequestDetailView id={route.id} user={user} />}
            {route.name === 'tasks' && <TaskList requestId={route.requestId} user={user} />}
            {route.name === 'sops' && <SopListPage user={user} />}
            {route.name === 'sop' && <Suspense fallback={<p>Loading the SOP designer…</p>}><SopDesignerPage id={route.id} user={user} /></Suspense>}
            {route.name === 'password' && <ChangePasswordPage />}
          </div>
        )}
      </main>
    </>
  );
}
