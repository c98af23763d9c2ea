import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { addExportTable, type ExportTable } from '../emulator/export-tables.js'
import { runAction } from './harness.js'
import { seqsOf } from './export-helpers.js'

/**
 * A search job that finds 1,500,000 records: its `_SRCH` table is read past the
 * query API's caps in time slices on `_OriginalTimeGenerated` (in a results
 * table `TimeGenerated` is when the job wrote the record). Some 400 MB of JSON
 * cross the loopback, so this lives in the slow suite (`npm run test:slow`).
 */

let emulator: Emulator
let archive: ExportTable
beforeAll(async () => {
  emulator = await startEmulator()
  archive = addExportTable(emulator, { name: 'ExportArchive', rows: 1_500_000, spanMs: 6 * 3_600_000 })
})
afterAll(() => emulator.close())

describe('a search job of 1,500,000 records', () => {
  it('reads its results table whole, in slices on _OriginalTimeGenerated', async () => {
    const run = await runAction(emulator, {
      mode: 'search-job',
      workspace: WORKSPACE_RESOURCE_ID,
      'poll-interval': '1s',
      query: 'ExportArchive',
      timespan: 'P30D',
      'max-records': '1500000',
      'output-format': 'ndjson'
    })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs.count).toBe('1500000')
    expect(run.outputs['records-written']).toBe('1500000')
    expect(run.outputs.truncated).toBe('false')
    const { count, twice, inOrder } = await seqsOf(run.outputs['records-file'], archive.rows)
    expect(twice).toEqual([])
    expect(count).toBe(archive.rows)
    expect(inOrder).toBe(true)
    expect(run.stdout).toMatch(/Exporting 1,500,000 rows .* in \d+ time slices on _OriginalTimeGenerated/)
    expect(run.stdout).toMatch(/Deleted table ExportArchive_\w+_SRCH/)
  })
})
