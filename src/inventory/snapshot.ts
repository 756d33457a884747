/**
 * The inventory's vocabulary lives in src/schemas/capabilitySnapshot.ts so the
 * store (which imports no plane) can type the snapshots it keeps; the plane's
 * parts keep importing it from here.
 */
export * from '../schemas/capabilitySnapshot.js';
