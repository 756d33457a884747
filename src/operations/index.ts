/** The operations plane: audit, metrics and sync tracking, fed by the other planes and never blocking them. */
export { applyConfiguredSources } from './applyConfiguredSources.js';
export { createGatewayAudit, type GatewayAudit, type GatewayAuditSettings } from './createGatewayAudit.js';
export { createMetrics, type Metrics } from './metrics.js';
export { trackSyncs, type TrackedFederation } from './trackSyncs.js';
export { createInventoryMetrics, type InventoryMetrics } from './inventoryMetrics.js';
export { createWebhookSender, renderDelivery, type WebhookDelivery, type WebhookEndpoint, type WebhookSender, type WebhookSenderOptions } from './createWebhookSender.js';
