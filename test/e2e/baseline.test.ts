import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/emulator.js'
import type { Cell, Table } from '../emulator/tables.js'
import { mermaidBlocks } from '../unit/fixtures/mermaid-grammar.js'
import { records, runAction, type ActionRun } from './harness.js'

/*
 * `baseline`: the bundle runs the query over the current window and, beside
 * it, over the baseline window, and the emulator answers each from the rows
 * its timespan selects. A table of checkout errors has 12 in the last hour, 8
 * in the hour before and 4 in the same hour a day earlier.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  emulator.tables.set('checkouterrors', checkoutErrors(Date.now()))
})
afterAll(() => emulator.close())

/** Errors by region, `minutesAgo` from `now` (kept 5 minutes away from each window's edges, for a slow machine). */
function checkoutErrors(now: number): Table {
  const rows: Cell[][] = []
  const add = (fromMinutesAgo: number, regions: [string, number][]) => {
    let minute = fromMinutesAgo
    for (const [region, count] of regions) {
      for (let i = 0; i < count; i++)
        rows.push([new Date(now - (minute += 3) * MINUTE).toISOString(), region, 200 + rows.length])
    }
  }
  add(5, [
    ['westeurope', 8],
    ['northeurope', 4]
  ])
  add(65, [
    ['westeurope', 6],
    ['northeurope', 2]
  ])
  add(24 * 60 + 5, [['westeurope', 4]])
  return {
    name: 'CheckoutErrors',
    columns: [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Region', type: 'string' },
      { name: 'LatencyMs', type: 'long' }
    ],
    rows
  }
}

/** Runs the action and returns its query requests, each with the timespan it sent. */
async function run(
  inputs: Record<string, string>
): Promise<ActionRun & { queries: (LoggedRequest & { timespan?: string })[] }> {
  const from = emulator.requests.length
  const result = await runAction(emulator, inputs)
  const queries = emulator.requests
    .slice(from)
    .filter(request => request.route === 'query')
    .map(request => ({ ...request, timespan: (JSON.parse(request.body) as { timespan?: string }).timespan }))
  return { ...result, queries }
}

/** The checkout errors counted over the last hour, against the hour before, with `inputs` on top. */
function checkout(inputs: Record<string, string>): ReturnType<typeof run> {
  return run({ query: 'CheckoutErrors | count', timespan: 'PT1H', baseline: 'previous', ...inputs })
}

/** A timespan as [start, end] in epoch milliseconds. */
function interval(timespan: string | undefined): [number, number] {
  const [start, end] = (timespan ?? '').split('/').map(Date.parse)
  return [start, end]
}

/** The baseline's request is the one with an absolute interval; the current one sends the timespan as given. */
function expectWindows(
  queries: (LoggedRequest & { timespan?: string })[],
  current: string,
  shiftMs: number,
  lengthMs: number
): void {
  expect(queries).toHaveLength(2)
  const [baseline] = queries.filter(query => query.timespan !== current)
  expect(queries.filter(query => query.timespan === current)).toHaveLength(1)
  expect(baseline.timespan).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  const [start, end] = interval(baseline.timespan)
  expect(end - start).toBe(lengthMs)
  // The window ends `shift` before the sample started, a moment before the request arrived.
  expect(baseline.at - shiftMs - end).toBeGreaterThanOrEqual(0)
  expect(baseline.at - shiftMs - end).toBeLessThan(5000)
  expect(JSON.parse(baseline.body)).toMatchObject({ query: JSON.parse(queries[0].body).query })
}

describe('baseline: previous', () => {
  it('runs the query over the hour before too, and shows both', async () => {
    const result = await run({ query: 'CheckoutErrors | count', timespan: '1h', baseline: 'previous' })
    expect(result.exitCode, result.stdout).toBe(0)
    expectWindows(result.queries, 'PT1H', HOUR, HOUR)
    expect(result.outputs).toMatchObject({
      count: '1',
      value: '12',
      'baseline-count': '1',
      'baseline-value': '8',
      verdict: 'none'
    })
    expect(JSON.parse(records(result))).toEqual([{ Count: 12 }])
    expect(result.stdout).toMatch(/^Baseline \(previous\): querying \S+ over \d{4}-\S+Z\/\S+Z$/m)
    expect(result.stdout).toContain('baseline-count: 1')
    expect(result.summary).toContain('| Rows | 1 (baseline 1, no change) |')
    expect(result.summary).toContain('| Value | 12 (baseline 8, +50 %) |')
    expect(result.summary).toMatch(/\| Baseline \| previous <code>\S+Z\/\S+Z<\/code> \|/)
    expect(result.summary).toContain('| 12<br><sub>baseline 8, +50 %</sub> |')
  })

  it('judges the current window only', async () => {
    const result = await checkout({ 'max-value': '10' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', value: '12', 'baseline-value': '8' })
    expect(result.errors.at(-1)).toBe('Gate failed: value 12 > max-value 10')
  })

  it('draws the baseline as a second line of a time series', async () => {
    const result = await checkout({
      query: 'CheckoutErrors | summarize count() by bin(TimeGenerated, 10m)',
      timespan: '1h'
    })
    expect(result.exitCode, result.stdout).toBe(0)
    const [chart] = mermaidBlocks(result.summary)
    const lines = [...chart.matchAll(/^ {2}line \[(.*)\]$/gm)].map(line => line[1].split(', ').map(Number))
    const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0)
    expect(lines.map(total)).toEqual([12, 8])
    expect(result.summary).toMatch(/🟦 count\\?_ · ⬜ baseline/)
  })

  it('moves a fixed interval back by its length, at every sample of a watch', async () => {
    const end = Math.floor(Date.now() / HOUR) * HOUR
    const start = end - 2 * HOUR
    const timespan = `${new Date(start).toISOString()}/${new Date(end).toISOString()}`
    const result = await checkout({ timespan, watch: '2s', interval: '1s', 'max-count': '5' })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(result.outputs.samples).toBe('3')
    expect(result.queries).toHaveLength(6)
    const baselines = result.queries.filter(query => query.timespan !== timespan)
    expect(baselines.map(query => query.timespan)).toEqual(
      Array(3).fill(`${new Date(start - 2 * HOUR).toISOString()}/${new Date(start).toISOString()}`)
    )
  })
})

describe('baseline: 1d', () => {
  it('matches each row with the same region a day earlier', async () => {
    const result = await checkout({ query: 'CheckoutErrors | summarize count() by Region', baseline: '1d' })
    expect(result.exitCode, result.stdout).toBe(0)
    expectWindows(result.queries, 'PT1H', DAY, HOUR)
    expect(result.outputs).toMatchObject({
      count: '2',
      value: 'northeurope',
      'baseline-count': '1',
      'baseline-value': 'westeurope'
    })
    expect(result.summary).toContain('| Rows | 2 (baseline 1, +100 %) |')
    expect(result.summary).toContain('| northeurope | 4<br><sub>no baseline</sub> |')
    expect(result.summary).toContain('| westeurope | 8<br><sub>baseline 4, +100 %</sub> |')
  })
})

describe('baseline in fail-if', () => {
  it('judges each row against its baseline row, the baseline queried first', async () => {
    const result = await checkout({
      query: 'CheckoutErrors | summarize count() by Region',
      'fail-if': '!has(baseline.count_) || count_ >= 2 * baseline.count_'
    })
    expect(result.exitCode, result.stdout).toBe(1)
    // westeurope 8 against 6 the hour before holds; northeurope 4 against 2 doubled.
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'matched-rows': '1', count: '2', 'baseline-count': '2' })
    expect(result.errors.at(-1)).toMatch(/^Gate failed: fail-if matched 1 of 2 rows: Region=northeurope \(count_ 4\)/)
    // The condition needs the baseline's rows while the current ones stream: one query after the other.
    expect(result.queries.map(query => query.timespan === 'PT1H')).toEqual([false, true])
    const [baseline, current] = result.queries
    expect(current.at).toBeGreaterThanOrEqual(baseline.at)
    const noBaseline = await checkout({
      query: 'CheckoutErrors | summarize count() by Region',
      baseline: '1d',
      'fail-if': '!has(baseline.count_)'
    })
    expect(noBaseline.outputs).toMatchObject({ verdict: 'fail', 'matched-rows': '1' })
    expect(noBaseline.errors.at(-1)).toMatch(/fail-if matched 1 of 2 rows: Region=northeurope/)
  })
})

describe('a baseline that fails', () => {
  it('fails the step when the baseline query fails, though the current one passes', async () => {
    const error = { error: { code: 'BadArgumentError', message: 'The request had some invalid properties' } }
    emulator.faults.push({ status: 400, body: error, bodyIncludes: '"timespan":"20' })
    const result = await checkout({ 'max-value': '100' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('error')
    expect(result.errors.at(-1)).toMatch(/^The baseline query over \S+Z\/\S+Z failed: .*invalid properties/)
  })
})

describe('baseline refusals', () => {
  it('refuses a baseline over all time before any request', async () => {
    const result = await run({ query: 'CheckoutErrors | count', timespan: 'all', baseline: 'previous' })
    expect(result.exitCode).toBe(1)
    expect(result.queries).toHaveLength(0)
    expect(result.errors).toEqual([expect.stringMatching(/^Input 'baseline': needs a window to compare with/)])
  })
})
