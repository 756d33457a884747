/**
 * Which versions a caller sees under review (issue #21): those who may approve see
 * every version; a signed-in caller sees approved versions and their own pending
 * ones (by the registry subject they publish as); anonymous callers see approved ones.
 * Blocked servers (a moderator's block, trust `blocked`) are seen only by those who
 * may approve or moderate (`catalog.moderate`): for everyone else they read as missing.
 */
import type { Caller } from '../access/index.js';
import { APPROVED_ONLY, EVERY_REVIEW_STATE, type ReviewScope } from './createCatalog.js';

export function reviewScopeOf(caller: Caller | null | undefined): ReviewScope {
  if (!caller) return APPROVED_ONLY;
  if (caller.permissions.has('catalog.approve')) return EVERY_REVIEW_STATE;
  return { all: false, subject: caller.registry.subject, ...(caller.permissions.has('catalog.moderate') ? { blocked: true } : {}) };
}
