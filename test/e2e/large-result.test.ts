import { createReadStream, readdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { ANSWER_CAP_BYTES, LARGE_COLUMNS, LARGE_TABLE, largeTableBody } from '../emulator/large-table.js'
import { BIG_LONG } from '../emulator/tables.js'
import { runAction } from './harness.js'

let emulator: Emulator
const expectedRows = () => largeTableBody().rows
const RESET_ROWS = 6_000
beforeAll(async () => {
  emulator = await startEmulator()
  largeTableBody()
  largeTableBody(RESET_ROWS)
}, 120_000)
afterAll(() => emulator.close())

/** Reads a records file line by line, as bytes (it is too large to read as text comfortably); returns the count. */
async function lines(file: string, each: (line: Buffer, index: number) => void): Promise<number> {
  let index = 0
  let rest: Buffer = Buffer.alloc(0)
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer)
    let start = 0
    for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
      each(bytes.subarray(start, end > start && bytes[end - 1] === 13 ? end - 1 : end), index++)
      start = end + 1
    }
    rest = bytes.subarray(start)
  }
  if (rest.length > 0) each(rest, index++)
  return index
}

// Streaming one answer: split: off, as the emulator has no counting answer for its prebuilt table (exports are in
// export.test.ts).
describe('a max-size answer (the service cap, ~104 MB of JSON)', () => {
  it('streams into the records file with the heap limited to 128 MB', async () => {
    const run = await runAction(
      emulator,
      { query: LARGE_TABLE, 'output-format': 'ndjson', split: 'off' },
      { nodeOptions: ['--max-old-space-size=128'] }
    )
    expect(run.exitCode, run.stderr).toBe(0)
    // As large as one answer of the service may be.
    expect(largeTableBody().raw.length).toBeGreaterThan(ANSWER_CAP_BYTES - 2_000)
    expect(largeTableBody().raw.length).toBeLessThanOrEqual(ANSWER_CAP_BYTES)
    expect(run.outputs.count).toBe(String(expectedRows()))
    expect(run.outputs['records-written']).toBe(String(expectedRows()))
    let bigLongs = 0
    const count = await lines(run.outputs['records-file'], (line, index) => {
      if (index % 9973 === 0 || line.includes(BIG_LONG)) {
        const record = JSON.parse(line.toString('utf8')) as Record<string, unknown>
        expect(Object.keys(record)).toEqual(LARGE_COLUMNS.map(column => column.name))
        expect(typeof record.Properties).toBe('object')
        expect(typeof record.Success).toBe('boolean')
      }
      if (line.includes(`"Bytes":${BIG_LONG},`)) bigLongs++
    })
    expect(count).toBe(expectedRows())
    expect(bigLongs).toBe(Math.ceil(expectedRows() / 1000))
    expect(run.summary).toContain(`first 20 of ${expectedRows()} rows`)
  })

  // ~4.4 MB of answer, cut after 2 MB: megabytes of records are written when the connection drops (the size of the
  // answer only costs time to build and to read twice).
  it('starts again with a fresh file when the connection drops mid-answer, and leaves no partial file', async () => {
    emulator.faults.push({ route: 'query', resetAfterBytes: 2_000_000 })
    const from = emulator.requests.length
    const run = await runAction(emulator, {
      query: `${LARGE_TABLE} | take ${RESET_ROWS}`,
      split: 'off',
      'output-format': 'csv',
      'output-file': 'out/records.csv'
    })
    expect(run.exitCode, run.stdout).toBe(0)
    const queries = emulator.requests.slice(from).filter(r => r.route === 'query')
    expect(queries.map(r => r.status)).toEqual([0, 200])
    expect(run.stdout).toMatch(/query: attempt 1 failed \(the connection failed while the answer was arriving/)
    const file = run.outputs['records-file']
    expect(readdirSync(dirname(file))).toEqual(['records.csv'])
    const count = await lines(file, () => {})
    expect(count).toBe(RESET_ROWS + 1)
    expect(statSync(file).size).toBeGreaterThan(3_000_000)
  })
})

// That longs beyond 2^53 round-trip digit for digit in each format is in query.test.ts.
