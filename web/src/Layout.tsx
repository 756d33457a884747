/**
 * The frame of every page: a skip link, the site header with its navigation and who
 * is signed in (Sign in / the person's name and Sign out), and the page.
 */
import { Suspense, useState } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { displayName, SessionProvider, signInHref, useSession } from './session/useSession.js';
import { ErrorNotice, Loading } from './ui/Status.js';

function Who() {
  const session = useSession();
  const [error, setError] = useState<unknown>(null);
  if (session.loading) return null;
  if (!session.user) {
    return session.signInAvailable ? (
      <a className="sign-in-link" href={signInHref()}>
        Sign in
      </a>
    ) : null;
  }
  return (
    <span className="who">
      <span data-testid="signed-in-as">{session.via === 'admin-token' ? 'Admin token (bootstrap)' : displayName(session.user)}</span>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setError(null);
          session.signOut().catch(setError);
        }}
      >
        Sign out
      </button>
      {error !== null && <ErrorNotice error={error} />}
    </span>
  );
}

function Header() {
  const session = useSession();
  const person = session.via === 'session';
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        Toolshed
      </Link>
      <nav aria-label="Main">
        <NavLink to="/" end>
          Catalog
        </NavLink>
        {person && session.can('gateway.connect') && <NavLink to="/me/connections">My connections</NavLink>}
        {person && session.can('tokens.own') && <NavLink to="/me/tokens">My tokens</NavLink>}
        <NavLink to="/console">Console</NavLink>
        <a href="/docs">API</a>
      </nav>
      <Who />
    </header>
  );
}

export default function Layout() {
  return (
    <SessionProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          <Outlet />
        </Suspense>
      </main>
    </SessionProvider>
  );
}
