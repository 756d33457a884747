/**
 * Console — Groups: defined groups (and those only seen in ID tokens), create and
 * delete, and members added or removed by an administrator (chosen among known users).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useConsole } from '../admin/consoleContext.js';
import { addMember, createGroup, deleteGroup, listGroups, listUsers, removeMember, type Group, type User } from '../access/accessApi.js';
import { ConfirmButton } from '../ui/Confirm.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';

function Members({ group, users, token, onDone }: { group: Group; users: User[]; token: string | undefined; onDone: (message: string) => void }) {
  const [pick, setPick] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const members = users.filter((u) => u.groups.includes(group.name));
  const others = users.filter((u) => !u.groups.includes(group.name));
  const who = (u: User) => u.email ?? u.name ?? u.id;
  return (
    <div>
      <p className="small">{members.length ? `Members: ${members.map(who).join(', ')}` : 'No known members.'}</p>
      {others.length > 0 && (
        <form
          className="inline-form"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (!pick) return;
            setError(null);
            addMember(token, group.name, pick).then(() => onDone(`Added ${who(users.find((u) => u.id === pick)!)} to ${group.name}.`), setError);
          }}
        >
          <label htmlFor={id} className="visually-hidden">
            Person to add to {group.name}
          </label>
          <select id={id} value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">Choose a person…</option>
            {others.map((u) => (
              <option key={u.id} value={u.id}>
                {who(u)}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!pick} aria-label={`Add to ${group.name}`}>
            Add
          </button>
        </form>
      )}
      {members.length > 0 && (
        <ul className="plain-list">
          {members.map((u) => (
            <li key={u.id}>
              {who(u)}{' '}
              <button
                type="button"
                className="link-button"
                aria-label={`Remove ${who(u)} from ${group.name}`}
                onClick={() => {
                  setError(null);
                  removeMember(token, group.name, u.id).then(() => onDone(`Removed ${who(u)} from ${group.name}.`), setError);
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}

export default function GroupsPage() {
  const { token } = useConsole();
  const [groups, reload] = useLoad('groups', (signal) => listGroups(token, signal));
  const [users, reloadUsers] = useLoad('users', (signal) => listUsers(token, signal));
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  useEffect(() => {
    document.title = 'Groups · Toolshed';
  }, []);
  const done = (message: string) => {
    setStatus(message);
    reload();
    reloadUsers();
  };
  function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    createGroup(token, { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) }).then(() => {
      done(`Created group ${name.trim()}.`);
      setName('');
      setDescription('');
    }, setError);
  }
  return (
    <section aria-labelledby="groups-heading">
      <h1 id="groups-heading">Groups</h1>
      <p className="muted">Groups name people in access rules. Groups from ID tokens work without being defined here.</p>
      <form className="panel" onSubmit={create} aria-label="Create a group">
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-name`}>Group name</label>
            <input id={`${id}-name`} required value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-description`}>Description</label>
            <input id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
        </div>
        <button type="submit" disabled={!name.trim()}>
          Create group
        </button>
        {error !== null && <ErrorNotice error={error} />}
      </form>
      <p role="status" aria-live="polite">
        {status}
      </p>
      {groups.state === 'loading' || users.state === 'loading' ? (
        <Loading what="groups" />
      ) : groups.state === 'error' ? (
        <ErrorNotice error={groups.error} />
      ) : users.state === 'error' ? (
        <ErrorNotice error={users.error} />
      ) : (
        <>
          {groups.data.groups.length === 0 ? (
            <Empty title="No groups defined here yet." />
          ) : (
            <ul className="source-list">
              {groups.data.groups.map((g) => (
                <li key={g.name} className="source-card" aria-labelledby={`group-${g.name}`}>
                  <div className="source-head">
                    <h2 id={`group-${g.name}`}>{g.name}</h2>
                    <span className="muted small">{g.members} added by administrators</span>
                  </div>
                  {g.description && <p>{g.description}</p>}
                  <Members group={g} users={users.data.users} token={token} onDone={done} />
                  <ConfirmButton
                    label={`Delete group ${g.name}`}
                    question={`Delete ${g.name} and the memberships added to it?`}
                    confirmLabel="Yes, delete"
                    onConfirm={() => deleteGroup(token, g.name).then(() => done(`Deleted group ${g.name}.`), setError)}
                  />
                </li>
              ))}
            </ul>
          )}
          {groups.data.claimGroups.length > 0 && (
            <p className="small">
              Also seen in ID tokens:{' '}
              {groups.data.claimGroups.map((g) => (
                <code key={g}>{g} </code>
              ))}
            </p>
          )}
        </>
      )}
    </section>
  );
}
