/**
 * The review queue and approval policy over HTTP (issue #21): the queue at
 * `GET /api/reviews`, one review with its checks, document and tool diffs, findings
 * and comments at `GET /api/reviews/{name}/{version}`, decisions at
 * `POST …/approve` and `POST …/reject` (If-Match: 428 without, 412 when stale),
 * comments at `POST …/comments`, and each source's policy at
 * `GET`/`PUT /api/admin/review-policy/{source}`. Deciding and the policy need
 * `catalog.approve`; a submitter may comment on their own review.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { REVIEW_STATES, type ReviewState } from '../../schemas/governance.js';
import type { Reviews } from '../../governance/index.js';
import { guardedCaller } from '../routePermissions.js';
import { parseListParam } from '../parseQuery.js';
import { ValidationError } from '../../errors.js';

export interface ReviewRoutesOptions {
  reviews: Reviews;
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const base = { tags: ['governance'], security: [{ bearerAuth: [] }] } as const;
const versionParams = {
  type: 'object',
  required: ['name', 'version'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'The catalog name of the server, URL-encoded (`io.example%2Fweather`)' },
    version: { type: 'string', minLength: 1, maxLength: 255 },
  },
} as const;
const ifMatchHeaders = {
  type: 'object',
  properties: { 'if-match': { type: 'string', maxLength: 1000, description: 'The review’s ETag as last read; 412 when it changed since, 428 when missing' } },
} as const;
const checkSchema = { type: 'object', required: ['name', 'outcome'], properties: { name: { type: 'string' }, outcome: { type: 'string' }, detail: { type: 'string' } } } as const;
const reviewSchema = {
  type: 'object',
  required: ['name', 'version', 'state', 'source', 'submittedBy', 'submittedAt', 'checks', 'decidedBy', 'decidedAt', 'reason', 'autoRule', 'etag'],
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    state: { type: 'string', enum: [...REVIEW_STATES] },
    source: { type: 'string' },
    submittedBy: { type: 'string' },
    submittedAt: { type: 'string' },
    checks: { type: 'array', items: checkSchema },
    decidedBy: { type: ['string', 'null'] },
    decidedAt: { type: ['string', 'null'] },
    reason: { type: ['string', 'null'] },
    autoRule: { type: ['string', 'null'] },
    etag: { type: 'string' },
  },
} as const;
const policySchema = {
  type: 'object',
  required: ['source', 'policy', 'stored', 'etag'],
  properties: {
    source: { type: 'string' },
    policy: {
      type: 'object',
      required: ['defaultAction', 'rules', 'allowSelfApproval'],
      additionalProperties: true,
      properties: {
        defaultAction: { type: 'string', enum: ['review', 'approve'] },
        rules: { type: 'array', items: { type: 'object', additionalProperties: true } },
        allowSelfApproval: { type: 'boolean' },
      },
    },
    stored: { type: 'boolean' },
    etag: { type: 'string' },
    updatedAt: { type: 'string' },
    updatedBy: { type: 'string' },
  },
} as const;

export function reviewRoutes(fastify: FastifyInstance, options: ReviewRoutesOptions, done: () => void): void {
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { reviews } = options;

  app.get(
    '/api/reviews',
    {
      config: { permission: 'catalog.approve' },
      schema: {
        ...base,
        operationId: 'list-reviews',
        summary: 'The review queue: versions awaiting a decision (oldest first), or those in the given states',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', maxLength: 200, description: 'Comma-separated review states; default submitted,checking,in_review' },
            source: { type: 'string', maxLength: 200, description: '`local` or a federation source name' },
            name: { type: 'string', maxLength: 200, description: 'One server name' },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
            cursor: { type: 'string', maxLength: 2000 },
          },
        },
        response: { 200: { type: 'object', required: ['reviews'], properties: { reviews: { type: 'array', items: reviewSchema }, nextCursor: { type: 'string' } } } },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const states = parseListParam('state', q.state);
      for (const s of states ?? []) {
        if (!REVIEW_STATES.includes(s as ReviewState))
          throw new ValidationError('HTTP_INVALID_REQUEST', 'validation failed', [{ location: 'query.state', message: `unknown review state ${s}: use ${REVIEW_STATES.join(', ')}` }]);
      }
      const page = await reviews.list(
        { ...(states?.length ? { states: states as ReviewState[] } : {}), ...(q.source !== undefined ? { source: q.source } : {}), ...(q.name !== undefined ? { name: q.name } : {}) },
        q.limit ?? 50,
        q.cursor,
      );
      return noStore(reply).send(page);
    },
  );

  app.get(
    '/api/reviews/:name/:version',
    {
      config: { permission: 'catalog.approve' },
      schema: {
        ...base,
        operationId: 'get-review',
        summary: 'One review: check results, document diff and tool diff against the approved version, scan findings, comments',
        params: versionParams,
        response: {
          200: {
            type: 'object',
            required: ['review', 'server', 'previousApprovedVersion', 'documentDiff', 'toolDiff', 'snapshotId', 'findings', 'comments'],
            properties: {
              review: reviewSchema,
              server: { type: ['object', 'null'], additionalProperties: true },
              previousApprovedVersion: { type: ['string', 'null'] },
              documentDiff: { type: ['object', 'null'], additionalProperties: true },
              toolDiff: { type: ['array', 'null'], items: { type: 'object', additionalProperties: true } },
              snapshotId: { type: ['integer', 'null'] },
              findings: { type: 'array', items: { type: 'object', additionalProperties: true } },
              comments: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'at', 'author', 'body'],
                  properties: { id: { type: 'integer' }, at: { type: 'string' }, author: { type: 'string' }, body: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const shown = await reviews.show(request.params.name, request.params.version);
      return noStore(reply).header('etag', shown.review.etag).send(shown);
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/api/reviews/:name/:version/${decision}`,
      {
        config: { permission: 'catalog.approve' },
        schema: {
          ...base,
          operationId: `${decision}-review`,
          summary: decision === 'approve' ? 'Approve a version: readers and the gateway see it, and its tool snapshot is pinned' : 'Reject a version, with a reason',
          params: versionParams,
          headers: ifMatchHeaders,
          body: {
            type: 'object',
            additionalProperties: false,
            ...(decision === 'reject' ? { required: ['reason'] } : {}),
            properties: { reason: { type: 'string', maxLength: 2000 } },
          },
          response: { 200: reviewSchema },
        },
      },
      async (request, reply) => {
        const caller = await guardedCaller(request);
        const decided = await reviews.decide({
          name: request.params.name,
          version: request.params.version,
          decision,
          reason: request.body?.reason,
          ifMatch: request.headers['if-match'],
          caller,
        });
        return noStore(reply).header('etag', decided.etag).send(decided);
      },
    );
  }

  app.post(
    '/api/reviews/:name/:version/comments',
    {
      config: { signedIn: true },
      schema: {
        ...base,
        operationId: 'comment-review',
        summary: 'Comment on a review (reviewers, and the version’s submitter)',
        params: versionParams,
        body: { type: 'object', additionalProperties: false, required: ['body'], properties: { body: { type: 'string', maxLength: 4000 } } },
        response: { 201: { type: 'object', required: ['at', 'author', 'body'], properties: { at: { type: 'string' }, author: { type: 'string' }, body: { type: 'string' } } } },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      const comment = await reviews.comment({ name: request.params.name, version: request.params.version, body: request.body.body, caller });
      return noStore(reply).code(201).send(comment);
    },
  );

  const sourceParams = { type: 'object', required: ['source'], properties: { source: { type: 'string', minLength: 1, maxLength: 200, description: '`local` or a federation source name' } } } as const;

  app.get(
    '/api/admin/review-policy/:source',
    {
      config: { permission: 'catalog.approve' },
      schema: {
        ...base,
        operationId: 'get-review-policy',
        summary: 'The approval policy of a source (the TOOLSHED_REVIEW_DEFAULT one when none is stored)',
        params: sourceParams,
        response: { 200: policySchema },
      },
    },
    async (request, reply) => {
      const policy = await reviews.policy(request.params.source);
      return noStore(reply).header('etag', policy.etag).send(policy);
    },
  );

  app.put(
    '/api/admin/review-policy/:source',
    {
      config: { permission: 'catalog.approve' },
      schema: {
        ...base,
        operationId: 'replace-review-policy',
        summary: 'Replace the approval policy of a source (If-Match with its ETag; "0" before one is stored)',
        params: sourceParams,
        headers: { type: 'object', properties: { 'if-match': { type: 'string', maxLength: 1000 } } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            defaultAction: { type: 'string', enum: ['review', 'approve'] },
            allowSelfApproval: { type: 'boolean' },
            rules: {
              type: 'array',
              maxItems: 100,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['when'],
                properties: {
                  namespace: { type: 'string', minLength: 1, maxLength: 200 },
                  publishedBy: {
                    type: 'object',
                    additionalProperties: false,
                    properties: { group: { type: 'string', minLength: 1, maxLength: 200 }, subject: { type: 'string', minLength: 1, maxLength: 320 } },
                  },
                  trust: {
                    type: 'array',
                    maxItems: 10,
                    items: { type: 'string', maxLength: 64 },
                    description: 'Trust levels (verified, internal, community, experimental, blocked): the server’s trust in force must be one of them',
                  },
                  when: { type: 'string', enum: ['checks-pass', 'tools-unchanged'] },
                },
              },
            },
          },
        },
        response: { 200: policySchema },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      const policy = await reviews.replacePolicy({ source: request.params.source, body: request.body, ifMatch: request.headers['if-match'], caller });
      return noStore(reply).header('etag', policy.etag).send(policy);
    },
  );

  done();
}
