export { createAddressPolicy, type AddressPolicy, type AddressPolicyOptions } from './addressPolicy.js';
export { createOutbound, OutboundError, type FetchOptions, type Outbound, type OutboundOptions, type OutboundResponse } from './createOutbound.js';
export { createGuardedLookup } from './guardedLookup.js';
export { loadCaBundle } from './loadCaBundle.js';
export { tlsFailure } from './tlsFailure.js';
export { createInternalRemotes, parseInternalRemote, type InternalRemotes } from './internalRemotes.js';
export { memoizeUrlCheck } from './memoizeUrlCheck.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS } from './signWebhook.js';
export { WEBHOOK_MAX_ATTEMPTS, webhookRetryDelayMs } from './webhookBackoff.js';
