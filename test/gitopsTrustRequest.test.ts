/**
 * The trust level a GitOps `toolshed.yaml` asks for is a request reviewers see
 * (issue #21 item 10), on both databases: `apply` with a token that may not set
 * trust comments "owners ask for trust X" on the review of the version it
 * submitted, so the review queue shows it beside the checks; without a review to
 * comment on, it says so instead of failing.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTrust, trustRequestOf } from '../src/cli/gitops/governanceStep.js';
import { personWithToken } from './support/people.js';
import { serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const NAME = 'com.example/gitops-trust';
const enc = encodeURIComponent;

describe.each(DATABASES)('the trust a toolshed.yaml asks for on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let url: string;
    let publisher: Awaited<ReturnType<typeof personWithToken>>;

    beforeAll(async () => {
      t = await testToolshed(kind, { reviewDefault: 'review' });
      publisher = await personWithToken(t, 'ci', ['catalog:publish'], { roles: ['publisher'] });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('comments the wanted trust on the submitted version’s review, where reviewers read it', async () => {
      const published = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: publisher.headers, payload: serverDoc(NAME, '1.0.0') });
      expect(published.statusCode, published.body).toBe(200);
      const request = trustRequestOf({ trust: null, owners: [], supportContact: null, docsUrl: null }, { owners: [], trust: 'verified' }, false)!;
      const line = await requestTrust({ url, token: publisher.secret }, NAME, '1.0.0', request);
      expect(line).toBe(`${NAME}@1.0.0: trust request added to its review`);
      const review = await t.app.inject({ url: `/api/reviews/${enc(NAME)}/1.0.0`, headers: AUTH });
      expect(review.statusCode, review.body).toBe(200);
      expect(review.json().comments).toEqual([expect.objectContaining({ body: expect.stringContaining('Owners ask for trust "verified"') })]);
    });

    it('says so when there is no review to comment on', async () => {
      const line = await requestTrust({ url, token: publisher.secret }, 'com.example/never-published', '1.0.0', 'Owners ask for trust "verified"');
      expect(line).toContain('trust request not added to a review (HTTP 404)');
    });
  });
});
