/**
 * The server page's "Trust and ownership": the facts for everyone who can see the server
 * (a signed-in person reads the full record, with who set the trust level and when;
 * anyone else the catalog's `_meta`), the block state for moderators, and the editors
 * for those allowed: reviewers set trust, reviewers and owners edit owners and contacts.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import type { GovernanceMeta } from '../../api/catalogTypes.js';
import { useSession } from '../../session/useSession.js';
import { ErrorNotice } from '../../ui/Status.js';
import { useLoad } from '../../ui/useLoad.js';
import { BlockNotice } from '../moderate/BlockNotice.js';
import { APPROVE_PERMISSION } from '../review/reviewApi.js';
import { GovernanceFacts, type GovernanceFactsView } from './GovernanceFacts.js';
import { isOwner } from './ownerLines.js';
import { OwnersEditor } from './OwnersEditor.js';
import { getGovernance } from './serverGovernanceApi.js';
import { TrustEditor } from './TrustEditor.js';

const fromMeta = (meta: GovernanceMeta | undefined): GovernanceFactsView => ({
  trust: (meta?.trust as GovernanceFactsView['trust']) ?? null,
  trustSource: meta?.trustSource ?? null,
  owners: meta?.owners ?? [],
  supportContact: meta?.supportContact ?? null,
  docsUrl: meta?.docsUrl ?? null,
  recertifyDueAt: meta?.recertifyDueAt ?? null,
});

export function GovernancePanel({ name, meta }: { name: string; meta: GovernanceMeta | undefined }) {
  const session = useSession();
  const signedIn = session.user !== null;
  const [loaded, reload] = useLoad(`governance:${name}:${session.user?.id ?? ''}`, (signal) => (signedIn ? getGovernance(name, session.token, signal) : Promise.resolve(null)));
  const [message, setMessage] = useState<{ text: string; stale: boolean } | null>(null);
  const record = loaded.state === 'ready' ? loaded.data : null;
  const approver = session.can(APPROVE_PERMISSION);
  const owner = record !== null && session.user !== null && isOwner(record.view.owners, session.user);
  const done = (stale: boolean) => (text: string) => {
    setMessage({ text, stale });
    reload();
  };
  return (
    <section aria-labelledby="governance-heading">
      <h2 id="governance-heading">Trust and ownership</h2>
      <BlockNotice server={name} />
      {(record?.view.trust ?? meta?.trust) === 'blocked' && (
        <p className="state state-error" role="note">
          This server’s trust level is <strong>blocked</strong>: the gateway refuses it.
        </p>
      )}
      <GovernanceFacts view={record?.view ?? fromMeta(meta)} reviewState={meta?.reviewState} />
      {approver && meta?.reviewState && meta.reviewState !== 'approved' && meta.reviewState !== 'rejected' && (
        <p>
          <Link to="/console/governance/reviews">Open the review queue</Link> to decide this version.
        </p>
      )}
      {loaded.state === 'error' && <ErrorNotice error={loaded.error} />}
      {message && (
        <p role={message.stale ? 'alert' : 'status'} className={message.stale ? 'state state-error' : undefined}>
          {message.text}
        </p>
      )}
      {record && approver && <TrustEditor key={`trust:${record.etag}`} view={record.view} etag={record.etag} token={session.token} onSaved={done(false)} onStale={done(true)} />}
      {record && (approver || owner) && (
        <details className="snippet">
          <summary>Edit owners and contacts</summary>
          <OwnersEditor key={`owners:${record.etag}`} view={record.view} etag={record.etag} token={session.token} onSaved={done(false)} onStale={done(true)} />
        </details>
      )}
    </section>
  );
}
