/**
 * Registry types whose runtime this machine lacks, or that Toolshed does not host,
 * each a named failure a person can act on. PyPI runs through `uvx` and OCI images
 * through a container runtime; neither is built yet past this check (see
 * docs/hosting.md, "Preparation"), so where the runtime exists the answer is
 * `unsupported` rather than a half-built preparation. A container runtime is never
 * guessed from what happens to be installed: it is configured, or there is none.
 */
import type { Package } from '../catalog/index.js';
import { PrepareError } from './prepareFailure.js';
import { findTool } from './runTool.js';

export function refuseUnhosted(pkg: Package, containerRuntime: string | undefined, find: (name: string) => string | undefined = findTool): never {
  switch (pkg.registryType) {
    case 'pypi':
      if (!find('uvx') && !find('uv')) {
        throw new PrepareError(
          'runtime-missing',
          `PyPI packages run through uv, which is not installed on this machine: install it (https://docs.astral.sh/uv/getting-started/installation/, e.g. pipx install uv) so that uvx is on /usr/local/bin or /usr/bin, then prepare ${pkg.identifier} again`,
        );
      }
      throw new PrepareError('unsupported', 'uv is installed, but hosting PyPI packages through it is not built yet');
    case 'oci':
      if (!containerRuntime) {
        throw new PrepareError(
          'runtime-missing',
          `OCI images need a container runtime and none is configured for hosting (TOOLSHED_PACKAGE_CONTAINER_RUNTIME, e.g. podman), so ${pkg.identifier} cannot be hosted here`,
        );
      }
      throw new PrepareError('unsupported', `a container runtime is configured (${containerRuntime}), but hosting OCI images through it is not built yet`);
    case 'nuget':
    case 'cargo':
      throw new PrepareError('unsupported', `${pkg.registryType} packages are listed in the catalog but never hosted: Toolshed runs npm, PyPI, MCPB and OCI packages`);
    default:
      throw new PrepareError('unsupported', `registry type ${String(pkg.registryType).slice(0, 50)} is not hosted`);
  }
}
