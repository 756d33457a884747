export * from './federationTypes.js';
export { createFederation, type FederationEngine, type FederationOptions } from './createFederation.js';
export { createSecretBox, loadSecretKey, type SecretBox } from '../secretBox.js';
export { sourceFilterSchema, filterAdmits, type SourceFilter } from './sourceFilter.js';
export { sourceInputSchema, sourcePatchSchema, curationInputSchema, SOURCE_NAME } from '../schemas/federationInput.js';
export { DEFAULT_RETRY, type RetryPolicy } from './fetchUpstreamPage.js';
export type { SyncTuning } from './syncSource.js';
export { startSyncScheduler } from './syncScheduler.js';
