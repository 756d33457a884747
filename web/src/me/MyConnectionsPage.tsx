/** "My connections": my gateway connections (server, label, created, last used), each renamed or revoked here. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { serverPath } from '../catalog/serverPath.js';
import { listConnections, renameConnection, revokeConnection, when, type Connection } from '../connect/meApi.js';
import { ConfirmButton } from '../ui/Confirm.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { ShownText } from '../ui/ShownText.js';
import { useLoad } from '../ui/useLoad.js';
import { RequireSignIn } from './RequireSignIn.js';

function Row({ c, onChanged }: { c: Connection; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [label, setLabel] = useState(c.label);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const run = (work: Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work
      .then(() => {
        setEditing(false);
        onChanged();
      }, setError)
      .finally(() => setBusy(false));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(renameConnection(c.id, label.trim()));
  };
  return (
    <tr>
      <td>
        <Link to={serverPath(c.server)}>
          <ShownText text={c.server} />
        </Link>
      </td>
      <td>
        {editing ? (
          <form onSubmit={submit} className="inline-form">
            <label htmlFor={id} className="visually-hidden">
              New label for {c.label}
            </label>
            <input id={id} value={label} required maxLength={100} onChange={(e) => setLabel(e.target.value)} autoFocus />
            <button type="submit" disabled={busy || !label.trim()}>
              Save
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <ShownText text={c.label} />
        )}
        {error !== null && <ErrorNotice error={error} />}
      </td>
      <td>{when(c.createdAt)}</td>
      <td>
        {when(c.lastUsedAt)}
        {c.lastUsedFrom && <span className="muted small"> from {c.lastUsedFrom}</span>}
      </td>
      <td>
        <code className="small">
          <ShownText text={c.url} />
        </code>
      </td>
      <td className="row-actions">
        {!editing && (
          <button type="button" className="secondary" onClick={() => setEditing(true)} aria-label={`Rename ${c.label}`}>
            Rename
          </button>
        )}
        <ConfirmButton label={`Revoke`} question={`Revoke “${c.label}”? Its client stops working at once.`} confirmLabel="Yes, revoke" busy={busy} onConfirm={() => run(revokeConnection(c.id))} />
      </td>
    </tr>
  );
}

function Connections() {
  const [list, reload] = useLoad('connections', (signal) => listConnections(signal));
  useEffect(() => {
    document.title = 'My connections · Toolshed';
  }, []);
  if (list.state === 'loading') return <Loading what="your connections" />;
  if (list.state === 'error')
    return (
      <ErrorNotice
        error={list.error}
        action={
          <button type="button" onClick={reload}>
            Try again
          </button>
        }
      />
    );
  const rows = list.data.connections;
  if (!rows.length) {
    return (
      <Empty title="You have no connections yet.">
        <p>
          Open a server in the <Link to="/">catalog</Link> and choose Connect.
        </p>
      </Empty>
    );
  }
  return (
    <div className="table-scroll">
      <table className="connections-table">
        <caption className="visually-hidden">My gateway connections</caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Label</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">URL</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <Row key={c.id} c={c} onChanged={reload} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function MyConnectionsPage() {
  return (
    <section aria-labelledby="connections-heading">
      <h1 id="connections-heading">My connections</h1>
      <p className="muted">Each connection is one client’s way in to one server through Toolshed’s gateway.</p>
      <RequireSignIn permission="gateway.connect" what="connections">
        <Connections />
      </RequireSignIn>
    </section>
  );
}
