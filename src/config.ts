/**
 * One validated configuration object. Sources, later ones winning: defaults, an
 * optional JSON or YAML file (TOOLSHED_CONFIG), then environment variables. Every
 * bad value is reported at start-up with the variable's name and what to fix.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(8080),
    dataDir: z.string().min(1).default('./data'),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL (leave unset for the embedded SQLite database)')
      .optional(),
    databasePoolSize: z.coerce.number().int().min(1).max(500).default(10),
    /** Bearer token with publish and edit rights on every name. Generated into the data dir when unset. */
    adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
    /** `Cache-Control: max-age` for registry GET responses, in seconds. */
    cacheMaxAge: z.coerce.number().int().min(0).max(86_400).default(0),
    /** Size bound of the in-memory response cache, in MiB. */
    responseCacheMb: z.coerce.number().int().min(0).max(4096).default(64),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    publicUrl: z.string().url().optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

/** Environment variable for each key, as documented in the README. */
export const ENV_NAMES: Record<keyof Config, string> = {
  host: 'TOOLSHED_HOST',
  port: 'TOOLSHED_PORT',
  dataDir: 'TOOLSHED_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  databasePoolSize: 'TOOLSHED_DATABASE_POOL_SIZE',
  adminToken: 'TOOLSHED_ADMIN_TOKEN',
  cacheMaxAge: 'TOOLSHED_CACHE_MAX_AGE',
  responseCacheMb: 'TOOLSHED_RESPONSE_CACHE_MB',
  logLevel: 'TOOLSHED_LOG_LEVEL',
  publicUrl: 'TOOLSHED_PUBLIC_URL',
};

export class ConfigError extends Error {}

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`TOOLSHED_CONFIG: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`TOOLSHED_CONFIG: ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`TOOLSHED_CONFIG: ${path} must hold an object of settings`);
  }
  return parsed as Record<string, unknown>;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const fromFile = env.TOOLSHED_CONFIG ? readFile(resolve(env.TOOLSHED_CONFIG)) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = configSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const where = key in ENV_NAMES ? `${ENV_NAMES[key as keyof Config]} (${key})` : key || 'config';
      const message = issue.code === 'unrecognized_keys' ? `unknown setting(s) ${issue.keys.join(', ')}` : issue.message;
      return `  ${where}: ${message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
