import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type Fault, type LoggedRequest } from '../emulator/emulator.js'
import { runScripted, type ActionRun } from './harness.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

/** Runs the action over a scripted series of counts and returns the query requests of the run. */
async function run(
  inputs: Record<string, string>,
  series: number[] = []
): Promise<ActionRun & { queries: LoggedRequest[]; tokens: LoggedRequest[] }> {
  const result = await runScripted(emulator, inputs, { series })
  return {
    ...result,
    queries: result.requests.filter(r => r.route === 'query'),
    tokens: result.requests.filter(r => r.route === 'token')
  }
}

/** Milliseconds between the starts of successive requests. */
function gaps(requests: LoggedRequest[]): number[] {
  return requests.slice(1).map((request, i) => request.at - requests[i].at)
}

/**
 * Samples keep their cadence: each gap is the interval, give or take how long
 * a request takes to reach the emulator on a loaded machine (the tests run
 * side by side, more of them than there are cores). A sample is due at a fixed
 * time from the start of the window, so one that reached the emulator late
 * makes the next gap short: the lower bound only tells spaced samples from
 * samples taken back to back. The exact schedule is unit-tested with an
 * injected clock (test/unit/watch.test.ts).
 */
function expectSpacedBy(requests: LoggedRequest[], intervalMs: number): void {
  const all = gaps(requests)
  for (const gap of all) {
    expect(gap, `gaps ${all.join(', ')} ms`).toBeGreaterThanOrEqual(intervalMs / 2)
    expect(gap, `gaps ${all.join(', ')} ms`).toBeLessThan(intervalMs + 1200)
  }
}

/** Lines the action logged for its samples. */
function sampleLines(result: ActionRun): string[] {
  return result.stdout.split('\n').filter(line => line.startsWith('Sample '))
}

/** Queues `faults` as soon as the emulator has answered `count` queries (while the action runs). */
function afterQueries(count: number, faults: Fault[]): void {
  const timer = setInterval(() => {
    if (emulator.requestsTo('query').filter(r => r.status !== 0).length >= count) {
      emulator.faults.push(...faults)
      clearInterval(timer)
    }
  }, 20)
}

// One query a sample, for the loop's timing and faults; a sample's counting query (split: auto) is proven below.
const GATE = { query: 'Series', timespan: 'PT1H', 'max-count': '5', interval: '1s', split: 'off' }

describe('watch', () => {
  it('fails at once on the third sample, with the numbers in the annotation', async () => {
    const queriesBefore = emulator.requestsTo('query').length
    const result = await run({ ...GATE, watch: '10s' }, [1, 2, 9, 0])
    expect(result.exitCode).toBe(1)
    expect(result.queries).toHaveLength(3)
    expectSpacedBy(result.queries, 1000)
    expect(emulator.requestsTo('query')).toHaveLength(queriesBefore + 3)
    expect(result.outputs).toMatchObject({ count: '9', samples: '3', verdict: 'fail' })
    expect(sampleLines(result)).toEqual([
      expect.stringMatching(/^Sample 1 at \d\d:\d\d:\d\d UTC: count 1, value \S+Z → pass: count 1 ≤ max-count 5$/),
      expect.stringMatching(/^Sample 2 at .* UTC: count 2, value \S+Z → pass: count 2 ≤ max-count 5$/),
      expect.stringMatching(/^Sample 3 at .* UTC: count 9, value \S+Z → fail: count 9 > max-count 5$/)
    ])
    expect(result.stdout).toContain('Evaluation: watch 10 s, every 1 s.')
    expect(result.stdout).toMatch(
      /^::error title=count 9 > max-count 5::The Log Analytics gate failed: count 9 > max-count 5 \(on sample 3, 2 s into the 10 s watch\)\.$/m
    )
    expect(result.errors).toContain('Gate failed: count 9 > max-count 5 (on sample 3, 2 s into the 10 s watch)')
    expect(result.summary).toContain('### ❌ Log Analytics query failed the gate: count 9 &gt; max-count 5')
    expect(result.summary).toContain('On sample 3, 2 s into the 10 s watch.')
    expect(result.summary).toMatch(
      /```mermaid\n[^`]*title "count per sample"[^`]*line \[1, 2, 9\]\n {2}line \[5, 5, 5\]\n```/
    )
  })

  it('waits out the delay after signing in, then passes a quiet window, sampling at its start and end', async () => {
    const result = await run({ ...GATE, delay: '1s', watch: '2s' }, [1, 0, 2, 99])
    expect(result.exitCode).toBe(0)
    expect(result.queries[0].at - result.tokens[0].at).toBeGreaterThanOrEqual(950)
    expect(result.stdout).toMatch(/Waiting 1 s before the first evaluation \(delay\), until \d\d:\d\d:\d\d UTC\./)
    expect(result.queries).toHaveLength(3)
    expectSpacedBy(result.queries, 1000)
    expect(result.outputs).toMatchObject({ count: '2', samples: '3', verdict: 'pass' })
    expect(result.stdout).toContain(
      'Gate passed: count 2 ≤ max-count 5 (no threshold crossed in the 2 s watch (3 samples, every 1 s))'
    )
    expect(result.errors).toEqual([])
  })

  it('retries a sample as any query, and fails the step when a sample cannot be answered', async () => {
    afterQueries(emulator.requestsTo('query').length + 1, [
      {
        route: 'query',
        status: 503,
        headers: { 'retry-after': '0' },
        body: { error: { code: 'ServiceUnavailable', message: 'busy' } }
      }
    ])
    const retried = await run({ ...GATE, watch: '1s' }, [1])
    expect(retried.exitCode).toBe(0)
    expect(retried.queries.map(q => q.status)).toEqual([200, 503, 200])
    expect(retried.outputs).toMatchObject({ samples: '2', verdict: 'pass' })

    afterQueries(emulator.requestsTo('query').length + 1, [
      {
        route: 'query',
        status: 403,
        body: {
          error: { code: 'InsufficientAccessError', message: 'The provided credentials have insufficient access' }
        }
      }
    ])
    const failed = await run({ ...GATE, watch: '5s' }, [1])
    expect(failed.exitCode).toBe(1)
    expect(failed.queries.map(q => q.status)).toEqual([200, 403])
    expect(failed.errors).toEqual([expect.stringMatching(/^The query failed: .*insufficient access/)])
    expect(failed.outputs.verdict).toBe('error')
  })
})

describe('wait-until', () => {
  // Passing on a later sample (the fourth, say) and sampling at other intervals are unit-tested (watch.test.ts).
  it('passes on the second sample, once the thresholds hold', async () => {
    const result = await run({ ...GATE, 'wait-until': '10s' }, [9, 2, 50])
    expect(result.exitCode).toBe(0)
    expect(result.queries).toHaveLength(2)
    expectSpacedBy(result.queries, 1000)
    expect(result.outputs).toMatchObject({ count: '2', samples: '2', verdict: 'pass' })
    expect(sampleLines(result).map(line => line.replace(/ at .* UTC/, '').replace(/, value \S+/, ''))).toEqual([
      'Sample 1: count 9 → fail: count 9 > max-count 5',
      'Sample 2: count 2 → pass: count 2 ≤ max-count 5'
    ])
    expect(result.errors).toEqual([])
  })

  it('fails when the thresholds still do not hold after wait-until', async () => {
    const result = await run({ ...GATE, 'wait-until': '1s' }, [9])
    expect(result.exitCode).toBe(1)
    expect(result.queries).toHaveLength(2)
    expectSpacedBy(result.queries, 1000)
    expect(result.outputs).toMatchObject({ count: '9', samples: '2', verdict: 'fail' })
    expect(result.errors).toContain(
      'Gate failed: count 9 > max-count 5 (still failing after wait-until 1 s (2 samples, every 1 s))'
    )
  })
})

describe('values', () => {
  it('sets value to the first cell and gates on it', async () => {
    const result = await run({ query: 'Series | count', 'max-value': '5' }, [7])
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ count: '1', value: '7', verdict: 'fail' })
    expect(result.errors).toContain('Gate failed: value 7 > max-value 5')
    expect(result.stdout).toContain('::error title=value 7 > max-value 5::')
  })

  it('compares reals and decimals as numbers, and keeps their digits in value', async () => {
    const real = await run({ query: 'AllTypes | project Real', 'min-value': '100', 'max-value': '102.5' })
    expect(real.exitCode).toBe(0)
    expect(real.outputs).toMatchObject({ value: '102.1', verdict: 'pass' })
    const decimal = await run({ query: 'AllTypes | project Decimal', 'max-value': '0.1' })
    expect(decimal.outputs).toMatchObject({ value: '0.10101', verdict: 'fail' })
    const long = await run({ query: 'AllTypes | where Int == -7 | project Long' })
    expect(long.outputs).toMatchObject({ value: '9007199254740993', verdict: 'none' })
  })

  it('never passes a value that is not a number, or no value at all', async () => {
    const text = await run({ query: 'AllTypes | project String', 'max-value': '5' })
    expect(text.exitCode).toBe(1)
    expect(text.errors).toContain('Gate failed: the value "hello" is not a number, so max-value 5 cannot be checked')
    const none = await run({ query: "Heartbeat | where Computer == 'vm-9'", 'min-value': '1' })
    expect(none.exitCode).toBe(1)
    expect(none.outputs).toMatchObject({ value: '', verdict: 'fail' })
    expect(none.errors).toContain('Gate failed: no data (the query returned no rows)')
  })

  it('watches a value over time', async () => {
    const result = await run({ query: 'Series | count', 'max-value': '5', watch: '3s', interval: '1s' }, [1, 3, 6])
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ value: '6', samples: '3', verdict: 'fail' })
    expect(result.summary).toMatch(/title "value per sample"[^`]*line \[1, 3, 6\]/)
  })
})

describe('the warning tier', () => {
  it('warns above warn-count and passes', async () => {
    const result = await run({ query: 'AppExceptions', timespan: '1h', 'warn-count': '5', 'max-count': '10' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ count: '7', verdict: 'warn' })
    expect(result.stdout).toContain(
      '::warning title=count 7 > warn-count 5::The Log Analytics gate passed with a warning: count 7 > warn-count 5.'
    )
    expect(result.errors).toEqual([])
    expect(result.summary.split('\n')[0]).toBe(
      '### ⚠️ Log Analytics query passed with a warning: count 7 &gt; warn-count 5'
    )
  })

  it('warns above warn-value', async () => {
    const result = await run({ query: 'Series | count', 'warn-value': '2', 'max-value': '10' }, [4])
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ value: '4', verdict: 'warn' })
    expect(result.stdout).toContain('::warning title=value 4 > warn-value 2::')
  })

  it('warns after a watch in which a sample warned', async () => {
    const result = await run({ ...GATE, 'warn-count': '3', watch: '1s' }, [4, 2])
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ count: '2', samples: '2', verdict: 'warn' })
    expect(result.stdout).toContain(
      '::warning title=count 4 > warn-count 3::The Log Analytics gate passed with a warning: count 4 > warn-count 3 (1 of 2 samples in the 1 s watch crossed a warning threshold).'
    )
  })
})

describe('a watch under split: auto (the default)', () => {
  it('counts each sample first, then runs the query as written: one count and one query a sample', async () => {
    const query = "Series\n| where Level == 'Error'"
    const summarize = 'summarize Rows = count(), Bytes = sum(estimate_data_size(*)), '
    const counting = `${query}\n| ${summarize}First = min(TimeGenerated), Last = max(TimeGenerated)`
    // A count sees the series value its query then takes: the 9 is never reached.
    const result = await run({ query, timespan: 'PT1H', 'max-count': '5', watch: '2s', interval: '1s' }, [2, 4, 3, 9])
    expect(result.exitCode, result.stdout).toBe(0)
    expect(result.queries.map(q => [q.status, JSON.parse(q.body)])).toEqual(
      Array<unknown[]>(3)
        .fill([
          [200, { query: counting, timespan: 'PT1H' }],
          [200, { query, timespan: 'PT1H' }]
        ])
        .flat()
    )
    // The pairs are the samples: an interval apart, each query at once after its count.
    const counts = result.queries.filter((_, i) => i % 2 === 0)
    const answers = result.queries.filter((_, i) => i % 2 === 1)
    expectSpacedBy(counts, 1000)
    expectSpacedBy(answers, 1000)
    // Each query belongs to its count's sample: it comes before the next sample's count.
    answers.forEach((answer, i) => expect(answer.at).toBeLessThan(counts[i + 1]?.at ?? Number.POSITIVE_INFINITY))
    answers.forEach((answer, i) => expect(answer.at).toBeGreaterThanOrEqual(counts[i].at))
    expect(sampleLines(result).map(line => line.replace(/ at .* UTC/, '').replace(/, value \S+/, ''))).toEqual([
      'Sample 1: count 2 → pass: count 2 ≤ max-count 5',
      'Sample 2: count 4 → pass: count 4 ≤ max-count 5',
      'Sample 3: count 3 → pass: count 3 ≤ max-count 5'
    ])
    expect(result.outputs).toMatchObject({ count: '3', samples: '3', verdict: 'pass' })
    expect(result.summary).toMatch(/title "count per sample"[^`]*line \[2, 4, 3\]/)
  })
})
