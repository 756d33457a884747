export { INVENTORY_CHANNEL } from './inventoryChannel.js';
export { createPinsAndDrift, type PinsAndDrift, type PinsAndDriftOptions, type SnapshotFeed } from './createPinsAndDrift.js';
export { createCapabilityGuard, type ManagedCapabilityGuard, type ObservedList } from './createCapabilityGuard.js';
export { createDriftWatch, driftSeverity, MAX_OPEN_DRIFT_EVENTS, type DriftEvent, type DriftState, type DriftWatch, type PinStatus } from './createDriftWatch.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER } from '../outbound/index.js';
/** The inventory plane: probes, snapshots, health, and (from their own parts) pins, drift and the definition scan. */
export {
  createInventory,
  INVENTORY_DEFAULTS,
  type CapabilitiesView,
  type HealthView,
  type HostedProbes,
  type SharedValues,
  type Inventory,
  type InventoryOptions,
  type InventorySettings,
  type ProbeReport,
  type SnapshotEvent,
  type SnapshotListener,
} from './createInventory.js';
export { startProbeSchedule, type ProbeSchedule } from './probeSchedule.js';
export { createForegroundLoad, FOREGROUND_BUSY_REQUESTS, type ForegroundLoad } from './createForegroundLoad.js';
export { createProbeQueue, type ProbePacing, type ProbeQueue } from './probeQueue.js';
export { probeServer, type ProbeOptions } from './probeServer.js';
export { probeTargetOf, hasProbeableRemote, type ProbeTargetResult } from './probeTargetOf.js';
export { scanSnapshot } from './scanSnapshot.js';
export { snapshotOf, hashDefinition, itemsOf, itemKey, type SnapshotParts } from './snapshotOf.js';
export * from './snapshot.js';
export { diffSnapshots, instructionsChange } from './diffSnapshots.js';
