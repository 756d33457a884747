/**
 * What `init` reads from a project: the [project] strings of a pyproject.toml
 * (past arrays, inline tables, comments, other tables and multi-line strings, with
 * dotted keys, and refusing what is not TOML),
 * git remotes turned into the https repository URL the registry accepts (and
 * nothing for other hosts), and where the token file lives.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryFromRemote } from './gitRepository.js';
import { readPyprojectProject } from './readPyproject.js';
import { tokenFilePath } from './tokenStore.js';

describe('readPyprojectProject', () => {
  it('reads name, description and version of [project] only', () => {
    const toml = [
      '[tool.poetry]',
      'name = "poetry-name"',
      '[project]',
      'name = "weather-mcp"  # the PyPI name',
      'authors = [{ name = "A", email = "a@example.com" }]',
      'dependencies = [',
      '  "mcp[cli]>=1.2",  # [not a table]',
      '  "httpx",',
      ']',
      'description = """',
      'Weather \\"now\\"\\u0021"""',
      "version = '1.2.3'",
      '[[project.authors-extra]]',
      'version = "9.9.9"',
      '[project.urls]',
      'name = "nope"',
    ].join('\n');
    expect(readPyprojectProject(toml)).toEqual({ name: 'weather-mcp', description: 'Weather "now"!', version: '1.2.3' });
  });

  it('reads what TOML allows beyond plain tables: dotted keys, quoted keys and escapes', () => {
    const toml = ['project.name = "dotted-mcp"', 'project."version" = "2.0.0"', 'project.description = "tab\\there"'].join('\n');
    expect(readPyprojectProject(toml)).toEqual({ name: 'dotted-mcp', version: '2.0.0', description: 'tab\there' });
  });

  it('refuses a file that is not TOML, showing the line', () => {
    expect(() => readPyprojectProject('[project]\nname = "unterminated\n')).toThrow(/Invalid TOML document[\s\S]*2:  name = "unterminated/);
  });

  it('yields nothing without a [project] table', () => {
    expect(readPyprojectProject('[tool.x]\nname = "y"\n')).toEqual({});
  });
});

describe('repositoryFromRemote', () => {
  it.each([
    ['git@github.com:acme/widget.git', 'https://github.com/acme/widget', 'github'],
    ['ssh://git@github.com/acme/widget.git', 'https://github.com/acme/widget', 'github'],
    ['https://user:secret@www.github.com/acme/widget/', 'https://github.com/acme/widget', 'github'],
    ['https://gitlab.com/acme/widget.git', 'https://gitlab.com/acme/widget', 'gitlab'],
  ])('%s → %s', (remote, url, source) => {
    expect(repositoryFromRemote(remote)).toMatchObject({ url, source });
  });

  it.each(['git@bitbucket.org:acme/widget.git', 'https://gitlab.com/group/sub/widget.git', 'https://github.com/acme', '/srv/git/widget.git'])('leaves out %s', (remote) => {
    expect(repositoryFromRemote(remote)).toBeUndefined();
  });
});

describe('tokenFilePath', () => {
  it('uses XDG_CONFIG_HOME, else ~/.config', () => {
    expect(tokenFilePath({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe(join('/x', 'toolshed', 'token.json'));
    expect(tokenFilePath({ HOME: '/h' })).toBe(join('/h', '.config', 'toolshed', 'token.json'));
  });
});
