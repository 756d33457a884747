/**
 * The admin console's frame: its navigation, who is signed in (the bootstrap admin
 * token for now), and a redirect to the sign-in form when nobody is.
 */
import { NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { adminToken, signOut } from './adminSession.js';

export default function ConsoleLayout() {
  const token = adminToken();
  const location = useLocation();
  const navigate = useNavigate();
  if (!token) return <Navigate to={`/console/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <div className="console">
      <nav className="console-nav" aria-label="Console">
        <NavLink to="/console/sources">Federation sources</NavLink>
        <NavLink to="/console/audit">Audit log</NavLink>
        <span className="muted small console-who">Signed in with the admin token (bootstrap sign-in)</span>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            signOut();
            navigate('/console/sign-in', { replace: true });
          }}
        >
          Sign out
        </button>
      </nav>
      <Outlet context={token} />
    </div>
  );
}
