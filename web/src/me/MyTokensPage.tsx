/** "My tokens": my personal access tokens (never their secrets), a new one shown once, and revocation. */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { createMyToken, listMyTokens, revokeMyToken, TOKEN_SCOPES, type CreatedToken } from '../connect/meApi.js';
import { ShownOnce } from '../ui/CopyButton.js';
import { ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { RequireSignIn } from './RequireSignIn.js';
import { TokenTable } from './TokenTable.js';

const SCOPE_WORDS: Record<string, string> = {
  'catalog:read': 'read the catalog',
  'catalog:contribute': 'read the catalog, report servers, and edit the servers you own',
  'catalog:publish': 'publish and edit server versions',
  'catalog:review': 'review and curate',
  gateway: 'connect to servers through the gateway',
  admin: 'everything your roles allow',
};

export function TokenForm({
  onCreated,
  create,
  extra,
}: {
  onCreated: (t: CreatedToken) => void;
  create: (body: { name: string; scopes: string[]; expiresInDays: number }) => Promise<CreatedToken>;
  extra?: ReactNode;
}) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['gateway']);
  const [days, setDays] = useState(90);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ids = { name: useId(), days: useId(), scopes: useId() };
  function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    create({ name: name.trim(), scopes, expiresInDays: days })
      .then((t) => {
        setName('');
        onCreated(t);
      }, setError)
      .finally(() => setBusy(false));
  }
  return (
    <form onSubmit={submit} className="panel" aria-label="Create a token">
      <div className="form-grid">
        <div className="field">
          <label htmlFor={ids.name}>Token name</label>
          <input id={ids.name} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.days}>Expires in (days)</label>
          <input id={ids.days} type="number" min={1} max={3650} required value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </div>
      </div>
      {extra}
      <fieldset>
        <legend>Scopes</legend>
        {TOKEN_SCOPES.map((s) => (
          <p className="check" key={s}>
            <input id={`${ids.scopes}-${s}`} type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} />
            <label htmlFor={`${ids.scopes}-${s}`}>
              <code>{s}</code> — {SCOPE_WORDS[s]}
            </label>
          </p>
        ))}
      </fieldset>
      <button type="submit" disabled={busy || !name.trim() || scopes.length === 0}>
        {busy ? 'Creating…' : 'Create token'}
      </button>
      {error !== null && <ErrorNotice error={error} />}
    </form>
  );
}

function Tokens() {
  const [list, reload] = useLoad('my-tokens', (signal) => listMyTokens(signal));
  const [created, setCreated] = useState<CreatedToken | null>(null);
  return (
    <>
      <h2>Create a token</h2>
      <TokenForm
        create={createMyToken}
        onCreated={(t) => {
          setCreated(t);
          reload();
        }}
      />
      {created && <ShownOnce title="New token" value={created.secret} />}
      <h2>Your tokens</h2>
      {list.state === 'loading' ? (
        <Loading what="your tokens" />
      ) : list.state === 'error' ? (
        <ErrorNotice error={list.error} />
      ) : (
        <TokenTable tokens={list.data.tokens} revoke={revokeMyToken} onChanged={reload} caption="My personal access tokens" />
      )}
    </>
  );
}

export default function MyTokensPage() {
  useEffect(() => {
    document.title = 'My tokens · Toolshed';
  }, []);
  return (
    <section aria-labelledby="tokens-heading">
      <h1 id="tokens-heading">My tokens</h1>
      <p className="muted">
        Personal access tokens act as you, narrowed to their scopes. Send one as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <RequireSignIn permission="tokens.own" what="tokens">
        <Tokens />
      </RequireSignIn>
    </section>
  );
}
