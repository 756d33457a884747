export * from './hostingTypes.js';
export { createPackagePreparer, type PackagePreparerOptions } from './createPackagePreparer.js';
export type { PreparerLimits } from './preparerDeps.js';
export { preparerOptionsOf } from './preparerOptionsOf.js';
export { createReviewPackageCheck, type ReviewPackageCheck } from './createReviewPackageCheck.js';
