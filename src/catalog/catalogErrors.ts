/** The catalog's error codes and the official registry's exact sentences. */
import { ForbiddenError, InputError, NotFoundError, ValidationError, type ErrorDetail } from '../errors.js';

export const serverNotFound = () => new NotFoundError('CATALOG_SERVER_NOT_FOUND', 'Server not found');
export const versionNotFound = () => new NotFoundError('CATALOG_VERSION_NOT_FOUND', 'Server version not found');

export function publishFailed(message: string): InputError {
  return new InputError('CATALOG_PUBLISH_FAILED', 'Failed to publish server', [{ message }]);
}

export function editFailed(message: string): InputError {
  return new InputError('CATALOG_EDIT_FAILED', 'Failed to edit server', [{ message }]);
}

export function invalidSchema(verb: 'publish' | 'edit', errors: ErrorDetail[]): ValidationError {
  return new ValidationError('CATALOG_INVALID_SCHEMA', `Failed to ${verb} server, invalid schema: call /validate for details`, errors);
}

export function cannotPublish(patterns: string[], name: string): ForbiddenError {
  let detail = `You do not have permission to publish this server. You have permission to publish: ${patterns.join(', ')}. Attempting to publish: ${name}`;
  if (name.startsWith('io.github.')) {
    detail += '. If you are publishing under a GitHub organization namespace, make sure you are an owner of that organization.';
  }
  return new ForbiddenError('CATALOG_PUBLISH_FORBIDDEN', detail);
}

export function statusFailed(message: string): InputError {
  return new InputError('CATALOG_STATUS_FAILED', 'Failed to update server status', [{ message }]);
}
