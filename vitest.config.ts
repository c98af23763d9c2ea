import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/** Files of the opt-in slow suite (`npm run test:slow`, also run by `.ci/run`): see vitest.slow.config.ts. */
export const SLOW_TESTS = 'test/**/*.slow.test.ts'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', SLOW_TESTS],
    pool: 'forks',
    // The end-to-end files spend most of their time waiting on the action they run, so more
    // of them run at once than there are cores (vitest's default is one fewer than the cores).
    maxWorkers: Math.max(4, availableParallelism() + 2),
    // src/ bundled once, for the end-to-end tests to run.
    globalSetup: ['test/setup/bundle.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/results.json' }]]
  }
})
