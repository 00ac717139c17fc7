import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useUnreadCount } from '../api/hooks';
import { errorText } from '../api/http';
import { SignInPage } from '../auth/sign-in';
import { ProblemSummary } from '../ui/error-summary';
import { Loading } from '../ui/parts';
import { homeFor, mayUse, menuFor } from './roles';
import { useSessionState } from './session';

const NHS_LOGO = 'M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z';

/**
 * The page frame: NHS header (service name, account links, menu by role), main, footer. Signed out,
 * any URL shows the sign-in page, so a deep link still lands where it pointed once signed in.
 */
export function Shell() {
  const { session, signOut } = useSessionState();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const user = session?.user;
  const menu = user ? menuFor(user.roles) : [];
  const current = menu.filter((m) => location.pathname === m.to || location.pathname.startsWith(`${m.to}/`)).sort((a, b) => b.to.length - a.to.length)[0];
  // A request page is reached from the caseload; SOP versions from the SOP list.

  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <Link className="nhsuk-header__service-logo" to="/" aria-label="SENDflow homepage">
              <svg className="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS">
                <title>NHS</title><path fill="currentcolor" d={NHS_LOGO} />
              </svg>
              <span className="nhsuk-header__service-name">SENDflow</span>
            </Link>
          </div>
          {user && (
            <nav className="nhsuk-header__account" aria-label="Account">
              <ul className="nhsuk-header__account-list">
                <li className="nhsuk-header__account-item">Signed in as <strong>{user.displayName}</strong>&nbsp;<span className="account-roles">({user.roles.join(', ').replace(/_/g, ' ')})</span></li>
                <li className="nhsuk-header__account-item"><NotificationsLink /></li>
                {session?.method === 'password' && <li className="nhsuk-header__account-item"><Link className="nhsuk-header__account-link" to="/account/password">Change password</Link></li>}
                <li className="nhsuk-header__account-item">
                  <button type="button" className="nhsuk-header__account-button" onClick={() => { setError(null); signOut().catch((e) => setError(`Could not sign out: ${errorText(e)}`)); }}>Sign out</button>
                </li>
              </ul>
            </nav>
          )}
        </div>
        {user && menu.length > 0 && (
          <nav className="nhsuk-header__navigation" aria-label="Main">
            <div className="nhsuk-header__navigation-container nhsuk-width-container">
              <ul className="nhsuk-header__navigation-list">
                {menu.map((m) => (
                  <li key={m.to} className={`nhsuk-header__navigation-item${m === current ? ' nhsuk-header__navigation-item--current' : ''}`}>
                    <Link className="nhsuk-header__navigation-link" to={m.to} aria-current={m === current ? 'page' : undefined}>
                      {m === current ? <strong className="nhsuk-header__navigation-item-current-fallback">{m.label}</strong> : m.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        )}
      </header>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          <ProblemSummary error={error} />
          {session === undefined && <Loading what="your session" />}
          {session === null && <SignInPage />}
          {user && <div key={user.id}><Outlet /></div>}
        </main>
      </div>
      <footer role="contentinfo">
        <div className="nhsuk-footer">
          <div className="nhsuk-width-container">
            <h2 className="nhsuk-u-visually-hidden">Support links</h2>
            <div className="nhsuk-footer__meta">
              <ul className="nhsuk-footer__list">
                <li className="nhsuk-footer__list-item"><a className="nhsuk-footer__list-item-link" href="/api/docs">API documentation</a></li>
              </ul>
              <p className="nhsuk-body-s">SENDflow: NHS health advice for education, health and care needs assessments. Children’s health data: use only for the child’s care.</p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

/** The header's link to the user's notifications, with the unread count (polled only while the tab is visible). */
function NotificationsLink() {
  const { data } = useUnreadCount();
  const unread = data?.unread ?? 0;
  return (
    <Link className="nhsuk-header__account-link" to="/notifications">
      Notifications
      {unread > 0 && <> <span className="app-count-badge">{unread > 99 ? '99+' : unread}</span><span className="nhsuk-u-visually-hidden"> unread</span></>}
    </Link>
  );
}

/** `/`: each role's home (one place: app/roles.ts). */
export function Home() {
  const user = useSessionState().session?.user;
  return user ? <Navigate to={homeFor(user.roles)} replace /> : null;
}

/** Wraps a route only some roles may use: anyone else is sent home rather than shown an error. */
export function RoleGate({ path, children }: { path: string | string[]; children: React.ReactNode }) {
  const user = useSessionState().session?.user;
  if (user && ![path].flat().some((p) => mayUse(user.roles, p))) return <Navigate to={homeFor(user.roles)} replace />;
  return <>{children}</>;
}
