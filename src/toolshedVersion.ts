import { readFileSync } from 'node:fs';

/** `/version`: the package version, and build facts from the environment when the build set them. */
export function toolshedVersion(): { version: string; git_commit: string; build_time: string } {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return {
    version: pkg.version,
    git_commit: process.env.TOOLSHED_GIT_COMMIT ?? 'unknown',
    build_time: process.env.TOOLSHED_BUILD_TIME ?? 'unknown',
  };
}
