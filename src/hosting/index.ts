export * from './hostingTypes.js';
export { createPackagePreparer, type PackagePreparerOptions } from './createPackagePreparer.js';
export type { PreparerLimits } from './preparerDeps.js';
export { preparerOptionsOf } from './preparerOptionsOf.js';
export { createReviewPackageCheck, type ReviewPackageCheck } from './createReviewPackageCheck.js';
export { createHostedInstances, HOSTED_DOMAIN, type HostedInstancesHandle, type HostedInstancesOptions, type HostingSettings } from './createHostedInstances.js';
export { createHostedDispatcher } from './createHostedDispatcher.js';
export { createHostingSettingsStore, DEFAULT_HOSTING, type HostingSettingsStore, type HostingSettingsStoreOptions, type HostingSettingsView } from './createHostingSettingsStore.js';
export { hostablePackage } from './hostablePackage.js';
