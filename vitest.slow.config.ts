import { defineConfig } from 'vitest/config'
import base, { SLOW_TESTS } from './vitest.config.js'

/**
 * The opt-in slow suite: tests whose subject is a wait the action cannot be
 * told to shorten (a minute or more of real time). `npm test` leaves them out
 * to stay fast; `npm run test:slow` runs them, and `.ci/run` runs both.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [SLOW_TESTS],
    exclude: ['**/node_modules/**'],
    reporters: ['default', ['json', { outputFile: 'test-results/slow-results.json' }]]
  }
})
