/**
 * The governance part of `apply` as a plan: owners compared as a set, only fields
 * the file sets are changed, trust set only by a token holding catalog.approve
 * (otherwise carried in the reason, and alone it is not a change), nothing to
 * write when everything matches; the trust wanted becomes a request on the review
 * (trustRequestOf) only when the token may not set it and it differs.
 */
import { describe, expect, it } from 'vitest';
import { planGovernance, trustRequestOf, type GovernanceState } from './governanceStep.js';

const current: GovernanceState = {
  trust: 'community',
  owners: [
    { kind: 'group', name: 'platform' },
    { kind: 'user', id: 'usr_alice', email: 'alice@example.com' },
  ],
  supportContact: 'https://example.com/support',
  docsUrl: null,
};

describe('planGovernance', () => {
  it('writes nothing when the file matches (owners in any order, a person by email or by id)', () => {
    expect(planGovernance(current, { owners: [{ user: 'usr_alice' }, { group: 'platform' }], trust: 'community', supportContact: 'https://example.com/support' }, true).patch).toBeUndefined();
    // An email is sent as an email: the server resolves it to the person who holds it verified.
    expect(planGovernance(current, { owners: ['carol@example.com'] }, true).patch).toMatchObject({ owners: [{ kind: 'user', email: 'carol@example.com' }] });
    const plan = planGovernance(current, { owners: ['alice@example.com', { group: 'platform' }], trust: 'community', supportContact: 'https://example.com/support' }, true);
    expect(plan).toEqual({ patch: undefined, changes: [], notes: [] });
  });

  it('sets trust with catalog.approve, alongside the other fields that differ', () => {
    const plan = planGovernance(current, { owners: [{ user: 'usr_bob' }], trust: 'internal', docsUrl: 'https://example.com/docs' }, true);
    expect(plan.patch).toEqual({ owners: [{ kind: 'user', id: 'usr_bob' }], docsUrl: 'https://example.com/docs', trust: 'internal', reason: 'toolshed apply (GitOps)' });
    expect(plan.changes).toEqual(['owners: group:platform, user:alice@example.com → user:usr_bob', 'docsUrl: (none) → https://example.com/docs', 'trust: community → internal']);
  });

  it('without catalog.approve, the trust wanted is a note and rides in the reason of another change', () => {
    const alone = planGovernance(current, { owners: ['alice@example.com', { group: 'platform' }], trust: 'verified' }, false);
    expect(alone.patch).toBeUndefined();
    expect(alone.notes).toEqual(['trust wanted: verified (now community); a reviewer sets trust (the token lacks catalog.approve)']);
    const withChange = planGovernance(current, { owners: [{ group: 'platform' }], trust: 'verified' }, false);
    expect(withChange.patch).toEqual({ owners: [{ kind: 'group', name: 'platform' }], reason: 'toolshed apply (GitOps); trust wanted: verified' });
  });
});

describe('trustRequestOf', () => {
  it('asks for the wanted trust only when the token may not set it and the level differs', () => {
    expect(trustRequestOf(current, { owners: [], trust: 'verified' }, false)).toBe(
      'Owners ask for trust "verified" (toolshed.yaml; now community). A reviewer sets trust: PATCH /api/servers/{name}/governance or npx toolshed servers trust.',
    );
    expect(trustRequestOf(undefined, { owners: [], trust: 'internal' }, false)).toContain('now none');
    expect(trustRequestOf(current, { owners: [], trust: 'verified' }, true)).toBeUndefined();
    expect(trustRequestOf(current, { owners: [], trust: 'community' }, false)).toBeUndefined();
    expect(trustRequestOf(current, { owners: [] }, false)).toBeUndefined();
  });
});
