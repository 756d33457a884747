export { createPinsAndDrift, localSnapshotFeed, type PinsAndDrift, type PinsAndDriftOptions, type SnapshotFeed } from './createPinsAndDrift.js';
export { createCapabilityGuard, type ManagedCapabilityGuard, type ObservedList } from './createCapabilityGuard.js';
export { createDriftWatch, driftSeverity, type DriftEvent, type DriftWatch, type PinStatus, type SnapshotEvent } from './createDriftWatch.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER } from './signWebhook.js';
export { DRIFT_ACTIONS, type DriftAction } from './snapshot.js';
