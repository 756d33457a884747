/**
 * docs/configuration.md, rendered from the config schema (src/config.ts: its
 * keys and environment names) and the settings' descriptions
 * (src/schemas/settingDescriptions.ts). `npm run docs:config` writes it;
 * test/configurationDoc.test.ts fails when the page is not what this renders.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { configSchema, ENV_NAMES } from '../src/config.js';
import { SETTING_DESCRIPTIONS } from '../src/schemas/settingDescriptions.js';

export const CONFIG_DOC = new URL('../docs/configuration.md', import.meta.url);

const cell = (text: string) => text.replace(/(?<!\\)\|/g, '\\|');

/** Settings of the schema that have no description (the test fails on any). */
export function undescribedSettings(): string[] {
  return Object.keys(configSchema.shape).filter((key) => !(key in SETTING_DESCRIPTIONS));
}

export function renderConfigDoc(): string {
  const keys = Object.keys(SETTING_DESCRIPTIONS).filter((key) => key in configSchema.shape) as Array<keyof typeof SETTING_DESCRIPTIONS>;
  const rows = keys.map((key) => {
    const env = (ENV_NAMES as Record<string, string>)[key];
    const { default: byDefault, meaning } = SETTING_DESCRIPTIONS[key];
    return `| ${env ? `\`${env}\`` : '— (config file only)'} | \`${key}\` | ${cell(byDefault)} | ${cell(meaning)} |`;
  });
  return `<!-- Generated from src/config.ts and src/schemas/settingDescriptions.ts by \`npm run docs:config\`; do not edit by hand. -->
# Configuration

Environment variables, optionally preceded by a JSON or YAML file named by
\`TOOLSHED_CONFIG\` (its keys are the names in the second column; the environment wins).
Every value is validated at start-up; a bad one stops the server with a message naming
the variable and what to fix (exit code 2).

List settings are comma-separated in the environment (arrays in the file). An empty
value (\`TOOLSHED_VERIFY_PACKAGES=\`) or \`none\` is the empty list, not "unset": it turns
the default off. The lists that cannot work empty (the npm, PyPI and NuGet registry
URLs, \`TOOLSHED_OIDC_SCOPES\`, which must include \`openid\`) refuse such a value with the
reason instead of keeping the default. Any other setting set to an empty value keeps
its default.

| variable | key | default | meaning |
|---|---|---|---|
| \`TOOLSHED_CONFIG\` | — | unset | path of a \`.json\`, \`.yaml\` or \`.yml\` settings file |
${rows.join('\n')}
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(CONFIG_DOC, renderConfigDoc());
  console.log(`wrote ${CONFIG_DOC.pathname}`);
}
