import { useEffect, useState } from 'react';
import { api, errorText, setActingUser, type DemoUser } from './api-client';
import { ErrorSummary } from './error-summary';
import { RequestDetailView } from './request-detail';
import { RequestList } from './request-list';
import { TaskList } from './task-list';

const USER_KEY = 'sendflow.actingAs';

type Route = { name: 'requests' } | { name: 'request'; id: string } | { name: 'tasks'; requestId?: string };

function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'requests' && parts[1]) return { name: 'request', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'tasks') return { name: 'tasks', requestId: new URLSearchParams(query).get('requestId') ?? undefined };
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
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [email, setEmail] = useState(() => localStorage.getItem(USER_KEY) ?? '');

  useEffect(() => {
    api<DemoUser[]>('/demo/users')
      .then((list) => {
        setUsers(list);
        setEmail((current) => (list.some((u) => u.email === current) ? current : list[0]?.email ?? ''));
      })
      .catch((e) => setLoadError(`Could not load users: ${errorText(e)}`));
  }, []);

  // Set synchronously so children's first requests already carry the header.
  setActingUser(email);
  const user = users?.find((u) => u.email === email);

  const choose = (value: string) => {
    localStorage.setItem(USER_KEY, value);
    setEmail(value);
  };

  return (
    <>
      <a className="skip-link" href="#main">Skip to main content</a>
      <header className="site-header">
        <div className="container header-inner">
          <a className="brand" href="#/requests">SENDflow <span>NHS health advice for EHC needs assessments</span></a>
          <div className="acting-as">
            <label htmlFor="acting-as">Acting as</label>
            <select id="acting-as" value={email} onChange={(e) => choose(e.target.value)} disabled={!users}>
              {!users && <option value="">Loading…</option>}
              {users?.map((u) => (
                <option key={u.email} value={u.email}>{u.displayName} ({u.roles.join(', ')})</option>
              ))}
            </select>
          </div>
        </div>
        <nav className="container site-nav" aria-label="Main">
          <a href="#/requests" aria-current={route.name !== 'tasks' ? 'page' : undefined}>Requests</a>
          <a href="#/tasks" aria-current={route.name === 'tasks' ? 'page' : undefined}>My tasks</a>
        </nav>
      </header>
      <main id="main" className="container">
        <ErrorSummary message={loadError} />
        {user && (
          <div key={user.email}>
            {route.name === 'requests' && <RequestList user={user} />}
            {route.name === 'request' && <RequestDetailView id={route.id} />}
            {route.name === 'tasks' && <TaskList requestId={route.requestId} />}
          </div>
        )}
      </main>
    </>
  );
}
