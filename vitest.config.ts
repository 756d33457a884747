import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test files wait on sockets, child processes and browsers rather than on the CPU, so
    // they run several at a time even on two cores (each has its own data dir, PostgreSQL
    // database and Redis key prefix). Vitest's default would be one worker on such a machine.
    maxWorkers: Math.max(3, availableParallelism()),
  },
});
