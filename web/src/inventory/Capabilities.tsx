/**
 * The server page's live capabilities: whether and when Toolshed last reached the
 * version (and an administrator's "Probe now"), its health, a drift banner, what the
 * scan found, its tools (each with parameters, hints and, for a signed-in person,
 * whether they may call it and by which rule), prompts, resources and templates. A
 * version without a remote, not probed yet, needing each person's credentials, or
 * failing its probe says so in words.
 */
import { useEffect, useState } from 'react';
import { ApiError } from '../api/apiClient.js';
import type { ServerJson } from '../api/catalogTypes.js';
import { when } from '../connect/meApi.js';
import { signInHref, useSession } from '../session/useSession.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { HintLegend } from './AnnotationBadges.js';
import { DriftBanner } from './DriftBanner.js';
import { Findings } from './Findings.js';
import { HealthPanel } from './HealthPanel.js';
import { DRIFT_MANAGE, DRIFT_READ, getCapabilities, myTools, PROBE_PERMISSION, type Capabilities as Caps, type ToolMarks, type ToolVerdict } from './inventoryApi.js';
import { LongText } from './LongText.js';
import { PromptList, ResourceList } from './OtherCapabilities.js';
import { ProbeNowButton } from './ProbeNowButton.js';
import { ToolCard } from './ToolCard.js';

const FAILURE_KINDS: Record<string, string> = {
  dns: 'its name did not resolve (DNS)',
  tls: 'the TLS certificate or handshake failed',
  refused: 'the connection was refused',
  timeout: 'it did not answer in time',
  auth: 'it refused the credentials (401/403)',
  http: 'it answered with an HTTP error',
  protocol: 'it did not speak MCP as expected',
  'too-large': 'its answer was larger than a probe accepts',
};

function ProbeLine({ caps, canProbe, token, onQueued }: { caps: Caps; canProbe: boolean; token: string | undefined; onQueued: () => void }) {
  const current = caps.current;
  return (
    <div className="probe-line">
      <p data-testid="capability-status">
        <span className={`status-chip status-chip-${caps.status}`}>{caps.status}</span>{' '}
        <span className="muted small">
          last probe {when(caps.lastProbeAt)}
          {current && (
            <>
              {' · '}
              {current.source === 'observed' ? 'learned from a list the gateway relayed' : 'probed'} {when(current.takenAt)}
              {current.lastSeenAt ? `, last seen ${when(current.lastSeenAt)}` : ''} · MCP {current.protocolVersion}
            </>
          )}
        </span>
      </p>
      {canProbe && <ProbeNowButton server={caps.server} version={caps.version} token={token} onQueued={onQueued} />}
    </div>
  );
}

function StatusNotice({ caps }: { caps: Caps }) {
  if (caps.status === 'pending' && !caps.current) {
    return (
      <Empty title="Not probed yet.">
        <p>Toolshed connects to this version’s remote to list what it offers; the result shows here once the probe has run.</p>
      </Empty>
    );
  }
  if (caps.status === 'personal' && !caps.current) {
    return (
      <Empty title="Lists its tools once someone connects.">
        <p>This server needs each person’s own credentials to list its tools, so Toolshed learns them from the first list its gateway relays.</p>
      </Empty>
    );
  }
  if (caps.status === 'failed') {
    const f = caps.failure;
    return (
      <div className="state state-error" role="alert" data-testid="probe-failure">
        <p className="state-title">
          The last probe failed{f ? `: ${FAILURE_KINDS[f.kind] ?? f.kind}` : ''}
          {f?.status ? ` (HTTP ${f.status})` : ''}.
        </p>
        {f?.message && <p>{f.message}</p>}
        {caps.current && <p>What follows is what it offered when last reached.</p>}
      </div>
    );
  }
  return null;
}

function Loaded({
  caps,
  canProbe,
  canRepin,
  admin,
  signedIn,
  token,
  reload,
  onQueued,
}: {
  caps: Caps;
  canProbe: boolean;
  canRepin: boolean;
  admin: boolean;
  signedIn: boolean;
  token: string | undefined;
  reload: () => void;
  onQueued: () => void;
}) {
  const snap = caps.current?.snapshot ?? null;
  const [verdicts] = useLoad(`my-tools:${caps.server}:${signedIn}`, (signal) => (signedIn ? myTools(caps.server, token, signal) : Promise.resolve({ tools: [] as ToolVerdict[] } as ToolMarks)));
  // The marks are for the latest version: shown only on that version's page.
  const marks = verdicts.state === 'ready' && (verdicts.data.version === undefined || verdicts.data.version === caps.version) ? verdicts.data.tools : [];
  const verdictOf = new Map(marks.map((t) => [t.name, t]));
  const findings = caps.current?.findings ?? [];
  const tools = snap?.items.tools ?? [];
  const prompts = snap?.items.prompts ?? [];
  const resources = snap?.items.resources ?? [];
  const templates = snap?.items.resourceTemplates ?? [];
  return (
    <>
      <section aria-labelledby="tools-heading">
        <h2 id="tools-heading">Tools</h2>
        <ProbeLine caps={caps} canProbe={canProbe} token={token} onQueued={onQueued} />
        <DriftBanner caps={caps} admin={admin} canRepin={canRepin} token={token} onRepinned={reload} />
        <StatusNotice caps={caps} />
        {findings.length > 0 && (
          <div className="panel" role="region" aria-label="What the scan found">
            <h3>What the definition scan found</h3>
            <p className="muted small">Text in these definitions that looks like an attempt to steer a model. Read it before connecting.</p>
            <Findings findings={findings} />
          </div>
        )}
        {snap?.instructions && (
          <>
            <h3>Instructions to the model</h3>
            <LongText text={snap.instructions} label="the server’s instructions" />
          </>
        )}
        {snap &&
          (tools.length === 0 ? (
            <p className="muted">This version offers no tools.</p>
          ) : (
            <>
              <p>
                {tools.length} {tools.length === 1 ? 'tool' : 'tools'}.
              </p>
              <HintLegend />
              <ul className="capability-list" aria-label="Tools">
                {tools.map((t) => (
                  <ToolCard key={t.key} item={t} verdict={verdictOf.get(t.key)} findings={findings.filter((f) => f.kind === 'tools' && f.key === t.key)} />
                ))}
              </ul>
            </>
          ))}
      </section>
      {prompts.length > 0 && (
        <section aria-labelledby="prompts-heading">
          <h2 id="prompts-heading">Prompts</h2>
          <PromptList prompts={prompts} />
        </section>
      )}
      {resources.length + templates.length > 0 && (
        <section aria-labelledby="resources-heading">
          <h2 id="resources-heading">Resources</h2>
          {resources.length > 0 && <ResourceList resources={resources} label="Resources" />}
          {templates.length > 0 && (
            <>
              <h3>Resource templates</h3>
              <ResourceList resources={templates} label="Resource templates" />
            </>
          )}
        </section>
      )}
      <section aria-labelledby="health-heading">
        <h2 id="health-heading">Health</h2>
        <HealthPanel server={caps.server} version={caps.version} token={token} stamp={caps.lastProbeAt ?? ''} />
      </section>
    </>
  );
}

export function Capabilities({ server }: { server: ServerJson }) {
  const session = useSession();
  const admin = session.can(DRIFT_READ);
  const [caps, reload] = useLoad(`caps:${server.name}@${server.version}:${session.loading}`, (signal) => getCapabilities(server.name, server.version, session.token, signal));
  // After "Probe now", the page asks again until the probe has run (its time moves), a bounded number of times.
  const [waiting, setWaiting] = useState<{ since: string | null; tries: number } | null>(null);
  const lastProbeAt = caps.state === 'ready' ? caps.data.lastProbeAt : undefined;
  useEffect(() => {
    if (!waiting || lastProbeAt === undefined) return;
    if (lastProbeAt !== waiting.since || waiting.tries >= 20) {
      setWaiting(null);
      return;
    }
    const timer = setTimeout(() => {
      setWaiting({ ...waiting, tries: waiting.tries + 1 });
      reload();
    }, 1000);
    return () => clearTimeout(timer);
  }, [waiting, lastProbeAt, reload]);
  const tools = (
    <section aria-labelledby="tools-heading">
      <h2 id="tools-heading">Tools</h2>
      {!server.remotes?.length ? (
        <Empty title={server.packages?.length ? 'Runs locally from its package.' : 'Nothing to reach.'}>
          <p>
            {server.packages?.length
              ? 'This version has no remote Toolshed could connect to, so its tools are known only once it runs on your machine.'
              : 'This version lists no remote, so Toolshed has nothing to connect to and list.'}
          </p>
        </Empty>
      ) : caps.state === 'loading' ? (
        <Loading what="its tools" />
      ) : caps.state === 'error' ? (
        caps.error instanceof ApiError && caps.error.status === 401 ? (
          <Empty title="Sign in to see what this server offers.">
            <p>
              Its live tools, prompts, resources and health are shown to people signed in to Toolshed.
              {session.signInAvailable && (
                <>
                  {' '}
                  <a href={signInHref()}>Sign in</a>
                </>
              )}
            </p>
          </Empty>
        ) : caps.error instanceof ApiError && caps.error.status === 404 ? (
          <Empty title="Not known yet.">
            <p>Toolshed has not listed this version’s tools yet.</p>
          </Empty>
        ) : (
          <ErrorNotice
            error={caps.error}
            action={
              <button type="button" onClick={reload}>
                Try again
              </button>
            }
          />
        )
      ) : null}
    </section>
  );
  if (!server.remotes?.length || caps.state !== 'ready') return tools;
  const queued = () => setWaiting({ since: caps.data.lastProbeAt, tries: 0 });
  return (
    <Loaded
      caps={caps.data}
      canProbe={session.can(PROBE_PERMISSION)}
      canRepin={session.can(DRIFT_MANAGE)}
      admin={admin}
      signedIn={session.user !== null}
      token={session.token}
      reload={reload}
      onQueued={queued}
    />
  );
}
