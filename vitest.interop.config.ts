import { defineConfig } from 'vitest/config';

// Interop scenarios drive real clients (Java, ali-ons) against Orbit and Apache RocketMQ; they are slow and
// share JVMs, so they run one file at a time.
export default defineConfig({
  test: {
    include: ['interop/**/*.interop.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
