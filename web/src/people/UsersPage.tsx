/**
 * Console — Users: people who have signed in and local people, their effective roles
 * and groups; assign roles, disable or enable; add a local person (when local people
 * are on) and make a local person's token, shown once.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useConsole } from '../admin/consoleContext.js';
import { addLocalPerson, createLocalPersonToken, listUsers, ROLES, updateUser, type User } from '../access/accessApi.js';
import { when, type CreatedToken } from '../connect/meApi.js';
import { ShownOnce } from '../ui/CopyButton.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';

function RolesEditor({ user, token, onDone }: { user: User; token: string | undefined; onDone: (message: string) => void }) {
  const [roles, setRoles] = useState(user.assignedRoles);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  return (
    <fieldset>
      <legend>Assigned roles of {user.name ?? user.email ?? user.id}</legend>
      {ROLES.filter((r) => r !== 'user').map((r) => (
        <span className="check" key={r}>
          <input id={`${id}-${r}`} type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />
          <label htmlFor={`${id}-${r}`}>{r}</label>
        </span>
      ))}
      <p className="hint">Everyone has user; roles mapped from the ID token apply too.</p>
      <p className="row-actions">
        <button type="button" onClick={() => updateUser(token, user.id, { roles }).then(() => onDone(`Saved the roles of ${user.email ?? user.id}.`), setError)}>
          Save roles
        </button>
        <button type="button" className="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </p>
      {error !== null && <ErrorNotice error={error} />}
    </fieldset>
  );
}

/** Adds a local person: no identity provider, for trials and break-glass. */
function AddLocalPerson({ token, onAdded }: { token: string | undefined; onAdded: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    addLocalPerson(token, { email: email.trim(), ...(name.trim() ? { name: name.trim() } : {}), roles })
      .then((user) => {
        setEmail('');
        setName('');
        setRoles([]);
        onAdded(user);
      }, setError)
      .finally(() => setBusy(false));
  }
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a local person</h2>
      <p className="hint">
        For a trial without an identity provider, or break-glass access. They have no password: make them a token below and they use it with their MCP client (scope gateway) or to sign in to the
        console.
      </p>
      <label htmlFor={`${id}-email`}>Email</label>
      <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor={`${id}-name`}>Name (optional)</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
      <fieldset>
        <legend>Roles</legend>
        {ROLES.filter((r) => r !== 'user').map((r) => (
          <span className="check" key={r}>
            <input id={`${id}-${r}`} type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />
            <label htmlFor={`${id}-${r}`}>{r}</label>
          </span>
        ))}
      </fieldset>
      <p>
        <button type="submit" disabled={busy || email.trim() === ''}>
          {busy ? 'Adding…' : 'Add person'}
        </button>
      </p>
      {error !== null && <ErrorNotice error={error} />}
    </form>
  );
}

/** A local person's token: for their MCP client (gateway) or for the console (everything their roles allow). */
function LocalPersonToken({ token, user, onDone }: { token: string | undefined; user: User; onDone: () => void }) {
  const [scope, setScope] = useState('gateway');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const who = user.email ?? user.id;
  if (created) {
    return (
      <ShownOnce title={`Token for ${who}`} value={created.secret}>
        <p className="small">
          Scope {created.token.scopes.join(', ')}, expires {created.token.expiresAt?.slice(0, 10) ?? 'never'}. Give it to them over a safe channel.
        </p>
        <button type="button" className="secondary" onClick={onDone}>
          Done
        </button>
      </ShownOnce>
    );
  }
  return (
    <fieldset>
      <legend>New token for {who}</legend>
      <label htmlFor={`${id}-scope`}>For</label>
      <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value)}>
        <option value="gateway">their MCP client (scope gateway)</option>
        <option value="admin">the console (scope admin: everything their roles allow)</option>
      </select>
      <p className="row-actions">
        <button
          type="button"
          onClick={() => createLocalPersonToken(token, user.id, { name: scope === 'gateway' ? 'gateway' : 'console', scopes: [scope], expiresInDays: 90 }).then(setCreated, setError)}
        >
          Create token
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </p>
      {error !== null && <ErrorNotice error={error} />}
    </fieldset>
  );
}

export default function UsersPage() {
  const { token } = useConsole();
  const [list, reload] = useLoad('users', (signal) => listUsers(token, signal));
  const [editing, setEditing] = useState<string | null>(null);
  const [tokenFor, setTokenFor] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    document.title = 'Users · Toolshed';
  }, []);
  const done = (message: string) => {
    setEditing(null);
    if (message) setStatus(message);
    reload();
  };
  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">Users</h1>
      <p className="muted">People appear here after their first sign-in, or when added as local people.</p>
      <p role="status" aria-live="polite">
        {status}
      </p>
      {list.state === 'ready' && list.data.metadata.localPeople && (
        <AddLocalPerson
          token={token}
          onAdded={(user) => {
            setTokenFor(user.id);
            done(`Added ${user.email ?? user.id}. Make them a token now: it is how they act.`);
          }}
        />
      )}
      {error !== null && <ErrorNotice error={error} />}
      {list.state === 'loading' ? (
        <Loading what="users" />
      ) : list.state === 'error' ? (
        <ErrorNotice error={list.error} />
      ) : list.data.users.length === 0 ? (
        <Empty title="Nobody has signed in yet." />
      ) : (
        <div className="table-scroll">
          <table className="users-table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Roles</th>
                <th scope="col">Groups</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">State</th>
                <th scope="col">Manage</th>
              </tr>
            </thead>
            <tbody>
              {list.data.users.map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.name ?? '—'} <div className="muted small">{u.email ?? u.id}</div>
                    {u.local && <span className="badge">Local</span>}
                    {tokenFor === u.id && <LocalPersonToken token={token} user={u} onDone={() => setTokenFor(null)} />}
                  </td>
                  <td>{editing === u.id ? <RolesEditor user={u} token={token} onDone={done} /> : u.roles.join(', ')}</td>
                  <td>{u.groups.join(', ') || '—'}</td>
                  <td>{when(u.lastLoginAt)}</td>
                  <td>{u.disabled ? 'disabled' : 'active'}</td>
                  <td className="row-actions">
                    {u.local && tokenFor !== u.id && (
                      <button type="button" className="secondary" aria-label={`Create a token for ${u.email ?? u.id}`} onClick={() => setTokenFor(u.id)}>
                        Create token
                      </button>
                    )}
                    {editing !== u.id && (
                      <button type="button" className="secondary" aria-label={`Edit the roles of ${u.email ?? u.id}`} onClick={() => setEditing(u.id)}>
                        Edit roles
                      </button>
                    )}
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email ?? u.id}`}
                      onClick={() => {
                        setError(null);
                        updateUser(token, u.id, { disabled: !u.disabled }).then(() => done(`${u.disabled ? 'Enabled' : 'Disabled'} ${u.email ?? u.id}.`), setError);
                      }}
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
