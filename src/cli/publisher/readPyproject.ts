/**
 * The string keys of a pyproject.toml `[project]` table (name, description,
 * version), which is all `init` needs, read with a real TOML parser so every
 * spelling TOML allows (dotted keys, escapes, multi-line strings) reads as Python's
 * tools read it. Invalid TOML throws smol-toml's `TomlError`, naming the line.
 */
import { parse } from 'smol-toml';

export function readPyprojectProject(toml: string): Record<string, string> {
  const project = parse(toml).project;
  if (!project || typeof project !== 'object' || Array.isArray(project) || project instanceof Date) return {};
  return Object.fromEntries(Object.entries(project).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
