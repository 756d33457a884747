/**
 * The configuration a person must supply to run a server, gathered from its
 * server.json: environment variables and arguments of each package, headers of each
 * package transport and remote, and remote URL variables, each with whether it is
 * required and whether it is a secret. Pure; unit-tested beside this file.
 */
import type { Argument, Input, ServerJson } from '../api/catalogTypes.js';

export type SettingKind = 'environment variable' | 'header' | 'argument' | 'URL variable';

export interface Setting {
  kind: SettingKind;
  name: string;
  description?: string;
  required: boolean;
  secret: boolean;
  /** A fixed or default value a person does not have to choose. */
  value?: string;
  choices?: string[];
  format?: string;
}

export interface SettingGroup {
  /** "npm @acme/weather", "streamable-http https://…". */
  label: string;
  settings: Setting[];
}

function setting(kind: SettingKind, name: string, input: Input): Setting {
  const value = input.value ?? input.default;
  return {
    kind,
    name,
    ...(input.description ? { description: input.description } : {}),
    required: input.isRequired === true,
    secret: input.isSecret === true,
    ...(value !== undefined && value !== '' ? { value } : {}),
    ...(input.choices?.length ? { choices: input.choices } : {}),
    ...(input.format && input.format !== 'string' ? { format: input.format } : {}),
  };
}

function argumentName(arg: Argument): string {
  if (arg.type === 'named' && arg.name) return arg.name;
  return arg.valueHint ?? arg.name ?? 'argument';
}

/** Arguments with a fixed value and nothing to choose are part of the command, not configuration. */
function needsInput(arg: Argument): boolean {
  return arg.value === undefined || arg.isRequired === true || arg.isSecret === true;
}

export function configurationOf(server: ServerJson): SettingGroup[] {
  const groups: SettingGroup[] = [];
  for (const pkg of server.packages ?? []) {
    const settings: Setting[] = [];
    for (const env of pkg.environmentVariables ?? []) if (env?.name) settings.push(setting('environment variable', env.name, env));
    for (const arg of [...(pkg.runtimeArguments ?? []), ...(pkg.packageArguments ?? [])]) {
      if (arg && needsInput(arg)) settings.push(setting('argument', argumentName(arg), arg));
    }
    for (const header of pkg.transport?.headers ?? []) if (header?.name) settings.push(setting('header', header.name, header));
    groups.push({ label: `${pkg.registryType} ${pkg.identifier}${pkg.version ? `@${pkg.version}` : ''}`, settings });
  }
  for (const remote of server.remotes ?? []) {
    const settings: Setting[] = [];
    for (const header of remote.headers ?? []) if (header?.name) settings.push(setting('header', header.name, header));
    for (const [name, variable] of Object.entries(remote.variables ?? {})) settings.push(setting('URL variable', name, variable));
    groups.push({ label: `${remote.type} ${remote.url}`, settings });
  }
  return groups;
}
