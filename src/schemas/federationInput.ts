/**
 * What an administrator may send to configure sources and curation, checked once
 * here so the API, the CLI and the config file share one set of rules and messages.
 */
import { z } from 'zod';
import type { ErrorCodeOf } from '../errorCodes.js';
import { InputError } from '../errors.js';
import { sourceFilterSchema } from './sourceFilterSchema.js';

/** Also the value of the list API's `source` filter; `local` names locally published servers. */
export const SOURCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SERVER_NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

const sourceFields = {
  baseUrl: z.string().min(1).max(2048),
  authHeader: z
    .string()
    .min(1)
    .max(8192)
    .regex(/^[^\r\n\0]*$/, { error: 'must be one line' })
    .nullable()
    .optional(),
  intervalSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .optional(),
  filter: sourceFilterSchema.optional(),
  precedence: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  enabled: z.boolean().optional(),
};

export const sourceInputSchema = z
  .object({
    name: z
      .string()
      .regex(SOURCE_NAME, { error: 'must be 1-63 lowercase letters, digits and dashes, starting with a letter or digit' })
      .refine((n) => n !== 'local', { error: '`local` is reserved for locally published servers' }),
    ...sourceFields,
  })
  .strict();

export const sourcePatchSchema = z.object(sourceFields).partial().strict();

export const curationInputSchema = z
  .object({
    source: z.string().min(1).max(63),
    name: z
      .string()
      .max(200)
      .refine((n) => n === '*' || SERVER_NAME.test(n), { error: 'must be a server name (namespace/name) or * for the whole source' }),
    decision: z.enum(['allow', 'deny']).nullable().optional(),
    pinnedVersion: z.string().min(1).max(255).nullable().optional(),
    hiddenVersions: z.array(z.string().min(1).max(255)).max(10_000).optional(),
    trust: z.string().min(1).max(64).nullable().optional(),
    tags: z.array(z.string().min(1).max(64)).max(64).optional(),
    notes: z.string().max(4096).nullable().optional(),
  })
  .strict();

/** Parses or throws an InputError listing every problem with its location. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, value: unknown, code: ErrorCodeOf<400>, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({
    message: i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message,
    location: i.path.length ? i.path.join('.') : 'body',
  }));
  throw new InputError(code, `Invalid ${what}: ${errors.map((e) => `${e.location}: ${e.message}`).join('; ')}`, errors);
}
