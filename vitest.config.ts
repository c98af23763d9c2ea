import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { EndToEndFirstSequencer } from './test/setup/sequencer.js'

/** Files of the opt-in slow suite (`npm run test:slow`, also run by `.ci/run`): see vitest.slow.config.ts. */
export const SLOW_TESTS = 'test/**/*.slow.test.ts'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', SLOW_TESTS],
    pool: 'forks',
    // Unit tests (test/unit/) and end-to-end tests in one project, so that a worker process runs file after file of
    // both (vitest keeps a worker only for a next file of the same project). More workers than cores: an end-to-end
    // file spends much of its time waiting on the action it runs, while the others use the cores.
    maxWorkers: Math.max(8, availableParallelism() + 6),
    // Files share a worker process: no test keeps global state, and each end-to-end file starts its own emulator.
    isolate: false,
    // The long end-to-end files first, the unit tests after them (see the sequencer).
    sequence: { sequencer: EndToEndFirstSequencer },
    // One scratch folder as every worker's TMPDIR, removed at the end; src/ bundled once, for the end-to-end tests to
    // run; RSA keys made once, for the emulators' certificates.
    globalSetup: ['test/setup/scratch.ts', 'test/setup/bundle.ts', 'test/setup/keys.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/results.json' }]]
  }
})
