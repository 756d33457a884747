export * from './hostingTypes.js';
export { createHostedInstances, HOSTED_DOMAIN, type HostedInstancesHandle, type HostedInstancesOptions, type HostingSettings } from './createHostedInstances.js';
export { createHostedDispatcher } from './createHostedDispatcher.js';
