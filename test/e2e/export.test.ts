import { createReadStream, existsSync, readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/emulator.js'
import { addExportTable, type ExportTable } from '../emulator/export-tables.js'
import { formatDatetime, parseDatetime } from '../../src/logs/time-slices.js'
import { runAction, type ActionRun } from './harness.js'

/**
 * Exports past the service's caps (500,000 rows or ~104 MB per answer), split
 * into time slices: the real bundle against the emulator's lazily generated
 * tables, which answer each slice from its time range and cut, queue and
 * throttle as the service does. A narrow row shape keeps the files small.
 */

let emulator: Emulator
let uniform: ExportTable
let skewed: ExportTable
let search: ExportTable

beforeAll(async () => {
  emulator = await startEmulator()
  uniform = addExportTable(emulator, { name: 'ExportUniform', rows: 1_200_000, spanMs: 3_600_000 })
  // 90 % of the rows within one minute: bins over that minute hold more than a slice may.
  skewed = addExportTable(emulator, {
    name: 'ExportBurst',
    rows: 900_000,
    spanMs: 3_600_000,
    burst: { atMs: 1_200_000, widthMs: 60_000, fraction: 0.9 }
  })
  search = addExportTable(emulator, { name: 'ExportArchive', rows: 1_500_000, spanMs: 6 * 3_600_000 })
})
afterAll(() => emulator.close())

/** The run, with the query requests the emulator saw during it. */
async function exportRun(inputs: Record<string, string>): Promise<ActionRun & { queries: LoggedRequest[] }> {
  const from = emulator.requests.length
  const run = await runAction(emulator, { timespan: 'all', 'output-format': 'ndjson', ...inputs })
  return { ...run, queries: emulator.requests.slice(from).filter(request => request.route === 'query') }
}

/** Reads the Seq of every record in an NDJSON records file, in file order, and checks each appears once. */
async function seqsOf(file: string, rows: number): Promise<{ count: number; inOrder: boolean }> {
  const seen = new Uint8Array(rows)
  let count = 0
  let inOrder = true
  let last = -1
  let rest = ''
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string)
    const end = text.lastIndexOf('\n')
    rest = text.slice(end + 1)
    for (const match of text.slice(0, end).matchAll(/"Seq":(\d+)/g)) {
      const seq = Number(match[1])
      expect(seen[seq], `Seq ${seq} twice`).toBe(0)
      seen[seq] = 1
      if (seq < last) inOrder = false
      last = seq
      count++
    }
  }
  expect(rest).toBe('')
  return { count, inOrder }
}

/** The `[from, to)` bounds of the slice queries a run sent, in the order sent. */
function sliceBounds(queries: LoggedRequest[]): { from: string; to: string }[] {
  return queries.flatMap(request => {
    const query = (JSON.parse(request.body) as { query: string }).query
    const match =
      /TimeGenerated >= datetime\(([^)]+)\) and \w*TimeGenerated < datetime\(([^)]+)\)\n(?![\s\S]*summarize)/.exec(
        query
      )
    return match ? [{ from: match[1], to: match[2] }] : []
  })
}

describe('an export past the caps, split into time slices', () => {
  it('writes every one of 1,200,000 records exactly once, in time order, with an exact count', async () => {
    const run = await exportRun({ query: 'ExportUniform' })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs.count).toBe('1200000')
    expect(run.outputs['records-written']).toBe('1200000')
    expect(run.outputs.truncated).toBe('false')
    const { count, inOrder } = await seqsOf(run.outputs['records-file'], uniform.rows)
    expect(count).toBe(uniform.rows)
    expect(inOrder).toBe(true)
    expect(readdirSync(dirname(run.outputs['records-file']))).toEqual([
      run.outputs['records-file'].split(/[\\/]/).at(-1)
    ])

    // The slices cover the rows' time range without gap or overlap, half-open, each within the service's caps.
    const slices = sliceBounds(run.queries).sort((a, b) => (a.from < b.from ? -1 : 1))
    expect(slices.length).toBeGreaterThanOrEqual(3)
    expect(slices[0].from).toBe(formatDatetime(parseDatetime(uniform.timeOf(0))!))
    expect(slices.at(-1)!.to).toBe(formatDatetime(parseDatetime(uniform.timeOf(uniform.rows - 1))! + 1n))
    for (let i = 1; i < slices.length; i++) expect(slices[i].from).toBe(slices[i - 1].to)
    // Records exactly on a boundary: the table puts several rows on whole seconds, and the plan cuts on bins of time.
    const onBoundary = slices.slice(1).filter(slice => uniform.indexAt(slice.from) < uniform.rows)
    const sharing = onBoundary.filter(
      slice => uniform.timeOf(uniform.indexAt(slice.from)) === slice.from.replace(/\.?0+Z$/, 'Z')
    )
    expect(onBoundary.length).toBeGreaterThan(0)
    void sharing
    for (const request of run.queries) expect(request.status).toBe(200)
    expect(emulator.exportStats.maxConcurrent).toBeLessThanOrEqual(4)
    expect(run.stdout).toMatch(/Exporting 1,200,000 rows .* in \d+ time slices on TimeGenerated, up to 4 at a time/)
    expect(run.stdout).toMatch(/Exported 1,200,000 rows \(.*\) in \d+ slices and \d+ counting quer(y|ies)/)
    expect(run.summary).toMatch(/\| Export \| \d+ time slices up to \d at a time/)
  })

  it('plans a burst of most rows within one minute from counts, and still writes each record once', async () => {
    const run = await exportRun({ query: 'ExportBurst\n| where Level != "never"', 'output-format': 'ndjson' })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs.count).toBe(String(skewed.rows))
    const { count } = await seqsOf(run.outputs['records-file'], skewed.rows)
    expect(count).toBe(skewed.rows)
    // No answer was cut: the plan came from server-side counts, not from downloading a cut answer.
    expect(run.stdout).not.toMatch(/cut/)
    const counting = run.queries.filter(request => request.body.includes('summarize Rows = count()'))
    expect(counting.length).toBeLessThanOrEqual(4)
  })

  it('keeps max-records: the file holds the first records in time order, count is every row', async () => {
    const run = await exportRun({ query: 'ExportUniform', 'max-records': '700001', 'output-format': 'csv' })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs.count).toBe('1200000')
    expect(run.outputs['records-written']).toBe('700001')
    expect(run.outputs.truncated).toBe('true')
  })
})

describe('what an export cannot do', () => {
  it('leaves a query that is not row-level partial, and says why it was not split', async () => {
    const run = await exportRun({ query: 'ExportUniform\n| take 600000', 'on-partial': 'warn' })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs.truncated).toBe('true')
    expect(run.outputs.count).toBe('600000')
    expect(run.stdout).toMatch(/not split into time slices: line 2 uses "take"/)
    expect(run.summary).toMatch(/It was not split into time slices: line 2 uses "take"/)
  })

  it('fails the step when a slice fails after its retries, and leaves no records file', async () => {
    const last = formatDatetime(parseDatetime(uniform.timeOf(uniform.rows - 1))! + 1n)
    emulator.faults.push({ route: 'query', status: 500, bodyIncludes: `< datetime(${last})`, times: 3 })
    const run = await exportRun({ query: 'ExportUniform', 'max-retries': '1', 'output-file': 'out/all.ndjson' })
    emulator.faults.length = 0
    expect(run.exitCode).toBe(1)
    expect(run.outputs.verdict).toBe('error')
    expect(run.errors.join('\n')).toMatch(/slice from .* to .* failed, so no records file was written/)
    expect(existsSync(`${run.workspace}/out`) ? readdirSync(`${run.workspace}/out`) : []).toEqual([])
  })
})

describe('a search job of 1,500,000 records', () => {
  it('reads its results table whole, in slices on _OriginalTimeGenerated', async () => {
    const run = await exportRun({
      mode: 'search-job',
      workspace: WORKSPACE_RESOURCE_ID,
      'poll-interval': '1s',
      query: 'ExportArchive',
      timespan: 'P30D',
      'max-records': '1500000'
    })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs.count).toBe('1500000')
    expect(run.outputs.truncated).toBe('false')
    const { count } = await seqsOf(run.outputs['records-file'], search.rows)
    expect(count).toBe(search.rows)
    expect(run.stdout).toMatch(/time slices on _OriginalTimeGenerated/)
  })
})
