/**
 * One server: what it is, who owns it, where it came from, its versions, packages and
 * remotes, the configuration a person must supply, its live capabilities and health
 * (web/src/inventory/Capabilities.tsx), and how to connect a client to its remotes, or through the gateway to the
 * package Toolshed hosts for it (`GET /api/me/servers/{name}/hosting`). `?version=` shows a version other than the latest.
 */
import { useEffect, useId, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { getServerVersion, listServerVersions } from '../api/apiClient.js';
import { GOVERNANCE_META_KEY, OFFICIAL_META_KEY, type ServerList, type ServerResponse } from '../api/catalogTypes.js';
import { formatDate, ownerOf, summarize } from '../catalog/serverSummary.js';
import { clientSnippets, targetsOf } from '../connect/clientSnippets.js';
import ConnectPanel from '../connect/ConnectPanel.js';
import { getMyServerHosting } from '../connect/meApi.js';
import { ReportButton } from '../governance/moderate/ReportButton.js';
import { GovernancePanel } from '../governance/trust/GovernancePanel.js';
import { Capabilities } from '../inventory/Capabilities.js';
import { useSession } from '../session/useSession.js';
import { Badges } from '../ui/Badges.js';
import { revealBidiControls } from '../ui/revealBidiControls.js';
import { ServerIcon } from '../ui/ServerIcon.js';
import { ShownText } from '../ui/ShownText.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { configurationOf } from './configurationOf.js';
import { hostedPackageOf } from '../connect/hostedPackageOf.js';
import { noDirectRemote } from './noDirectRemote.js';

/** Only http(s) links are rendered as links; anything else is shown as text. */
function SafeLink({ href }: { href: string | undefined }) {
  if (!href) return <span className="muted">—</span>;
  if (!/^https?:\/\//i.test(href)) return <code>{href}</code>;
  return (
    <a href={href} rel="noopener noreferrer nofollow" target="_blank">
      {href}
    </a>
  );
}

function Versions({ name, list, current }: { name: string; list: ServerList; current: string }) {
  const rows = [...list.servers].sort((a, b) => (b._meta?.[OFFICIAL_META_KEY]?.publishedAt ?? '').localeCompare(a._meta?.[OFFICIAL_META_KEY]?.publishedAt ?? ''));
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Versions of {name}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Published</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => {
            const meta = v._meta?.[OFFICIAL_META_KEY];
            const version = v.server.version;
            const review = v._meta?.[GOVERNANCE_META_KEY]?.reviewState;
            return (
              <tr key={version} aria-current={version === current ? 'true' : undefined}>
                <td>
                  {version === current ? <strong>{version}</strong> : <Link to={`?version=${encodeURIComponent(version)}`}>{version}</Link>}
                  {meta?.isLatest && <span className="chip">latest</span>}
                  {review && review !== 'approved' && <span className={`review-state review-${review}`}>{review.replace('_', ' ')}</span>}
                </td>
                <td>
                  <span className={`status status-${meta?.status ?? 'unknown'}`}>{meta?.status ?? 'unknown'}</span>
                  {meta?.statusMessage && <span className="muted small"> — {meta.statusMessage}</span>}
                </td>
                <td>{formatDate(meta?.publishedAt)}</td>
                <td>{formatDate(meta?.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Configuration({ item }: { item: ServerResponse }) {
  const groups = configurationOf(item.server);
  if (!groups.length) return <Empty title="This version lists no packages or remotes, so there is nothing to configure." />;
  return (
    <>
      {groups.map((g) => (
        <div key={g.label} className="config-group">
          <h3>
            <code>{g.label}</code>
          </h3>
          {g.settings.length === 0 ? (
            <p className="muted">Nothing to supply.</p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Required</th>
                    <th scope="col">Secret</th>
                    <th scope="col">Description</th>
                  </tr>
                </thead>
                <tbody>
                  {g.settings.map((s) => (
                    <tr key={`${s.kind}:${s.name}`}>
                      <td>
                        <code>
                          <ShownText text={s.name} />
                        </code>
                        {s.value !== undefined && !s.secret && <span className="muted small"> (default {s.value})</span>}
                      </td>
                      <td>{s.kind}</td>
                      <td>{s.required ? 'required' : 'optional'}</td>
                      <td>{s.secret ? <span className="badge badge-secret">secret</span> : 'no'}</td>
                      <td>
                        {s.description !== undefined ? <ShownText text={s.description} /> : <span className="muted">—</span>}
                        {s.choices && <span className="muted small"> One of: {s.choices.join(', ')}.</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ))}
    </>
  );
}

function Connect({ item, hosted }: { item: ServerResponse; hosted: boolean }) {
  const targets = targetsOf(item.server);
  const [index, setIndex] = useState(0);
  const selectId = useId();
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => setIndex(0), [item.server.name, item.server.version]);
  if (!targets.length) {
    const why = noDirectRemote(item.server, hosted);
    return (
      <Empty title={why.title}>
        <p>{why.detail}</p>
      </Empty>
    );
  }
  const target = targets[Math.min(index, targets.length - 1)]!;
  return (
    <>
      <p className="muted">These connect a client directly to the server's remote, without Toolshed's gateway.</p>
      {targets.length > 1 && (
        <p>
          <label htmlFor={selectId}>Remote </label>
          <select id={selectId} value={index} onChange={(e) => setIndex(Number(e.target.value))}>
            {targets.map((t, i) => (
              <option key={t.url} value={i}>
                {t.transport} {t.url}
              </option>
            ))}
          </select>
        </p>
      )}
      {clientSnippets(target).map((s) => (
        <details key={s.client} className="snippet">
          <summary>{s.label}</summary>
          <p className="muted small">Where: {s.where}.</p>
          <pre tabIndex={0} aria-label={`${s.label} configuration`}>
            <code>{s.text}</code>
          </pre>
          {s.placeholders.length > 0 && (
            <p className="small">
              Set before use:{' '}
              {s.placeholders.map((p) => (
                <code key={p}>{p} </code>
              ))}
            </p>
          )}
          <button
            type="button"
            onClick={() =>
              navigator.clipboard?.writeText(s.text).then(
                () => setCopied(s.client),
                () => setCopied(null),
              )
            }
          >
            Copy
          </button>
          <span role="status" className="small">
            {copied === s.client ? ' Copied.' : ''}
          </span>
        </details>
      ))}
    </>
  );
}

export default function ServerPage() {
  const name = useParams()['*'] ?? '';
  const [params] = useSearchParams();
  const version = params.get('version') ?? 'latest';
  const session = useSession();
  // A token sign-in reads with its token (a publisher's own pending version, a reviewer's every one); nothing is read before the session is known.
  const who = session.loading ? 'loading' : (session.user?.id ?? '');
  const wait = () => new Promise<never>(() => undefined);
  const [detail, retryDetail] = useLoad(`${name}@${version}:${who}`, (signal) => (session.loading ? wait() : getServerVersion(name, version, signal, session.token)));
  const [versions] = useLoad(`${name}:${who}`, (signal) => (session.loading ? wait() : listServerVersions(name, signal, session.token)));
  // Only a signed-in person can connect; for anyone else (or on any refusal) the page shows the server as not hosted.
  const [hosting] = useLoad(`hosting:${name}:${who}`, (signal) =>
    session.loading ? wait() : session.user ? getMyServerHosting(name, signal, session.token) : Promise.resolve({ server: name, hosted: false }),
  );

  useEffect(() => {
    if (detail.state === 'ready') document.title = `${revealBidiControls(summarize(detail.data).displayName)} · Toolshed`;
  }, [detail]);

  if (detail.state === 'loading') return <Loading what={name} />;
  if (detail.state === 'error') {
    return (
      <div className="server-page">
        <p>
          <Link to="/">← All servers</Link>
        </p>
        <h1>
          <code>{name}</code>
        </h1>
        <ErrorNotice
          error={detail.error}
          action={
            <button type="button" onClick={retryDetail}>
              Try again
            </button>
          }
        />
      </div>
    );
  }
  const item = detail.data;
  const s = summarize(item);
  const { server } = item;
  const provenance = s.provenance;
  const hosted = hosting.state === 'ready' && hosting.data.hosted;
  const hostedPackage = hosted ? hostedPackageOf(server) : undefined;
  return (
    <article className="server-page">
      <p>
        <Link to="/">← All servers</Link>
      </p>
      <header className="server-header">
        <ServerIcon icon={s.icon} name={s.name} size={64} />
        <div>
          <h1>
            <ShownText text={s.displayName} />
          </h1>
          <p>
            <code>
              <ShownText text={s.name} />
            </code>{' '}
            <span className="muted">
              version {s.version}
              {version === 'latest' ? ' (latest)' : ''}
            </span>
          </p>
          <Badges badges={s.badges} />
        </div>
      </header>
      <p className="server-description">
        <ShownText text={s.description} />
      </p>
      {s.official?.statusMessage && (
        <p className="notice" role="note">
          {s.official.status === 'active' ? 'Note' : `This version is ${s.official.status}`}: {s.official.statusMessage}
        </p>
      )}

      <dl className="facts">
        <dt>Owner</dt>
        <dd>{ownerOf(s.name)}</dd>
        <dt>Repository</dt>
        <dd>
          <SafeLink href={server.repository?.url} />
          {server.repository?.subfolder && <span className="muted small"> (folder {server.repository.subfolder})</span>}
        </dd>
        <dt>Website</dt>
        <dd>
          <SafeLink href={server.websiteUrl} />
        </dd>
        <dt>Published</dt>
        <dd>{formatDate(s.official?.publishedAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatDate(s.official?.updatedAt)}</dd>
        <dt>Where it came from</dt>
        <dd data-testid="origin">
          {provenance?.origin === 'mirror' ? (
            <>
              Mirrored from the <strong>{provenance.source}</strong> source
              {provenance.upstreamPublishedAt && <> (published upstream {formatDate(provenance.upstreamPublishedAt)})</>}
            </>
          ) : (
            'Published to this registry'
          )}
        </dd>
        {provenance?.notes && (
          <>
            <dt>Curator's notes</dt>
            <dd>{provenance.notes}</dd>
          </>
        )}
      </dl>

      <GovernancePanel name={server.name} meta={item._meta?.[GOVERNANCE_META_KEY]} />

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        {versions.state === 'loading' && <Loading what="versions" />}
        {versions.state === 'error' && <ErrorNotice error={versions.error} />}
        {versions.state === 'ready' && <Versions name={s.name} list={versions.data} current={s.version} />}
      </section>

      <section aria-labelledby="packages-heading">
        <h2 id="packages-heading">Packages and remotes</h2>
        {!server.packages?.length && !server.remotes?.length ? (
          <Empty title="This version lists no packages or remotes." />
        ) : (
          <ul className="plain-list">
            {(server.packages ?? []).map((p) => (
              <li key={`${p.registryType}:${p.identifier}`}>
                <span className="chip">{p.registryType}</span>{' '}
                <code>
                  <ShownText text={p.identifier} />
                </code>
                {p.version && <> @ {p.version}</>}
                {p.transport?.type && <span className="muted"> · {p.transport.type}</span>}
                {p === hostedPackage ? (
                  <span className="chip" data-testid="hosted-package">
                    hosted by Toolshed
                  </span>
                ) : (
                  !hosted && p.runtimeHint && <span className="muted"> · run with {p.runtimeHint}</span>
                )}
              </li>
            ))}
            {(server.remotes ?? []).map((r) => (
              <li key={r.url}>
                <span className="chip chip-remote">remote · {r.type}</span>{' '}
                <code>
                  <ShownText text={r.url} />
                </code>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="config-heading">
        <h2 id="config-heading">Configuration you supply</h2>
        <Configuration item={item} />
      </section>

      <Capabilities server={server} />

      <section aria-labelledby="connect-heading">
        <h2 id="connect-heading">Connect a client</h2>
        <ConnectPanel server={item.server} hosted={hosted} />
        <h3>Directly to the server’s remote</h3>
        <Connect item={item} hosted={hosted} />
      </section>

      <section aria-label="Report">
        <ReportButton server={server.name} version={server.version} />
      </section>
    </article>
  );
}
