/**
 * The admin console's frame: its navigation (only the pages the person's permissions
 * allow), a 403 in words for a page they may not open, and a redirect to the sign-in
 * page when nobody is signed in. The credential (session cookie, or the bootstrap
 * admin token) reaches the pages through the outlet context.
 */
import { NavLink, Navigate, Outlet, useLocation } from 'react-router';
import type { ConsoleContext } from './consoleContext.js';
import { useSession } from '../session/useSession.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { CONSOLE_PAGES, mayOpen, pageOf } from './consolePages.js';

export default function ConsoleLayout() {
  const session = useSession();
  const location = useLocation();
  if (session.loading) return <Loading what="who you are" />;
  if (session.error) return <ErrorNotice error={session.error} />;
  if (!session.user) return <Navigate to={`/console/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const allowed = CONSOLE_PAGES.filter((p) => mayOpen(p, (x) => session.can(x)));
  const current = pageOf(location.pathname);
  if (location.pathname.replace(/\/+$/, '') === '/console') {
    return allowed.length ? (
      <Navigate to={`/console/${allowed[0]!.path}`} replace />
    ) : (
      <Empty title="Your roles include no console page.">
        <p>The console is for administrators, reviewers and auditors. Ask an administrator if you need access.</p>
      </Empty>
    );
  }
  const context: ConsoleContext = { token: session.token, can: session.can };
  return (
    <div className="console">
      <nav className="console-nav" aria-label="Console">
        {allowed.map((p) => (
          <NavLink key={p.path} to={`/console/${p.path}`}>
            {p.label}
          </NavLink>
        ))}
        {session.via === 'admin-token' && <span className="muted small console-who">Signed in with the admin token (bootstrap sign-in)</span>}
      </nav>
      {current && !mayOpen(current, (x) => session.can(x)) ? (
        <div className="state state-error" role="alert">
          <p className="state-title">You are signed in, but your roles do not allow {current.label.toLowerCase()}.</p>
          <p>
            It needs the <code>{current.permission}</code> permission. Ask an administrator if you need it.
          </p>
        </div>
      ) : (
        <Outlet context={context} />
      )}
    </div>
  );
}
