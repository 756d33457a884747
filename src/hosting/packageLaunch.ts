/**
 * What a package's server.json entry adds to its prepared command: the
 * `runtimeArguments` and `packageArguments` with fixed values, and the
 * `environmentVariables` filled from the request's values (else their fixed
 * value or default). A secret never goes on the command line: an argument that
 * needs one, or any `{placeholder}`, is refused with a reason instead.
 */
import type { Package } from '../catalog/index.js';

type Arg = NonNullable<Package['runtimeArguments']>[number];

export type Launch = { ok: true; argv: string[]; env: Record<string, string>; secrets: string[] } | { ok: false; reason: string };

const PLACEHOLDER = /[{}]/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The dynamic loader's variables: defence in depth (no host-side process gets the server's environment at all, sandboxCommand.ts). */
const LOADER_NAME = /^(LD_|GCONV_PATH$)/;

function argvOf(args: readonly Arg[] | undefined, out: string[]): string | undefined {
  for (const arg of args ?? []) {
    const value = arg.value ?? arg.default;
    if (arg.isSecret || (value !== undefined && PLACEHOLDER.test(value))) return `argument ${arg.name ?? arg.valueHint ?? '(positional)'} needs a value Toolshed does not put on a command line`;
    if (arg.type === 'named') {
      if (typeof arg.name !== 'string') return 'a named argument has no name';
      out.push(arg.name);
      if (value !== undefined) out.push(value);
    } else if (value !== undefined) out.push(value);
    else if (arg.isRequired) return `argument ${arg.valueHint ?? '(positional)'} has no value`;
  }
  return undefined;
}

export function packageLaunch(pkg: Package, command: readonly string[], values: ReadonlyMap<string, string>): Launch {
  const argv = [...command];
  const problem = argvOf(pkg.runtimeArguments, argv) ?? argvOf(pkg.packageArguments, argv);
  if (problem) return { ok: false, reason: problem };
  const env: Record<string, string> = {};
  const secrets: string[] = [];
  const missing: string[] = [];
  for (const variable of pkg.environmentVariables ?? []) {
    if (!ENV_NAME.test(variable.name))
      return { ok: false, reason: `environment variable ${JSON.stringify(variable.name.slice(0, 80))} is not a name a process can be given (letters, digits and _, not starting with a digit)` };
    if (LOADER_NAME.test(variable.name)) return { ok: false, reason: `environment variable ${variable.name} steers the dynamic loader; Toolshed does not set it for a hosted server` };
    const given = values.get(variable.name);
    const fixed = variable.value ?? variable.default;
    const value = given ?? (fixed !== undefined && !PLACEHOLDER.test(fixed) ? fixed : undefined);
    if (value === undefined) {
      if (variable.isRequired) missing.push(variable.name);
      continue;
    }
    env[variable.name] = value;
    if (given !== undefined || variable.isSecret) secrets.push(value);
  }
  if (missing.length)
    return {
      ok: false,
      reason: `the package needs values for ${missing.join(', ')}; set them as secrets of the server (PUT /api/me/servers/{name}/secrets/{secretName}, or shared by an administrator)`,
    };
  return { ok: true, argv, env, secrets };
}
