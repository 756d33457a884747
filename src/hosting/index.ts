export * from './hostingTypes.js';
export { createPackagePreparer, type PackagePreparerOptions } from './createPackagePreparer.js';
export type { PreparerLimits } from './preparerDeps.js';
