export {
  createCatalog,
  IMPORT_ACTOR,
  MAX_VERSIONS_PER_SERVER,
  type Catalog,
  type CatalogOptions,
  type ImportOutcome,
  type ListQuery,
  type OwnershipVerifier,
  type StatusChange,
  type ModeratedChange,
  type ReviewScope,
  APPROVED_ONLY,
  EVERY_REVIEW_STATE,
  APPROVED_AND_BLOCKED,
} from './createCatalog.js';
export { reviewScopeOf } from './reviewScopeOf.js';
export { OFFICIAL_META_KEY, PROVENANCE_META_KEY, officialMeta, renderServerResponse } from './renderServerResponse.js';
export { anonymousCatalogView, catalogViewFor, type CatalogView } from './catalogView.js';
export { strongEtag, type RenderedResponse } from './responseCache.js';
export * from './validation/index.js';
export { pickLatestVersion } from './pickLatestVersion.js';
export { documentFacets, type DocumentFacets } from './documentFacets.js';
export { createOwnershipVerifier, type OwnershipVerifierSettings } from './ownership/index.js';
export { curatedTrustOf, effectiveTrust, governanceMeta, ownersOf, renderGovernanceMeta, type GovernanceMeta } from './governanceMeta.js';
