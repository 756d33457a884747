/**
 * `accessRulesFile` on every database: the file's rules replace the stored set at
 * start-up, recorded in the change log with actor `config`; starting again with
 * the same file writes nothing; a changed file is applied on the next start; a
 * file with invalid rules (or unreadable) stops start-up with every problem
 * listed and leaves the stored rules as they were. Groups named by sign-in
 * mappings count as known, so a rules file may name them before anyone signs in.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError, type Config } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';
import { ADMIN_TOKEN } from './support/testToolshed.js';

const GOOD = `# reviewed in git
rules:
  - id: eng-all
    description: engineers use every server
    effect: allow
    subject: { group: engineering }
    actions: [discover, connect, call]
    resource: { server: "*" }
  - id: no-prod-drop
    effect: deny
    subject: { everyone: true }
    actions: [call]
    resource: { server: com.example/*, tool: drop_table }
`;

describe.each(DATABASES)('access rules file on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: ScratchDatabase;
    let file: string;
    let config: Config;

    beforeAll(async () => {
      db = await scratchDatabase(kind);
      file = join(db.dataDir, 'access-rules.yaml');
      config = loadConfig(
        {},
        {
          dataDir: db.dataDir,
          ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
          adminToken: ADMIN_TOKEN,
          logLevel: 'silent',
          reviewDefault: 'approve',
          accessRulesFile: file,
          oidcGroupMappings: [{ claim: 'groups', equals: 'eng', group: 'engineering' }],
        },
      );
    });
    afterAll(async () => {
      await db?.drop();
    });

    const withToolshed = async <T>(work: (t: Awaited<ReturnType<typeof createToolshed>>) => Promise<T>): Promise<T> => {
      const t = await createToolshed(config);
      try {
        return await work(t);
      } finally {
        await t.close();
      }
    };
    const changeRows = (t: Awaited<ReturnType<typeof createToolshed>>) => t.store.db.selectFrom('access_changes').selectAll().orderBy('id').execute();

    it('applies the file at start-up, once, and again when it changes', async () => {
      writeFileSync(file, GOOD);
      await withToolshed(async (t) => {
        expect(t.accessPolicy.rules.map((r) => r.id)).toEqual(['eng-all', 'no-prod-drop']);
        expect(t.accessPolicy.decide({ id: 'u', groups: ['engineering'] }, 'call', { server: 'com.example/db', tool: 'drop_table' }).allowed).toBe(false);
        expect(t.accessPolicy.decide({ id: 'u', groups: ['engineering'] }, 'call', { server: 'com.example/db', tool: 'select' }).allowed).toBe(true);
        const rows = await changeRows(t);
        expect(rows.map((r) => [r.actor, r.action, r.target])).toEqual([
          ['config', 'import', 'eng-all'],
          ['config', 'import', 'no-prod-drop'],
        ]);
      });
      await withToolshed(async (t) => {
        expect(await changeRows(t)).toHaveLength(2);
        expect(t.accessPolicy.rules).toHaveLength(2);
      });
      writeFileSync(file, GOOD.replace('drop_table', 'truncate'));
      await withToolshed(async (t) => {
        const rows = await changeRows(t);
        expect(rows).toHaveLength(3);
        expect(rows[2]).toMatchObject({ actor: 'config', action: 'import', target: 'no-prod-drop' });
        expect(JSON.parse(rows[2]!.old_value!).rule.resource.tool).toBe('drop_table');
      });
    });

    it('refuses to start with a bad file, listing every problem, and keeps the stored rules', async () => {
      writeFileSync(
        file,
        GOOD.replace('group: engineering', 'group: nobody-knows').replace('com.example/*', 'com.*.example') +
          '  - { id: eng-all, effect: allow, subject: { everyone: true }, actions: [discover], resource: { server: "*" } }\n' +
          '  - { id: odd, effect: maybe, subject: { everyone: true }, actions: [discover], resource: { server: "*" } }\n',
      );
      const err = await createToolshed(config).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain('TOOLSHED_ACCESS_RULES_FILE');
      expect(message).toContain('unknown group "nobody-knows"');
      expect(message).toContain('invalid server pattern "com.*.example"');
      expect(message).toContain('unknown effect "maybe"');
      expect(message).toContain('duplicate id');

      writeFileSync(file, 'rules: {');
      await expect(createToolshed(config)).rejects.toThrow(/not valid YAML/);

      // A start without the file shows the last good rules still in force.
      const t = await createToolshed({ ...config, accessRulesFile: undefined });
      try {
        expect(t.accessPolicy.rules.find((r) => r.id === 'no-prod-drop')?.resource).toEqual({ server: 'com.example/*', tool: 'truncate' });
      } finally {
        await t.close();
      }
    });
  });
});
