export * from './hostingTypes.js';
