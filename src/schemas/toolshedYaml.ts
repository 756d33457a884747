/**
 * `toolshed.yaml`: what a team keeps in git next to a server's `server.json` for
 * GitOps onboarding (`npx toolshed validate DIR`, `npx toolshed apply DIR`): owners,
 * the trust level it asks for, support contact, docs, per-server access rules,
 * hosting (reserved for a later release) and the drift action. Strict: an unknown
 * key is an error, so a typo never silently does nothing.
 *
 * The access rules are checked here only for being mappings; the CLI checks each
 * with the access plane's own rule schema (same messages as `npx toolshed access rules`).
 */
import { z } from 'zod';

export const TOOLSHED_YAML = 'toolshed.yaml';
export const SERVER_JSON = 'server.json';

/** Trust levels a team may ask for (`blocked` is a moderator's decision, never wanted). */
export const WANTED_TRUST_LEVELS = ['verified', 'internal', 'community', 'experimental'] as const;
export const DRIFT_SETTINGS = ['warn', 'hide', 'block', 'default'] as const;

const text = (what: string, max: number) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GROUP = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const ownerSchema = z.union(
  [
    text('an owner', 320).refine((s) => EMAIL.test(s), 'an owner written as a plain string must be an email address (write `group: NAME` for a group, `user: ID` for a user id)'),
    z.strictObject({ user: text('owner user', 320) }),
    z.strictObject({ group: text('owner group', 100).regex(GROUP, 'owner group must be a group name (letters, digits, ".", "_", "-")') }),
  ],
  { error: 'an owner is an email address, `user: ID` or `group: NAME`' },
);

export const toolshedYamlSchema = z.strictObject({
  owners: z.array(ownerSchema, { error: 'owners must be a list' }).min(1, 'owners is empty: name at least one person or group').max(50, 'at most 50 owners'),
  trust: z.enum(WANTED_TRUST_LEVELS, { error: (iss) => `unknown trust level ${JSON.stringify(iss.input)} (expected ${WANTED_TRUST_LEVELS.join(', ')})` }).optional(),
  supportContact: text('supportContact', 500)
    .refine((s) => EMAIL.test(s) || isHttpUrl(s), 'supportContact must be an email address or an http(s) URL')
    .optional(),
  docsUrl: text('docsUrl', 2000).refine(isHttpUrl, 'docsUrl must be an http(s) URL').optional(),
  access: z
    .strictObject({
      rules: z.array(z.record(z.string(), z.unknown(), { error: 'each access rule must be a mapping' }), { error: 'access.rules must be a list' }).max(200, 'at most 200 access rules per server'),
    })
    .optional(),
  /** Reserved: where Toolshed runs the server (a later release). Validated as a mapping only. */
  hosting: z.record(z.string(), z.unknown(), { error: 'hosting must be a mapping (reserved for a later release)' }).optional(),
  drift: z
    .strictObject({
      action: z.enum(DRIFT_SETTINGS, { error: (iss) => `unknown drift action ${JSON.stringify(iss.input)} (expected ${DRIFT_SETTINGS.join(', ')})` }),
    })
    .optional(),
});

export type ToolshedYaml = z.infer<typeof toolshedYamlSchema>;
export type WantedTrust = (typeof WANTED_TRUST_LEVELS)[number];

/** An owner as the governance API takes it (src/schemas/governance.ts ServerOwner). */
/** An owner as the governance API takes it: a person by verified email or by user id, or a group. */
export type OwnerInput = { kind: 'user'; email: string } | { kind: 'user'; id: string } | { kind: 'group'; name: string };

export function ownerOf(owner: ToolshedYaml['owners'][number]): OwnerInput {
  if (typeof owner === 'string') return { kind: 'user', email: owner };
  return 'user' in owner ? { kind: 'user', id: owner.user } : { kind: 'group', name: owner.group };
}
