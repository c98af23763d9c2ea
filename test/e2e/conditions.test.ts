import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/emulator.js'
import { BIG_LONG } from '../emulator/tables.js'
import { runAction, type ActionRun } from './harness.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

/** Runs the action and returns the requests the emulator saw during the run. */
async function run(inputs: Record<string, string>): Promise<ActionRun & { requests: LoggedRequest[] }> {
  const from = emulator.requests.length
  const result = await runAction(emulator, inputs)
  return { ...result, requests: emulator.requests.slice(from) }
}

const CANARY = { query: 'Services', 'fail-if': 'errorRate > 0.02 || p95 > 800' }

describe('fail-if and warn-if', () => {
  it('fails on the rows fail-if matches, naming them and the values it read', async () => {
    const result = await run(CANARY)
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'matched-rows': '3', count: '5' })
    const sentence =
      'fail-if matched 3 of 5 rows: AppRoleName=api, odd name=blue (errorRate 0.031, p95 912.4); ' +
      'AppRoleName=worker, odd name=blue (errorRate 0.052, p95 120); AppRoleName=db, odd name=green (errorRate 0, p95 850.25)'
    expect(result.errors).toContain(`Gate failed: ${sentence}`)
    expect(result.summary).toContain(`failed the gate: ${sentence}`)
  })

  it('warns on warn-if while fail-if holds', async () => {
    const result = await run({ query: 'Services', 'fail-if': 'p95 > 1000', 'warn-if': 'requests > 5000' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'warn', 'matched-rows': '0' })
    expect(result.stdout).toContain(
      'The Log Analytics gate passed with a warning: warn-if matched 2 of 5 rows: AppRoleName=web, odd name=green (requests 5400); AppRoleName=db, odd name=green (requests 9100).'
    )
  })

  it('passes when fail-if matches no row', async () => {
    const result = await run({ query: 'Services', 'fail-if': 'errorRate > 0.1' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', 'matched-rows': '0' })
    expect(result.stdout).toContain('Gate passed: fail-if matched none of 5 rows')
  })

  it('reads a column of any name through row', async () => {
    const result = await run({ query: 'Services', 'fail-if': "row['odd name'] == 'green'" })
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'matched-rows': '2' })
    expect(result.errors[0]).toContain(
      'fail-if matched 2 of 5 rows: AppRoleName=web, odd name=green; AppRoleName=db, odd name=green'
    )
  })

  it('compares a long beyond 2^53 exactly', async () => {
    const result = await run({
      query: 'AllTypes',
      'fail-if': `Long == ${BIG_LONG} && Long != ${BigInt(BIG_LONG) - 1n}`
    })
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'matched-rows': '1' })
    expect(result.errors[0]).toContain(
      `fail-if matched 1 of 4 rows: String=comma, "quote" and ⏎ newline ✓ (Long ${BIG_LONG})`
    )
  })

  it('reads datetime as a timestamp and timespan as a duration', async () => {
    const failIf =
      "TimeGenerated > timestamp('2020-01-01T00:00:00Z') && Timespan != null && Timespan > duration('26h3m4s') && Timespan < duration('26h3m5s')"
    const result = await run({ query: 'AllTypes', 'fail-if': failIf })
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'matched-rows': '1' })
    expect(result.errors[0]).toMatch(
      /fail-if matched 1 of 4 rows: String=comma.* \(TimeGenerated \d{4}-\d\d-\d\dT[\d:.]+Z, Timespan 1\.02:03:04\.5\)/
    )
  })

  it('reads an empty cell as null, and a row it cannot judge is verdict error, never a pass', async () => {
    const nulls = await run({ query: 'AllTypes', 'fail-if': 'Int == null' })
    expect(nulls.outputs).toMatchObject({ verdict: 'fail', 'matched-rows': '1' })

    const result = await run({ query: 'AllTypes', 'fail-if': 'Int < 0' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'error', 'matched-rows': '' })
    expect(result.errors).toContain(
      'No verdict: fail-if could not be judged on String=null (Int null): no such overload: dyn<null> < int'
    )
    expect(result.summary).toContain('has no verdict: fail-if could not be judged on String=null')
  })

  it('is verdict error when the result has no such column', async () => {
    const result = await run({ query: 'Services', 'fail-if': 'errorRat > 0.02' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('error')
    expect(result.errors).toContain(
      'No verdict: fail-if reads errorRat, which is not a column of the result (its columns: AppRoleName, errorRate, p95, odd name, requests)'
    )
  })

  it('refuses an expression that does not compile before any request', async () => {
    const result = await run({ query: 'Services', 'fail-if': 'errorRate >' })
    expect(result.exitCode).toBe(1)
    expect(result.requests).toEqual([])
    expect(result.errors).toEqual([
      `Input 'fail-if': is not a CEL expression that can be true or false: Unexpected token: EOF at column 12 of "errorRate >".`
    ])
    expect(result.outputs.verdict).toBe('error')
  })
})

describe('on-no-data', () => {
  const NOTHING = { query: "Services | where AppRoleName == 'nothing'", 'fail-if': 'p95 > 800' }

  it('fails by default, saying no data', async () => {
    const result = await run(NOTHING)
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', count: '0', 'matched-rows': '0' })
    expect(result.errors).toContain('Gate failed: no data (the query returned no rows)')
    expect(result.summary).toContain('failed the gate: no data (the query returned no rows)')
  })

  it('warns with on-no-data: warn', async () => {
    const result = await run({ ...NOTHING, 'on-no-data': 'warn' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('warn')
    expect(result.stdout).toContain(
      'The Log Analytics gate passed with a warning: no data (the query returned no rows).'
    )
  })

  it('passes with on-no-data: pass, and stands for a value threshold too', async () => {
    const result = await run({ ...NOTHING, 'on-no-data': 'pass', 'max-value': '5' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    expect(result.stdout).toContain('Gate passed: no data (the query returned no rows)')
    expect(result.summary).toContain('| Value | no data |')
  })
})
