import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type Fault, type LoggedRequest } from '../emulator/emulator.js'
import { runScripted, type ActionRun } from './harness.js'

/*
 * failure-limit, consecutive-successes and error-limit, as the bundle applies
 * them: the emulator scripts the counts (`Series`) and, query by query, the
 * failures (a fault without a status passes the normal answer through).
 */

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

/**
 * Runs the action over a scripted series of counts, with `faults` queued for its queries, and returns its query
 * requests.
 */
async function run(
  inputs: Record<string, string>,
  series: number[],
  faults: Fault[] = []
): Promise<ActionRun & { queries: LoggedRequest[] }> {
  const result = await runScripted(emulator, inputs, { series, faults })
  return { ...result, queries: result.requests.filter(r => r.route === 'query') }
}

/** The action's line for each sample, without its time and value. */
function sampleLines(result: ActionRun): string[] {
  return result.stdout
    .split('\n')
    .filter(line => line.startsWith('Sample '))
    .map(line => line.replace(/ at \d\d:\d\d:\d\d UTC/, '').replace(/, value \S+/, ''))
}

// One query a sample (split: off); a sample's counting query under split: auto is in watch.test.ts.
const GATE = { query: 'Series', timespan: 'PT1H', 'max-count': '5', interval: '1s', split: 'off' }
/** The normal answer. */
const answer: Fault = { route: 'query' }
/** A query that fails at once (no retries with max-retries: 0). */
const busy: Fault = {
  route: 'query',
  status: 500,
  body: { error: { code: 'InternalServerError', message: 'the service is busy' } }
}

describe('failure-limit', () => {
  it('survives one failed sample and fails the watch on the second', async () => {
    const result = await run({ ...GATE, watch: '4s', 'failure-limit': '1' }, [1, 9, 1, 8, 1])
    expect(result.exitCode).toBe(1)
    expect(result.queries).toHaveLength(4)
    expect(result.outputs).toMatchObject({ count: '8', samples: '4', verdict: 'fail' })
    expect(sampleLines(result)).toEqual([
      'Sample 1: count 1 → pass: count 1 ≤ max-count 5',
      'Sample 2: count 9 → fail: count 9 > max-count 5 (failure 1, within failure-limit 1)',
      'Sample 3: count 1 → pass: count 1 ≤ max-count 5',
      'Sample 4: count 8 → fail: count 8 > max-count 5 (failure 2, over failure-limit 1)'
    ])
    expect(result.errors).toContain(
      'Gate failed: count 8 > max-count 5 (2 samples failed (failure-limit 1), the last on sample 4, 3 s into the 4 s watch)'
    )
    expect(result.summary).toMatch(/\| 2 \| \d\d:\d\d:\d\d \| 9 \| ❌ fail \|/)
  })

  it('passes a watch that stayed within it with a warning', async () => {
    const result = await run({ ...GATE, watch: '2s', 'failure-limit': '1' }, [1, 9, 1])
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ count: '1', samples: '3', verdict: 'warn' })
    expect(result.stdout).toContain(
      '::warning title=count 9 > max-count 5::The Log Analytics gate passed with a warning: count 9 > max-count 5 (1 of 3 samples in the 2 s watch failed (failure-limit 1)).'
    )
    expect(result.errors).toEqual([])
  })
})

describe('consecutive-successes', () => {
  it('waits for three passing samples in a row, starting again after a failure', async () => {
    const result = await run({ ...GATE, 'wait-until': '5s', 'consecutive-successes': '3' }, [1, 9, 1, 2, 1, 9])
    expect(result.exitCode).toBe(0)
    expect(result.queries).toHaveLength(5)
    expect(result.outputs).toMatchObject({ count: '1', samples: '5', verdict: 'pass' })
    expect(sampleLines(result)).toEqual([
      'Sample 1: count 1 → pass: count 1 ≤ max-count 5 (1 in a row of consecutive-successes 3)',
      'Sample 2: count 9 → fail: count 9 > max-count 5',
      'Sample 3: count 1 → pass: count 1 ≤ max-count 5 (1 in a row of consecutive-successes 3)',
      'Sample 4: count 2 → pass: count 2 ≤ max-count 5 (2 in a row of consecutive-successes 3)',
      'Sample 5: count 1 → pass: count 1 ≤ max-count 5 (3 in a row of consecutive-successes 3)'
    ])
    expect(result.stdout).toMatch(
      /Gate passed: count 1 ≤ max-count 5 \(held 3 samples in a row \(consecutive-successes 3\), the last on sample 5, 4 s into the 5 s wait\)/
    )
  })
})

describe('error-limit', () => {
  it('tolerates a sample whose query failed, and fails the step with the error at one more in a row', async () => {
    const result = await run(
      { ...GATE, watch: '5s', 'error-limit': '1', 'max-retries': '0' },
      [1],
      [answer, busy, answer, busy, busy]
    )
    expect(result.exitCode).toBe(1)
    expect(result.queries.map(q => q.status)).toEqual([200, 500, 200, 500, 500])
    expect(sampleLines(result)).toEqual([
      'Sample 1: count 1 → pass: count 1 ≤ max-count 5',
      expect.stringMatching(
        /^Sample 2 → error: The query failed: the service is busy .*\(error 1 in a row, within error-limit 1\)$/
      ),
      'Sample 3: count 1 → pass: count 1 ≤ max-count 5',
      expect.stringMatching(/^Sample 4 → error: The query failed: .*\(error 1 in a row, within error-limit 1\)$/),
      expect.stringMatching(/^Sample 5 → error: The query failed: .*\(error 2 in a row, over error-limit 1\)$/)
    ])
    expect(result.errors).toEqual([expect.stringMatching(/^The query failed: the service is busy/)])
    expect(result.outputs.verdict).toBe('error')
  })

  it('passes a watch with a tolerated error with a warning, its outputs from the last sample that answered', async () => {
    const result = await run(
      { ...GATE, watch: '2s', 'error-limit': '1', 'max-retries': '0' },
      [2, 3],
      [answer, answer, busy]
    )
    expect(result.exitCode).toBe(0)
    expect(result.queries.map(q => q.status)).toEqual([200, 200, 500])
    expect(result.outputs).toMatchObject({ count: '3', samples: '3', verdict: 'warn' })
    expect(result.stdout).toMatch(
      /^::warning title=sample 3 errored%3A .*::The Log Analytics gate passed with a warning: sample 3 errored: The query failed: the service is busy .*\(1 of 3 samples in the 2 s watch errored \(error-limit 1\)\)\.$/m
    )
    expect(result.summary).toMatch(/\| 3 \| \d\d:\d\d:\d\d \| — \| ⛔ error: The query failed: the service is busy/)
    expect(result.summary).toContain(
      'The query of the last sample (3) failed: the rows, the value and the records are those of sample 2, the last that answered.'
    )
    expect(result.errors).toEqual([])
  })
})
