/** Console — Tokens: every personal and service token with when it was last used; create a service token (shown once); revoke any. */
import { useEffect, useId, useState } from 'react';
import { useConsole } from '../admin/consoleContext.js';
import { createServiceToken, listTokens, revokeToken, ROLES } from '../access/accessApi.js';
import type { CreatedToken } from '../connect/meApi.js';
import { TokenForm } from '../me/MyTokensPage.js';
import { TokenTable } from '../me/TokenTable.js';
import { ShownOnce } from '../ui/CopyButton.js';
import { ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';

export default function TokensPage() {
  const { token } = useConsole();
  const [list, reload] = useLoad('tokens', (signal) => listTokens(token, signal));
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [roles, setRoles] = useState<string[]>(['user']);
  const [groups, setGroups] = useState('');
  const id = useId();
  useEffect(() => {
    document.title = 'Tokens · Toolshed';
  }, []);
  return (
    <section aria-labelledby="tokens-heading">
      <h1 id="tokens-heading">Tokens</h1>
      <h2>Create a service token</h2>
      <TokenForm
        create={(body) =>
          createServiceToken(token, {
            ...body,
            roles,
            groups: groups
              .split(',')
              .map((g) => g.trim())
              .filter(Boolean),
          })
        }
        onCreated={(t) => {
          setCreated(t);
          reload();
        }}
        extra={
          <>
            <fieldset>
              <legend>Acts with the roles</legend>
              {ROLES.map((r) => (
                <span className="check" key={r}>
                  <input id={`${id}-${r}`} type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />
                  <label htmlFor={`${id}-${r}`}>{r}</label>
                </span>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={`${id}-groups`}>Groups (comma-separated)</label>
              <input id={`${id}-groups`} value={groups} onChange={(e) => setGroups(e.target.value)} />
            </div>
          </>
        }
      />
      {created && <ShownOnce title="New service token" value={created.secret} />}
      <h2>All tokens</h2>
      {list.state === 'loading' ? (
        <Loading what="tokens" />
      ) : list.state === 'error' ? (
        <ErrorNotice error={list.error} />
      ) : (
        <TokenTable tokens={list.data.tokens} owners revoke={(tid) => revokeToken(token, tid)} onChanged={reload} caption="Every token" />
      )}
    </section>
  );
}
