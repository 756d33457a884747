/**
 * Console — Explain: may this person (or someone in these groups) do this action on
 * this server or tool? The decision, the deciding rule, the reason and every matching
 * rule (GET /api/admin/access/explain). The question lives in the address bar.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useConsole } from '../admin/consoleContext.js';
import { ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { explain } from './accessApi.js';
import { EffectBadge } from './AccessRulesPage.js';
import { resourceText, subjectText } from './ruleDraft.js';

const FIELDS = ['user', 'groups', 'action', 'server', 'tool'] as const;

export default function ExplainPage() {
  const { token } = useConsole();
  const [params, setParams] = useSearchParams();
  const asked = Object.fromEntries(FIELDS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FIELDS)[number], string>;
  const [draft, setDraft] = useState(asked);
  const id = useId();
  useEffect(() => {
    document.title = 'Explain access · Toolshed';
  }, []);
  const query = new URLSearchParams();
  if (asked.user) query.set('user', asked.user);
  for (const g of asked.groups
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean))
    query.append('group', g);
  if (asked.action) query.set('action', asked.action);
  if (asked.server) query.set('server', asked.server);
  if (asked.tool) query.set('tool', asked.tool);
  const ready = asked.server !== '' && (asked.user !== '' || asked.groups.trim() !== '');
  const [answer] = useLoad(ready ? query.toString() : '', (signal) => (ready ? explain(token, query.toString(), signal) : Promise.resolve(null)));

  function submit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) if (v.trim()) next.set(k, v.trim());
    setParams(next);
  }

  return (
    <section aria-labelledby="explain-heading">
      <h1 id="explain-heading">Explain a decision</h1>
      <p className="muted">Why may, or may not, someone do something? Name a person (id or email) or groups, and a server.</p>
      <form onSubmit={submit} aria-label="Explain a decision" className="panel">
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-user`}>User id or email</label>
            <input id={`${id}-user`} value={draft.user} onChange={(e) => setDraft({ ...draft, user: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-groups`}>Groups (comma-separated)</label>
            <input id={`${id}-groups`} value={draft.groups} onChange={(e) => setDraft({ ...draft, groups: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-action`}>Action</label>
            <select id={`${id}-action`} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
              <option value="">connect (call when a tool is named)</option>
              <option value="discover">discover</option>
              <option value="connect">connect</option>
              <option value="call">call</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-server`}>Server</label>
            <input id={`${id}-server`} required value={draft.server} onChange={(e) => setDraft({ ...draft, server: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-tool`}>Tool (optional)</label>
            <input id={`${id}-tool`} value={draft.tool} onChange={(e) => setDraft({ ...draft, tool: e.target.value })} />
          </div>
        </div>
        <button type="submit">Explain</button>
      </form>
      {!ready ? (
        <p className="muted">Name a user or groups, and a server, to see the decision.</p>
      ) : answer.state === 'loading' ? (
        <Loading what="the decision" />
      ) : answer.state === 'error' ? (
        <ErrorNotice error={answer.error} />
      ) : answer.data ? (
        <div className="panel" role="region" aria-label="Decision">
          <p className="verdict" data-testid="verdict">
            {answer.data.allowed ? 'Allowed' : 'Denied'}: {answer.data.action} on {answer.data.resource.server}
            {answer.data.resource.tool ? ` · ${answer.data.resource.tool}` : ''}
          </p>
          <p data-testid="reason">{answer.data.reason}</p>
          <dl className="facts compact">
            <dt>Who</dt>
            <dd>
              {answer.data.principal.label ?? answer.data.principal.id ?? 'someone'}
              {answer.data.principal.groups.length > 0 && ` (groups ${answer.data.principal.groups.join(', ')})`}
            </dd>
            <dt>Deciding rule</dt>
            <dd>{answer.data.decidedBy ? <code>{answer.data.decidedBy.id}</code> : `none: the default (${answer.data.defaultEffect}) applies`}</dd>
            <dt>Source</dt>
            <dd>{answer.data.resource.source || 'local (published here)'}</dd>
          </dl>
          <h2>Every matching rule</h2>
          {answer.data.matched.length === 0 ? (
            <p>No rule matches.</p>
          ) : (
            <ul className="plain-list">
              {answer.data.matched.map((m) => (
                <li key={m.id}>
                  <EffectBadge effect={m.effect} /> <code>{m.id}</code> — {subjectText(m.rule)}, {m.rule.actions.join(', ')}, {resourceText(m.rule)}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </section>
  );
}
