/** A list of tokens (personal or service) with when each was last used, and Revoke with a confirmation. */
import { useState } from 'react';
import { when, type Token } from '../connect/meApi.js';
import { ConfirmButton } from '../ui/Confirm.js';
import { Empty, ErrorNotice } from '../ui/Status.js';

export function TokenTable({
  tokens,
  revoke,
  onChanged,
  owners = false,
  caption,
}: {
  tokens: Token[];
  revoke: (id: string) => Promise<unknown>;
  onChanged: () => void;
  owners?: boolean;
  caption: string;
}) {
  const [error, setError] = useState<unknown>(null);
  if (!tokens.length) return <Empty title="No tokens yet." />;
  return (
    <>
      {error !== null && <ErrorNotice error={error} />}
      <div className="table-scroll">
        <table className="token-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {owners && <th scope="col">Kind and owner</th>}
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>
                  {t.name} <span className="muted small">({t.prefix}…)</span>
                </td>
                {owners && (
                  <td>
                    {t.kind}
                    {t.userId ? <span className="muted small"> · {t.userId}</span> : t.roles.length ? <span className="muted small"> · as {t.roles.join(', ')}</span> : null}
                  </td>
                )}
                <td>{t.scopes.join(', ')}</td>
                <td>{when(t.createdAt)}</td>
                <td>{t.expiresAt ? when(t.expiresAt) : 'never'}</td>
                <td>
                  {when(t.lastUsedAt)}
                  {t.lastUsedFrom && <span className="muted small"> from {t.lastUsedFrom}</span>}
                </td>
                <td>{t.state}</td>
                <td>
                  {t.state === 'active' && (
                    <ConfirmButton
                      label="Revoke"
                      question={`Revoke “${t.name}”? It stops working at once.`}
                      confirmLabel="Yes, revoke"
                      onConfirm={() => {
                        setError(null);
                        revoke(t.id).then(onChanged, setError);
                      }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
