/**
 * Which versions a caller sees under review (issue #21): those who may approve see
 * every version; a signed-in caller sees approved versions and their own pending
 * ones (by the registry subject they publish as); anonymous callers see approved ones.
 */
import type { Caller } from '../access/index.js';
import { APPROVED_ONLY, EVERY_REVIEW_STATE, type ReviewScope } from './createCatalog.js';

export function reviewScopeOf(caller: Caller | null | undefined): ReviewScope {
  if (!caller) return APPROVED_ONLY;
  if (caller.permissions.has('catalog.approve')) return EVERY_REVIEW_STATE;
  return { all: false, subject: caller.registry.subject };
}
