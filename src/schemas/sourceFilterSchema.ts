/**
 * Which upstream servers a source mirrors. Every list is optional; an empty or
 * absent list does not restrict. Name patterns use the registry's wildcard rule
 * (`*`, or a prefix ending in `*`).
 */
import { z } from 'zod';

export const sourceFilterSchema = z
  .object({
    names: z.array(z.string().min(1).max(256)).max(1000).optional(),
    namespaces: z.array(z.string().min(1).max(256)).max(1000).optional(),
    packageTypes: z.array(z.string().min(1).max(64)).max(32).optional(),
    statuses: z
      .array(z.enum(['active', 'deprecated', 'deleted']))
      .max(3)
      .optional(),
  })
  .strict();

export type SourceFilter = z.infer<typeof sourceFilterSchema>;
