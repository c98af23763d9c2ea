import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { BIG_LONG } from '../emulator/tables.js'
import { records, runAction } from './harness.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  // 100 records of about 5 KB each: some 52 fit in the records output's 256 KiB.
  const rows = Array.from({ length: 100 }, (_, i) => [i, `${i}:`.padEnd(5000, 'x')])
  emulator.tables.set('wide', {
    name: 'Wide',
    columns: [
      { name: 'N', type: 'int' },
      { name: 'Text', type: 'string' }
    ],
    rows
  })
})
afterAll(() => emulator.close())

// Without rows it is [] (query.test.ts: fails when the count is below min-count).
describe('the records output', () => {
  it('holds the leading records as the records file has them, every digit of a long kept', async () => {
    const result = await runAction(emulator, { query: 'AllTypes' })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(JSON.parse(result.outputs.records)).toEqual(JSON.parse(records(result)))
    expect(result.outputs.records).toContain(`"Long":${BIG_LONG},`)
    expect(result.outputs.records).toContain(`"Dynamic":{"big":${BIG_LONG},`)
    expect(result.outputs.records).not.toContain('\n')
  })

  it('keeps to the records written (max-records)', async () => {
    const result = await runAction(emulator, { query: 'AllTypes', 'max-records': '2' })
    expect((JSON.parse(result.outputs.records) as unknown[]).length).toBe(2)
  })

  it('stops before the record that would take it over 256 KiB: whole records, in order', async () => {
    const result = await runAction(emulator, { query: 'Wide' })
    expect(result.exitCode, result.stdout).toBe(0)
    const text = result.outputs.records
    const kept = JSON.parse(text) as { N: number; Text: string }[]
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(256 * 1024)
    expect(kept.length).toBeGreaterThan(40)
    expect(kept.length).toBeLessThan(100)
    expect(kept.map(record => record.N)).toEqual(Array.from({ length: kept.length }, (_, i) => i))
    const next = JSON.stringify({ N: kept.length, Text: `${kept.length}:`.padEnd(5000, 'x') })
    expect(Buffer.byteLength(text) + 1 + Buffer.byteLength(next)).toBeGreaterThan(256 * 1024)
    expect(result.outputs.count).toBe('100')
  })
})

describe('the summary-file output', () => {
  it('is a new Markdown file in RUNNER_TEMP with the text of the job summary', async () => {
    const result = await runAction(emulator, { query: 'AppExceptions | count', 'max-count': '100' })
    expect(result.exitCode, result.stdout).toBe(0)
    const file = result.outputs['summary-file']
    expect(dirname(file)).toBe(result.runnerTemp)
    expect(file).toMatch(/log-analytics-summary-[0-9a-f-]{36}\.md$/)
    expect(result.summary).toContain('passed')
    expect(readFileSync(file, 'utf8')).toBe(result.summary)
  })
})
