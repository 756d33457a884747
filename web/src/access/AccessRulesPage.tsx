/**
 * Console — access rules: the ordered list (effect, subject, actions, resource), and
 * for `access.manage` a form to create or edit one, "Simulate" (what the change would
 * flip, for whom, nothing saved) and Save (conditional on the set's ETag: a 412 says
 * someone else changed the rules), and Delete with a confirmation.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/apiClient.js';
import { useConsole } from '../admin/consoleContext.js';
import { ConfirmButton } from '../ui/Confirm.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { knownToolNames } from '../inventory/inventoryApi.js';
import { applyStarterRules, deleteRule, listRules, saveRule, simulate, starterRules, type Rule, type Simulation } from './accessApi.js';
import { draftOf, EMPTY_DRAFT, resourceText, ruleOf, subjectText, type DraftProblems, type RuleDraft } from './ruleDraft.js';

const ACTIONS = ['discover', 'connect', 'call'] as const;

export function EffectBadge({ effect }: { effect: 'allow' | 'deny' }) {
  return <span className={`effect effect-${effect}`}>{effect}</span>;
}

/** A write refused because the set changed meanwhile, in words, with a way out. */
function SaveError({ error, onReload }: { error: unknown; onReload: () => void }) {
  if (error instanceof ApiError && error.status === 412) {
    return (
      <div className="state state-error" role="alert">
        <p className="state-title">Someone else changed the rules since you loaded them. Reload them and apply your change again.</p>
        <button type="button" onClick={onReload}>
          Reload the rules
        </button>
      </div>
    );
  }
  return <ErrorNotice error={error} />;
}

export function SimulationView({ result }: { result: Simulation }) {
  return (
    <div className="panel" role="region" aria-label="Simulation">
      <h3>What this change would do</h3>
      <p data-testid="simulation-summary">
        {result.changed === 0
          ? `Nothing changes: ${result.decisions} decisions checked for ${result.principals} people and groups on ${result.resources} servers and tools.`
          : `${result.changed} of ${result.decisions} decisions would change (${result.principals} people and groups, ${result.resources} servers and tools checked).`}
        {result.truncated && ' The check stopped at its limit, so there may be more.'}
      </p>
      {result.changes.length > 0 && (
        <div className="table-scroll">
          <table className="simulation-table">
            <caption className="visually-hidden">Decisions that would change</caption>
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Change</th>
                <th scope="col">Why, after</th>
              </tr>
            </thead>
            <tbody>
              {result.changes.map((c, i) => (
                <tr key={i}>
                  <td>{c.principal.label ?? c.principal.id ?? `groups ${c.principal.groups.join(', ')}`}</td>
                  <td>{c.action}</td>
                  <td>
                    {c.server}
                    {c.tool ? ` · ${c.tool}` : ''}
                  </td>
                  <td>{c.after.allowed ? 'gains access (denied → allowed)' : 'loses access (allowed → denied)'}</td>
                  <td>{c.after.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * The tool field of a rule: free text, with the tool names the chosen server is known to
 * offer (its current snapshot) as suggestions when the server is one name, not a pattern.
 */
function ToolField({
  id,
  server,
  value,
  token,
  onChange,
  invalid,
  problem,
}: {
  id: string;
  server: string;
  value: string;
  token: string | undefined;
  onChange: (tool: string) => void;
  invalid: object;
  problem: ReactNode;
}) {
  // Asks once typing pauses, not for every prefix of the name.
  const [name, setName] = useState(server.trim());
  useEffect(() => {
    const timer = setTimeout(() => setName(server.trim()), 300);
    return () => clearTimeout(timer);
  }, [server]);
  const concrete = name !== '' && !name.includes('*');
  const [known] = useLoad(`known-tools:${concrete ? name : ''}`, (signal) => (concrete ? knownToolNames(name, token, signal) : Promise.resolve([] as string[])));
  const names = known.state === 'ready' ? known.data : [];
  return (
    <div className="field">
      <label htmlFor={id}>Tool</label>
      <input id={id} value={value} placeholder="a tool name or *" list={`${id}-known`} autoComplete="off" onChange={(e) => onChange(e.target.value)} {...invalid} />
      <datalist id={`${id}-known`} data-testid="known-tools">
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {concrete && known.state === 'ready' && (
        <p className="hint">
          {names.length ? `${names.length} known ${names.length === 1 ? 'tool' : 'tools'} of this server suggested; any name is allowed.` : 'No known tools for this server yet; type the name.'}
        </p>
      )}
      {problem}
    </div>
  );
}

function RuleEditor({
  original,
  etag,
  token,
  onSaved,
  onCancel,
  onReload,
}: {
  original: Rule | null;
  etag: string;
  token: string | undefined;
  onSaved: (id: string) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(original ? draftOf(original) : EMPTY_DRAFT);
  const [problems, setProblems] = useState<DraftProblems>({});
  const [sim, setSim] = useState<{ state: 'idle' | 'running' } | { state: 'done'; result: Simulation } | { state: 'failed'; error: unknown }>({ state: 'idle' });
  const [saving, setSaving] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const id = useId();
  const f = (name: string) => `${id}-${name}`;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const set = (patch: Partial<RuleDraft>) => {
    setDraft({ ...draft, ...patch });
    setSim({ state: 'idle' });
  };
  const checked = (): Rule | null => {
    const { rule, problems } = ruleOf(draft);
    setProblems(problems);
    return Object.keys(problems).length ? null : rule;
  };
  const describedBy = (name: keyof DraftProblems) => (problems[name] ? { 'aria-describedby': f(`${name}-error`), 'aria-invalid': true } : {});
  const problem = (name: keyof DraftProblems) =>
    problems[name] ? (
      <p className="field-error" id={f(`${name}-error`)}>
        {problems[name]}
      </p>
    ) : null;

  function runSimulation() {
    const rule = checked();
    if (!rule) return;
    setSim({ state: 'running' });
    const change = original && original.id !== rule.id ? { upsert: [rule], delete: [original.id] } : { upsert: [rule] };
    simulate(token, change).then(
      (result) => setSim({ state: 'done', result }),
      (error: unknown) => setSim({ state: 'failed', error }),
    );
  }

  function save(e: FormEvent) {
    e.preventDefault();
    const rule = checked();
    if (!rule) return;
    setSaving({ busy: true, error: null });
    saveRule(token, rule, etag, original?.id).then(
      () => onSaved(rule.id),
      (error: unknown) => setSaving({ busy: false, error }),
    );
  }

  return (
    <form className="panel" onSubmit={save} aria-labelledby={f('heading')} noValidate>
      <h2 id={f('heading')} ref={heading} tabIndex={-1}>
        {original ? `Edit rule ${original.id}` : 'New rule'}
      </h2>
      {Object.keys(problems).length > 0 && (
        <div className="state state-error" role="alert">
          <p className="state-title">Fix these first:</p>
          <ul>
            {Object.values(problems).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={f('id')}>Rule id</label>
          <input id={f('id')} value={draft.id} disabled={original !== null} onChange={(e) => set({ id: e.target.value })} {...describedBy('id')} />
          {problem('id')}
        </div>
        <div className="field">
          <label htmlFor={f('effect')}>Effect</label>
          <select id={f('effect')} value={draft.effect} onChange={(e) => set({ effect: e.target.value as RuleDraft['effect'] })}>
            <option value="allow">allow</option>
            <option value="deny">deny</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={f('description')}>Description</label>
          <input id={f('description')} value={draft.description} onChange={(e) => set({ description: e.target.value })} />
        </div>
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={f('subjectKind')}>Who</label>
          <select id={f('subjectKind')} value={draft.subjectKind} onChange={(e) => set({ subjectKind: e.target.value as RuleDraft['subjectKind'] })}>
            <option value="group">a group</option>
            <option value="user">a user</option>
            <option value="everyone">everyone signed in</option>
            <option value="anonymous">anyone not signed in (discover only)</option>
          </select>
        </div>
        {(draft.subjectKind === 'user' || draft.subjectKind === 'group') && (
          <div className="field">
            <label htmlFor={f('subjectValue')}>{draft.subjectKind === 'user' ? 'User id or email' : 'Group name'}</label>
            <input id={f('subjectValue')} value={draft.subjectValue} onChange={(e) => set({ subjectValue: e.target.value })} {...describedBy('subjectValue')} />
            {problem('subjectValue')}
          </div>
        )}
      </div>
      <fieldset {...describedBy('actions')}>
        <legend>Actions</legend>
        {ACTIONS.map((a) => (
          <span className="check" key={a}>
            <input
              id={f(`action-${a}`)}
              type="checkbox"
              checked={draft.actions.includes(a)}
              onChange={(e) => set({ actions: e.target.checked ? ACTIONS.filter((x) => x === a || draft.actions.includes(x)) : draft.actions.filter((x) => x !== a) })}
            />
            <label htmlFor={f(`action-${a}`)}>{a}</label>
          </span>
        ))}
        {problem('actions')}
      </fieldset>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={f('resourceKind')}>On</label>
          <select id={f('resourceKind')} value={draft.resourceKind} onChange={(e) => set({ resourceKind: e.target.value as RuleDraft['resourceKind'] })}>
            <option value="server">servers (name or pattern)</option>
            <option value="tool">a tool of servers</option>
            <option value="source">servers from a federation source</option>
          </select>
        </div>
        {draft.resourceKind !== 'source' ? (
          <div className="field">
            <label htmlFor={f('server')}>Server</label>
            <input id={f('server')} value={draft.server} placeholder="io.github.acme/* or *" onChange={(e) => set({ server: e.target.value })} {...describedBy('server')} />
            {problem('server')}
          </div>
        ) : (
          <div className="field">
            <label htmlFor={f('source')}>Source</label>
            <input id={f('source')} value={draft.source} onChange={(e) => set({ source: e.target.value })} {...describedBy('source')} />
            {problem('source')}
          </div>
        )}
        {draft.resourceKind === 'tool' && (
          <ToolField id={f('tool')} server={draft.server} value={draft.tool} token={token} onChange={(tool) => set({ tool })} invalid={describedBy('tool')} problem={problem('tool')} />
        )}
      </div>
      <p className="row-actions">
        <button type="button" className="secondary" onClick={runSimulation} disabled={sim.state === 'running'}>
          {sim.state === 'running' ? 'Simulating…' : 'Simulate before saving'}
        </button>
        <button type="submit" disabled={saving.busy}>
          {saving.busy ? 'Saving…' : 'Save rule'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </p>
      {sim.state === 'running' && <Loading what="the simulation" />}
      {sim.state === 'done' && <SimulationView result={sim.result} />}
      {sim.state === 'failed' && <ErrorNotice error={sim.error} />}
      {saving.error !== null && <SaveError error={saving.error} onReload={onReload} />}
    </form>
  );
}

/**
 * A fresh install's one step to a working gateway: the starter rules, shown as they
 * are before they are added, applied only while the rule set is empty.
 */
function StarterRules({ token, onApplied }: { token: string | undefined; onApplied: (added: number) => void }) {
  const [starter] = useLoad('starter-rules', (signal) => starterRules(token, signal));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (starter.state !== 'ready') return null;
  return (
    <div className="panel" role="region" aria-labelledby="starter-heading">
      <h2 id="starter-heading">Start from the starter rules</h2>
      <p>
        With no rules, nobody may connect to any server. For a trial, the starter rules let everyone signed in find, connect to and call every server in the catalog; narrow them before going further.
      </p>
      <ul>
        {starter.data.rules.map((r) => (
          <li key={r.id}>
            <code>{r.id}</code>: {r.effect} {subjectText(r)} {r.actions.join(', ')} on {resourceText(r)}
          </li>
        ))}
      </ul>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          applyStarterRules(token)
            .then((r) => onApplied(r.added), setError)
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Adding…' : 'Add the starter rules'}
      </button>
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}

export default function AccessRulesPage() {
  const { token, can } = useConsole();
  const [list, reload] = useLoad('rules', (signal) => listRules(token, signal));
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const manage = can('access.manage');
  useEffect(() => {
    document.title = 'Access rules · Toolshed';
  }, []);

  return (
    <section aria-labelledby="rules-heading">
      <h1 id="rules-heading">Access rules</h1>
      <p className="muted">
        Who may discover, connect to and call which servers and tools. A deny wins over an allow; with no matching rule the default applies
        {list.state === 'ready' ? ` (${list.data.metadata.defaultEffect})` : ''}.
      </p>
      <p role="status" aria-live="polite">
        {status}
      </p>
      {manage && editing === null && (
        <p>
          <button type="button" onClick={() => setEditing('new')}>
            New rule
          </button>
        </p>
      )}
      {list.state === 'ready' && editing !== null && (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          original={editing === 'new' ? null : editing}
          etag={list.data.metadata.etag}
          token={token}
          onCancel={() => setEditing(null)}
          onReload={() => {
            setEditing(null);
            reload();
          }}
          onSaved={(id) => {
            setEditing(null);
            setStatus(`Saved rule ${id}.`);
            reload();
          }}
        />
      )}
      {error !== null && <SaveError error={error} onReload={reload} />}
      {list.state === 'loading' ? (
        <Loading what="the rules" />
      ) : list.state === 'error' ? (
        <ErrorNotice
          error={list.error}
          action={
            <button type="button" onClick={reload}>
              Try again
            </button>
          }
        />
      ) : list.data.rules.length === 0 ? (
        <>
          <Empty title={`No rules yet: everyone gets the default (${list.data.metadata.defaultEffect}).`} />
          {manage && editing === null && (
            <StarterRules
              token={token}
              onApplied={(added) => {
                setStatus(`Added ${added} starter rules.`);
                reload();
              }}
            />
          )}
        </>
      ) : (
        <div className="table-scroll">
          <table className="rules-table">
            <caption className="visually-hidden">Access rules in order</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Rule</th>
                <th scope="col">Effect</th>
                <th scope="col">Who</th>
                <th scope="col">Actions</th>
                <th scope="col">On</th>
                <th scope="col">Last changed</th>
                {manage && <th scope="col">Manage</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.rules.map((r, i) => {
                const record = list.data.records[i];
                return (
                  <tr key={r.id}>
                    <td>{i + 1}</td>
                    <td>
                      <code>{r.id}</code>
                      {r.description && <div className="muted small">{r.description}</div>}
                    </td>
                    <td>
                      <EffectBadge effect={r.effect} />
                    </td>
                    <td>{subjectText(r)}</td>
                    <td>{r.actions.join(', ')}</td>
                    <td>{resourceText(r)}</td>
                    <td className="small">{record ? `${record.updatedAt.slice(0, 16).replace('T', ' ')} by ${record.updatedBy}` : ''}</td>
                    {manage && (
                      <td className="row-actions">
                        <button type="button" className="secondary" aria-label={`Edit rule ${r.id}`} onClick={() => setEditing(r)}>
                          Edit
                        </button>
                        <ConfirmButton
                          label="Delete"
                          question={`Delete rule ${r.id}?`}
                          confirmLabel="Yes, delete"
                          onConfirm={() => {
                            setError(null);
                            deleteRule(token, r.id, list.data.metadata.etag).then(() => {
                              setStatus(`Deleted rule ${r.id}.`);
                              reload();
                            }, setError);
                          }}
                        />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
