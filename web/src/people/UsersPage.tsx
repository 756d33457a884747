/** Console — Users: people who have signed in, their effective roles and groups; assign roles, disable or enable. */
import { useEffect, useId, useState } from 'react';
import { useConsole } from '../admin/consoleContext.js';
import { listUsers, ROLES, updateUser, type User } from '../access/accessApi.js';
import { when } from '../connect/meApi.js';
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

export default function UsersPage() {
  const { token } = useConsole();
  const [list, reload] = useLoad('users', (signal) => listUsers(token, signal));
  const [editing, setEditing] = useState<string | null>(null);
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
      <p className="muted">People appear here after their first sign-in.</p>
      <p role="status" aria-live="polite">
        {status}
      </p>
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
                  </td>
                  <td>{editing === u.id ? <RolesEditor user={u} token={token} onDone={done} /> : u.roles.join(', ')}</td>
                  <td>{u.groups.join(', ') || '—'}</td>
                  <td>{when(u.lastLoginAt)}</td>
                  <td>{u.disabled ? 'disabled' : 'active'}</td>
                  <td className="row-actions">
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
