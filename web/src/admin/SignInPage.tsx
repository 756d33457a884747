/**
 * Signing in to the console: company sign-in (OpenID Connect, `/auth/login`) when it
 * is configured, and, as a clearly labelled second option, the bootstrap sign-in with
 * a token (checked against `/api/me`, kept for this tab only): the admin token, or a
 * local person's personal token (local people have no password).
 */
import { useId, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/apiClient.js';
import { ErrorNotice } from '../ui/Status.js';
import { requestJson } from '../api/apiClient.js';
import { signInHref, useSession } from '../session/useSession.js';
import { signIn } from './adminSession.js';

export default function SignInPage() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const id = useId();
  const next = params.get('next');
  const destination = next && next.startsWith('/console') ? next : '/console';
  const session = useSession();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestJson('/api/me', { token: token.trim() });
      signIn(token.trim());
      session.refresh();
      navigate(destination, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <h1>Sign in to the console</h1>
      {session.signInAvailable && (
        <p>
          <a className="button-link" href={signInHref(destination)}>
            Sign in with your company account
          </a>
        </p>
      )}
      <h2>Sign in with the admin token (bootstrap)</h2>
      <p className="notice" role="note">
        <strong>Bootstrap sign-in.</strong> For setting Toolshed up{session.signInAvailable ? '' : ' while company sign-in (OpenID Connect) is not configured'}: the registry's admin token, the one in{' '}
        <code>data/admin-token</code> or <code>TOOLSHED_ADMIN_TOKEN</code>. It is kept in this browser tab only and forgotten when the tab closes.
      </p>
      <p className="hint">
        Local people (added by an administrator, without an identity provider) sign in here with the personal token an administrator made them, of scope <code>admin</code>; they get what their roles
        allow.
      </p>
      <form onSubmit={submit} className="stack">
        <label htmlFor={id}>Admin token, or your personal token</label>
        <input id={id} type="password" autoComplete="off" required minLength={16} value={token} onChange={(e) => setToken(e.target.value)} />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in with the admin token'}
        </button>
      </form>
      {error instanceof ApiError && (error.status === 401 || error.status === 403) ? (
        <div className="state state-error" role="alert">
          <p className="state-title">That token was not accepted. Check that you copied the whole admin token.</p>
        </div>
      ) : (
        error !== null && <ErrorNotice error={error} />
      )}
    </div>
  );
}
