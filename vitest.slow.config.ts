import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { SLOW_TESTS } from './vitest.config.js'

/**
 * The opt-in slow suite: tests whose subject is a wait the action cannot be
 * told to shorten (a minute or more of real time). `npm test` leaves them out
 * to stay fast; `npm run test:slow` runs them, and `.ci/run` runs both.
 */
export default defineConfig({
  test: {
    include: [SLOW_TESTS],
    pool: 'forks',
    maxWorkers: Math.max(4, availableParallelism() + 2),
    globalSetup: ['test/setup/scratch.ts', 'test/setup/bundle.ts', 'test/setup/keys.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/slow-results.json' }]]
  }
})
