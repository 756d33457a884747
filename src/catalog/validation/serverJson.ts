/**
 * The server.json model as the official registry's API accepts it (pkg/api/v0 and
 * pkg/model Go structs). Types describe what `checkApiShape` guarantees, no more:
 * fields Huma does not constrain (argument and transport `type`, registry types)
 * stay `string` because unvalidated values can reach code that only ran the shape check.
 */

export const SCHEMA_VERSIONS = ['2025-07-09', '2025-09-16', '2025-09-29', '2025-10-11', '2025-10-17', '2025-12-11'] as const;

export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];

export const CURRENT_SCHEMA_VERSION: SchemaVersion = '2025-12-11';

export const CURRENT_SCHEMA_URL = `https://static.modelcontextprotocol.io/schemas/${CURRENT_SCHEMA_VERSION}/server.schema.json`;

export const PUBLISHER_PROVIDED_META_KEY = 'io.modelcontextprotocol.registry/publisher-provided';

export type InputFormat = 'string' | 'number' | 'boolean' | 'filepath';

export interface Input {
  description?: string;
  isRequired?: boolean;
  format?: InputFormat;
  /** `{curly}` placeholders are substituted from `variables`. */
  value?: string;
  isSecret?: boolean;
  default?: string;
  placeholder?: string;
  choices?: string[];
}

export interface InputWithVariables extends Input {
  variables?: Record<string, Input>;
}

/** An environment variable or an HTTP header. */
export interface KeyValueInput extends InputWithVariables {
  name: string;
}

export interface Argument extends InputWithVariables {
  /** `positional` or `named` per the JSON Schema; the API shape check does not enforce it. */
  type: string;
  /** The flag including its dashes; named arguments only. */
  name?: string;
  valueHint?: string;
  isRepeated?: boolean;
}

export interface Transport {
  /** `stdio`, `streamable-http` or `sse`; enforced by the semantic rules, not the shape check. */
  type: string;
  url?: string;
  headers?: KeyValueInput[];
  /** URL template variables (remotes). */
  variables?: Record<string, Input>;
}

export type Remote = Transport;

export interface Package {
  /** npm, pypi, nuget, oci, mcpb or cargo; enforced by the semantic rules. */
  registryType: string;
  registryBaseUrl?: string;
  identifier: string;
  version?: string;
  fileSha256?: string;
  runtimeHint?: string;
  transport: Transport;
  runtimeArguments?: Argument[];
  packageArguments?: Argument[];
  environmentVariables?: KeyValueInput[];
}

export type IconMimeType = 'image/png' | 'image/jpeg' | 'image/jpg' | 'image/svg+xml' | 'image/webp';

export interface Icon {
  src: string;
  mimeType?: IconMimeType;
  /** `WxH` or `any`. */
  sizes?: string[];
  theme?: 'light' | 'dark';
}

export interface Repository {
  url?: string;
  /** `github` or `gitlab` when set (semantic rule). */
  source?: string;
  /** The forge's id; stored, never validated. */
  id?: string;
  subfolder?: string;
}

export interface ServerJsonMeta {
  [PUBLISHER_PROVIDED_META_KEY]?: Record<string, unknown>;
}

export interface ServerJson {
  $schema: string;
  name: string;
  description: string;
  title?: string;
  repository?: Repository;
  version: string;
  websiteUrl?: string;
  icons?: Icon[];
  packages?: Package[];
  remotes?: Remote[];
  _meta?: ServerJsonMeta;
}
