/**
 * One validated configuration object. Sources, later ones winning: defaults, an
 * optional JSON or YAML file (TOOLSHED_CONFIG), then environment variables. Every
 * bad value is reported at start-up with the variable's name and what to fix.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** A whole number in a range, with one message that says what to fix. */
const intIn = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const port = intIn(0, 65535);
/** A list: an array in the config file, or comma-separated in the environment. */
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(item));
const bool = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  return v;
}, z.boolean({ error: 'must be true or false' }));

export const configSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(8080),
    dataDir: z.string().min(1).default('./data'),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL (leave unset for the embedded SQLite database)')
      .optional(),
    databasePoolSize: intIn(1, 500).default(10),
    /** Bearer token with publish and edit rights on every name. Generated into the data dir when unset. */
    adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
    /** `Cache-Control: max-age` for registry GET responses, in seconds. */
    cacheMaxAge: intIn(0, 86_400).default(0),
    /** Size bound of the in-memory response cache, in MiB. */
    responseCacheMb: intIn(0, 4096).default(64),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    publicUrl: z.string().url().optional(),
    /** Hex 32-byte Ed25519 seed signing registry tokens; generated into the data dir when unset. */
    registryJwtKey: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (`openssl rand -hex 32`)').optional(),
    /** Previous signing keys, still accepted for tokens issued before a rotation. */
    registryJwtPreviousKeys: list(z.string().regex(/^[0-9a-fA-F]{64}$/, 'each key must be 64 hex characters')).default([]),
    registryTokenTtlSeconds: intIn(30, 86_400).default(300),
    /** `POST /auth/none`: anonymous publishing to io.modelcontextprotocol.anonymous/* (development only). */
    anonymousAuth: bool.default(false),
    /** Namespaces no token may be issued for (e.g. `com.competitor`). */
    blockedNamespaces: list(z.string().min(1)).default([]),
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
  registryJwtKey: 'TOOLSHED_REGISTRY_JWT_KEY',
  registryJwtPreviousKeys: 'TOOLSHED_REGISTRY_JWT_PREVIOUS_KEYS',
  registryTokenTtlSeconds: 'TOOLSHED_REGISTRY_TOKEN_TTL_SECONDS',
  anonymousAuth: 'TOOLSHED_ANONYMOUS_AUTH',
  blockedNamespaces: 'TOOLSHED_BLOCKED_NAMESPACES',
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
  const file = env.TOOLSHED_CONFIG ? resolve(env.TOOLSHED_CONFIG) : undefined;
  const fromFile = file ? readFile(file) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = configSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!result.success) {
    // Name where the bad value came from: the variable, or the key in the file.
    const origin = (key: string): string => {
      if (key in overrides) return key;
      if (key in fromEnv) return `${ENV_NAMES[key as keyof Config]} (${key})`;
      if (file && key in fromFile) return `TOOLSHED_CONFIG ${file}: ${key}${key in ENV_NAMES ? ` (${ENV_NAMES[key as keyof Config]})` : ''}`;
      return key in ENV_NAMES ? `${ENV_NAMES[key as keyof Config]} (${key})` : key || 'config';
    };
    const lines = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const where = file ? `TOOLSHED_CONFIG ${file}` : 'config';
        return `  ${where}: unknown setting(s) ${issue.keys.join(', ')} (known: ${Object.keys(ENV_NAMES).join(', ')})`;
      }
      return `  ${origin(String(issue.path[0] ?? ''))}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
