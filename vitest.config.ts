import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/** Files of the opt-in slow suite (`npm run test:slow`, also run by `.ci/run`): see vitest.slow.config.ts. */
export const SLOW_TESTS = 'test/**/*.slow.test.ts'

/** Tests of modules in this process: no action is spawned, no emulator started, nothing in them waits. */
const UNIT_TESTS = 'test/unit/**/*.test.ts'

export default defineConfig({
  test: {
    pool: 'forks',
    // The end-to-end files spend most of their time waiting on the action they run, so more
    // of them run at once than there are cores (vitest's default is one fewer than the cores).
    maxWorkers: Math.max(4, availableParallelism() + 2),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/results.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [UNIT_TESTS],
          // One process for many files: starting one per file cost more than most files' tests.
          isolate: false
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', UNIT_TESTS, SLOW_TESTS],
          // src/ bundled once, for the end-to-end tests to run.
          globalSetup: ['test/setup/bundle.ts']
        }
      }
    ]
  }
})
