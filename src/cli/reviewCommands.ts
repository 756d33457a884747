/**
 * `toolshed review list|show|approve|reject|comment`: the review queue of a running
 * Toolshed over its API (`--url`, default $TOOLSHED_URL or http://127.0.0.1:8080;
 * `--token`, default $TOOLSHED_TOKEN, a reviewer's token). A decision reads the
 * review first and sends its ETag as If-Match, so it never overwrites a decision or
 * checks that came meanwhile. Exit codes: 0 ok, 1 the server refused, 2 usage errors.
 */
import type { Command } from 'commander';
import { call, connection, expect2xx } from './accessCommands.js';
import { runAction, usageExitCodes } from './publisher/publisherError.js';

const enc = encodeURIComponent;
/** Control and bidirectional characters from documents are shown as `?`, so a name cannot rewrite the terminal. */
const safe = (v: unknown) => String(v).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
const reviewPath = (name: string, version: string) => `/api/reviews/${enc(name)}/${enc(version)}`;

interface ReviewBody {
  name: string;
  version: string;
  state: string;
  source: string;
  submittedBy: string;
  submittedAt: string;
  checks: Array<{ name: string; outcome: string; detail?: string }>;
  decidedBy: string | null;
  reason: string | null;
  etag: string;
}

const line = (r: ReviewBody) =>
  `${safe(r.name)} ${safe(r.version)}  ${r.state}  ${safe(r.source)}  by ${safe(r.submittedBy)} at ${r.submittedAt}  checks: ${r.checks.map((c) => `${c.name} ${c.outcome}`).join(', ')}`;

export function registerReviewCommands(program: Command): void {
  const review = program
    .command('review')
    .description('The review queue of a running Toolshed: list, show, approve, reject, comment')
    .option('--url <url>', 'the Toolshed to talk to (default $TOOLSHED_URL or http://127.0.0.1:8080)')
    .option('--token <token>', 'a reviewer’s token (default $TOOLSHED_TOKEN)');
  usageExitCodes(review);

  usageExitCodes(
    review
      .command('list')
      .description('Versions awaiting a decision, oldest first')
      .option('--state <states>', 'comma-separated review states (default submitted,checking,in_review)')
      .option('--source <source>', 'local, or a federation source')
      .action(
        runAction(async (opts: { state?: string; source?: string }, command: Command) => {
          const q = new URLSearchParams({ limit: '100', ...(opts.state ? { state: opts.state } : {}), ...(opts.source ? { source: opts.source } : {}) });
          const body = expect2xx('cannot list reviews', await call(connection(command), 'GET', `/api/reviews?${q.toString()}`));
          const reviews = (body.reviews as ReviewBody[]) ?? [];
          for (const r of reviews) process.stdout.write(`${line(r)}\n`);
          if (!reviews.length) process.stdout.write('Nothing awaits review.\n');
        }),
      ),
  );

  usageExitCodes(
    review
      .command('show')
      .description('One review: checks, document and tool diffs against the approved version, findings, comments')
      .argument('<name>', 'the server name')
      .argument('<version>', 'the version')
      .action(
        runAction(async (name: string, version: string, _opts: unknown, command: Command) => {
          const body = expect2xx(`cannot read the review of ${name} ${version}`, await call(connection(command), 'GET', reviewPath(name, version)));
          const r = body.review as ReviewBody;
          process.stdout.write(`${line(r)}\n`);
          for (const c of r.checks) process.stdout.write(`  check ${c.name}: ${c.outcome}${c.detail ? ` (${safe(c.detail)})` : ''}\n`);
          if (r.decidedBy) process.stdout.write(`  decided by ${safe(r.decidedBy)}${r.reason ? `: ${safe(r.reason)}` : ''}\n`);
          process.stdout.write(`  previous approved version: ${safe(body.previousApprovedVersion ?? 'none')}\n`);
          const doc = body.documentDiff as { changes: Array<{ path: string; change: string; before?: unknown; after?: unknown }> } | null;
          for (const c of doc?.changes ?? [])
            process.stdout.write(`  server.json ${c.change} ${safe(c.path)}: ${safe(JSON.stringify(c.before ?? null))} -> ${safe(JSON.stringify(c.after ?? null))}\n`);
          for (const c of (body.toolDiff as Array<{ kind: string; key: string; change: string }> | null) ?? []) process.stdout.write(`  ${c.change} ${c.kind.replace(/s$/, '')} ${safe(c.key)}\n`);
          for (const f of (body.findings as Array<{ rule: string; severity: string; key: string }>) ?? []) process.stdout.write(`  finding ${f.severity} ${f.rule} ${safe(f.key)}\n`);
          for (const c of (body.comments as Array<{ at: string; author: string; body: string }>) ?? []) process.stdout.write(`  comment ${c.at} ${safe(c.author)}: ${safe(c.body)}\n`);
          process.stdout.write(`  etag ${r.etag}\n`);
        }),
      ),
  );

  for (const decision of ['approve', 'reject'] as const) {
    usageExitCodes(
      review
        .command(decision)
        .description(decision === 'approve' ? 'Approve a version (readers and the gateway see it; its snapshot is pinned)' : 'Reject a version, with a reason')
        .argument('<name>', 'the server name')
        .argument('<version>', 'the version')
        .option('--reason <text>', decision === 'reject' ? 'why (required)' : 'why')
        .option('--if-match <etag>', 'the ETag you reviewed (default: the current one, read just before)')
        .action(
          runAction(async (name: string, version: string, opts: { reason?: string; ifMatch?: string }, command: Command) => {
            const c = connection(command);
            const etag = opts.ifMatch ?? String((expect2xx(`cannot read the review of ${name} ${version}`, await call(c, 'GET', reviewPath(name, version))).review as ReviewBody).etag);
            const body = expect2xx(
              `cannot ${decision} ${name} ${version}`,
              await call(c, 'POST', `${reviewPath(name, version)}/${decision}`, opts.reason !== undefined ? { reason: opts.reason } : {}, { 'if-match': etag }),
            ) as unknown as ReviewBody;
            process.stdout.write(`${safe(name)} ${safe(version)}: ${body.state} by ${safe(body.decidedBy)}\n`);
          }),
        ),
    );
  }

  usageExitCodes(
    review
      .command('comment')
      .description('Comment on a review')
      .argument('<name>', 'the server name')
      .argument('<version>', 'the version')
      .argument('<text>', 'the comment')
      .action(
        runAction(async (name: string, version: string, text: string, _opts: unknown, command: Command) => {
          expect2xx(`cannot comment on ${name} ${version}`, await call(connection(command), 'POST', `${reviewPath(name, version)}/comments`, { body: text }));
          process.stdout.write(`Commented on ${safe(name)} ${safe(version)}.\n`);
        }),
      ),
  );
}
