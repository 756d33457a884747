/**
 * `accessRulesFile`: the rules kept in git, applied at start-up. The file
 * replaces the stored set (recorded in the change log as actor `config`); an
 * unchanged file writes nothing. A file that cannot be read or holds invalid
 * rules stops start-up with every problem listed, like a configuration error.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';
import { ToolshedError } from '../errors.js';
import type { ManagedAccessPolicy, ReplaceResult } from './createAccessPolicy.js';
import { parseRulesDocument } from './rulesDocument.js';

export const CONFIG_ACTOR = 'config';

export async function applyAccessRulesFile(policy: ManagedAccessPolicy, path: string): Promise<ReplaceResult> {
  const where = `TOOLSHED_ACCESS_RULES_FILE (${path})`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${where}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return await policy.replaceAll(parseRulesDocument(text, 'the file'), { actor: CONFIG_ACTOR });
  } catch (err) {
    if (!(err instanceof ToolshedError) || err.status >= 500) throw err;
    const problems = (err.errors ?? []).map((e) => `\n  - ${e.message}`).join('');
    throw new ConfigError(`${where}: ${err.message}${problems}`);
  }
}
