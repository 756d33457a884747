/**
 * "Connect" on a server page: a signed-in person with `gateway.connect` names the
 * client, optionally asks for a capability URL, supplies the values the server's
 * remotes require (stored as their own upstream secrets), and gets a gateway
 * connection (POST /api/me/connections) with ready-to-paste configuration for each
 * client, built from the real connection URL. A token-based connection needs a
 * personal access token with the `gateway` scope: one can be created here, shown once.
 * A server whose package Toolshed hosts (`hosted`) connects exactly like a remote one.
 */
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/apiClient.js';
import type { ServerJson } from '../api/catalogTypes.js';
import { signInHref, useSession } from '../session/useSession.js';
import { CopyButton, ShownOnce } from '../ui/CopyButton.js';
import { ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { clientSnippets, targetsOf } from './clientSnippets.js';
import { gatewayTarget, upstreamValuesOf } from './gatewayTarget.js';
import { createConnection, createMyToken, listMySecrets, putMySecret, type CreatedConnection, type CreatedToken } from './meApi.js';

/** The refusal says no rule matched and the default denied (`errors[].location` "accessRules"). */
const noRuleMatched = (error: ApiError) => error.problem.details.some((d) => d.startsWith('accessRules:'));

/** A refusal of the connection in words: the access rules' 403 says so, and when no rule exists yet, where rules are made. */
function ConnectError({ error }: { error: unknown }) {
  const session = useSession();
  if (error instanceof ApiError && error.status === 403 && noRuleMatched(error)) {
    return (
      <div className="state state-error" role="alert">
        <p className="state-title">No access rule lets you connect to this server yet, and without one the default is to deny.</p>
        {session.can('access.explain') ? (
          <p>
            Rules are made under <Link to="/console/access/rules">Access rules</Link> in the console; a fresh install can start from the starter rules there.
          </p>
        ) : (
          <p>Ask an administrator to add an access rule for it.</p>
        )}
      </div>
    );
  }
  if (error instanceof ApiError && error.status === 403) {
    return (
      <div className="state state-error" role="alert">
        <p className="state-title">Your access rules do not allow connecting to this server: {error.problem.message}</p>
        <p>Ask an administrator if you need it.</p>
      </div>
    );
  }
  return <ErrorNotice error={error} />;
}

function TokenHelp({ label }: { label: string }) {
  const [token, setToken] = useState<CreatedToken | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="panel">
      <p>
        Your client authenticates with a{' '}
        <strong>
          personal access token with the <code>gateway</code> scope
        </strong>
        , sent as <code>Authorization: Bearer &lt;token&gt;</code>. Set the <code>AUTHORIZATION</code> value the snippets name to <code>Bearer </code> followed by the token.
      </p>
      {token ? (
        <ShownOnce title="Gateway token" value={token.secret}>
          <p className="small">
            Expires {token.token.expiresAt?.slice(0, 10) ?? 'never'}. Manage it under <Link to="/me/tokens">My tokens</Link>.
          </p>
        </ShownOnce>
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            createMyToken({ name: `gateway: ${label}`.slice(0, 100), scopes: ['gateway'], expiresInDays: 90 })
              .then(setToken, setError)
              .finally(() => setBusy(false));
          }}
        >
          {busy ? 'Creating…' : 'Create a gateway token'}
        </button>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}

function Result({ server, created, onAgain }: { server: ServerJson; created: CreatedConnection; onAgain: () => void }) {
  const { connection, capability } = created;
  const target = gatewayTarget(server.name, connection, capability);
  return (
    <div className="panel" aria-labelledby="connected-heading">
      <h3 id="connected-heading" tabIndex={-1}>
        Connected: {connection.label}
      </h3>
      <dl className="facts compact">
        <dt>Connection URL</dt>
        <dd>
          <code data-testid="connection-url">{connection.url}</code> <CopyButton text={connection.url} ariaLabel="Copy the connection URL" />
        </dd>
        {connection.sseUrl && (
          <>
            <dt>Legacy SSE URL</dt>
            <dd>
              <code>{connection.sseUrl}</code>
            </dd>
          </>
        )}
      </dl>
      {capability ? (
        <ShownOnce title="Capability URL" value={capability.url}>
          <p className="small">It signs your client in by itself: anything that logs URLs holds the credential. Revoke the connection if it leaks.</p>
        </ShownOnce>
      ) : (
        <TokenHelp label={connection.label} />
      )}
      <h4>Configuration for your client</h4>
      {clientSnippets(target).map((s) => (
        <details key={s.client} className="snippet">
          <summary>{s.label}</summary>
          <p className="muted small">Where: {s.where}.</p>
          <pre tabIndex={0} aria-label={`${s.label} configuration for this connection`}>
            <code>{s.text}</code>
          </pre>
          {s.placeholders.length > 0 && (
            <p className="small">
              Set before use:{' '}
              {s.placeholders.map((p) => (
                <code key={p}>{p} </code>
              ))}{' '}
              (<code>Bearer</code> and your gateway token)
            </p>
          )}
          <CopyButton text={s.text} ariaLabel={`Copy the ${s.label} configuration`} />
        </details>
      ))}
      <p className="row-actions">
        <button type="button" className="secondary" onClick={onAgain}>
          Connect another client
        </button>
        <Link to="/me/connections">My connections</Link>
      </p>
    </div>
  );
}

function ConnectForm({ server, hosted, onConnected }: { server: ServerJson; hosted: boolean; onConnected: (c: CreatedConnection) => void }) {
  const values = upstreamValuesOf(server, hosted);
  const [label, setLabel] = useState('');
  const [capability, setCapability] = useState(false);
  const [entered, setEntered] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ids = { label: useId(), capability: useId(), values: useId() };
  const [secrets] = useLoad(values.length ? `secrets:${server.name}` : '', (signal) => (values.length ? listMySecrets(server.name, signal) : Promise.resolve({ secrets: [] })));
  const isSet = (name: string) => secrets.state === 'ready' && secrets.data.secrets.some((s) => s.name === name);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      for (const v of values) {
        const value = entered[v.name]?.trim();
        if (value) await putMySecret(server.name, v.name, v.kind, value);
      }
      onConnected(await createConnection({ server: server.name, label: label.trim(), capabilityUrl: capability }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label={`Connect to ${server.name}`} className="panel">
      <div className="field">
        <label htmlFor={ids.label}>Client label</label>
        <input id={ids.label} required maxLength={100} value={label} onChange={(e) => setLabel(e.target.value)} aria-describedby={`${ids.label}-hint`} />
        <p className="hint" id={`${ids.label}-hint`}>
          Which client this connection is for, e.g. “laptop / Claude Desktop”. Each client gets its own connection, so you can revoke one alone.
        </p>
      </div>
      <p className="check">
        <input id={ids.capability} type="checkbox" checked={capability} onChange={(e) => setCapability(e.target.checked)} />
        <label htmlFor={ids.capability}>Also give me a capability URL (for clients that cannot send headers)</label>
      </p>
      {values.length > 0 && (
        <fieldset aria-describedby={ids.values}>
          <legend>Values this server needs from you</legend>
          <p className="hint" id={ids.values}>
            Stored encrypted as your own upstream secrets; the gateway adds them on the way to the server{hosted ? ' (or to the environment of the package it runs for you)' : ''}. Leave a field empty
            to keep the value you set before.
          </p>
          {secrets.state === 'loading' && <Loading what="your saved values" />}
          {values.map((v) => (
            <div className="field" key={v.name}>
              <label htmlFor={`${ids.values}-${v.name}`}>
                {v.name} ({v.environment ? 'environment variable' : v.kind === 'header' ? 'header' : 'URL variable'}){isSet(v.name) ? ' — already set' : ''}
              </label>
              <input
                id={`${ids.values}-${v.name}`}
                type={v.secret ? 'password' : 'text'}
                autoComplete="off"
                value={entered[v.name] ?? ''}
                onChange={(e) => setEntered({ ...entered, [v.name]: e.target.value })}
              />
              {v.description && <p className="hint">{v.description}</p>}
            </div>
          ))}
        </fieldset>
      )}
      <button type="submit" disabled={busy || label.trim() === ''}>
        {busy ? 'Connecting…' : 'Connect'}
      </button>
      {error !== null && <ConnectError error={error} />}
    </form>
  );
}

export default function ConnectPanel({ server, hosted = false }: { server: ServerJson; hosted?: boolean }) {
  const session = useSession();
  const [created, setCreated] = useState<CreatedConnection | null>(null);
  if (session.loading) return <Loading what="who you are" />;
  if (!targetsOf(server).length && !hosted) return null;
  if (session.via !== 'session') {
    if (!session.signInAvailable) return null;
    return (
      <p className="notice">
        <a href={signInHref()}>Sign in</a> to connect through Toolshed’s gateway with your own connection URL.
      </p>
    );
  }
  if (!session.can('gateway.connect')) {
    return (
      <p className="notice">
        Your roles do not include connecting to servers (the <code>gateway.connect</code> permission).
      </p>
    );
  }
  return (
    <>
      {hosted && (
        <p className="notice" data-testid="hosted-notice">
          Toolshed runs this server’s package for you: your client connects to it through the gateway, as to any remote server, and nothing runs on your computer.
        </p>
      )}
      {created ? <Result server={server} created={created} onAgain={() => setCreated(null)} /> : <ConnectForm server={server} hosted={hosted} onConnected={setCreated} />}
    </>
  );
}
