/** The frame of every page: a skip link, the site header with its navigation, and the page. */
import { Suspense } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { Loading } from './ui/Status.js';

export default function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Toolshed
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Catalog
          </NavLink>
          <NavLink to="/console">Console</NavLink>
          <a href="/docs">API</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
