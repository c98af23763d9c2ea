import { existsSync, readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/emulator.js'
import { addExportTable, type ExportTable } from '../emulator/export-tables.js'
import { formatDatetime, parseDatetime } from '../../src/logs/time-slices.js'
import { seqsOf } from './export-helpers.js'
import { records, runAction, type ActionRun } from './harness.js'

/**
 * Exports past the service's caps (500,000 rows or ~104 MB per answer), split
 * into time slices: the real bundle against the emulator's lazily generated
 * tables, which answer each slice from its time range and cut, queue and
 * throttle as the service does. A narrow row shape keeps the files small.
 */

let emulator: Emulator
let uniform: ExportTable
let skewed: ExportTable
let small: ExportTable

beforeAll(async () => {
  emulator = await startEmulator()
  uniform = addExportTable(emulator, { name: 'ExportUniform', rows: 1_200_000, spanMs: 3_600_000 })
  // 90 % of the rows within one minute: that minute holds more than a slice may.
  skewed = addExportTable(emulator, {
    name: 'ExportBurst',
    rows: 450_000,
    spanMs: 3_600_000,
    burst: { atMs: 1_200_000, widthMs: 60_000, fraction: 0.9 }
  })
  // More than one slice holds (at most 400,000 rows a slice), little enough to export again for max-records.
  small = addExportTable(emulator, { name: 'ExportSmall', rows: 450_000, spanMs: 3_600_000 })
})
afterAll(() => emulator.close())

/** The run, with the query requests the emulator saw during it. */
async function exportRun(inputs: Record<string, string>): Promise<ActionRun & { queries: LoggedRequest[] }> {
  const from = emulator.requests.length
  const run = await runAction(emulator, { timespan: 'all', 'output-format': 'ndjson', ...inputs })
  return { ...run, queries: emulator.requests.slice(from).filter(request => request.route === 'query') }
}

/** Runs `body` with the emulator's service settings changed, and puts them back after. */
async function withService<T>(settings: Partial<Emulator>, body: () => Promise<T>): Promise<T> {
  const current = emulator as unknown as Record<string, unknown>
  const before = Object.fromEntries(Object.keys(settings).map(name => [name, current[name]]))
  Object.assign(emulator, settings)
  try {
    return await body()
  } finally {
    Object.assign(emulator, before)
  }
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
  it('writes every one of 1,200,000 records exactly once, in time order, with an exact count, throttled', async () => {
    emulator.queryStats.maxRunning = 0
    // Three queries at a time for this identity and no queue: the fourth slice gets 429 until a slot frees. Retries
    // enough to outlast a slice on a loaded machine (1 s apart, as Retry-After says).
    const run = await withService({ maxConcurrentQueries: 3, maxQueuedQueries: 0, queueWaitLimitMs: 1000 }, () =>
      exportRun({ query: 'ExportUniform', 'max-retries': '10' })
    )
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs.count).toBe('1200000')
    expect(run.outputs['records-written']).toBe('1200000')
    expect(run.outputs.truncated).toBe('false')
    const { count, twice, inOrder } = await seqsOf(run.outputs['records-file'], uniform.rows)
    expect(twice).toEqual([])
    expect(count).toBe(uniform.rows)
    expect(inOrder).toBe(true)
    // The `records` output and the summary's preview are the first records of the file, whichever slice ended first.
    const leading = (JSON.parse(run.outputs.records) as { Seq: number }[]).map(record => record.Seq)
    expect(leading.length).toBeGreaterThan(1000)
    expect(leading).toEqual(leading.map((_, i) => i))
    expect(run.summary).toContain('first 20 of 1200000 rows')
    // The parts the slices were written to are gone.
    expect(readdirSync(dirname(run.outputs['records-file'])).filter(name => name.endsWith('.partial'))).toEqual([])

    // The service refused the fourth query at a time; the action waited as Retry-After said and tried again.
    expect(run.queries.filter(request => request.status === 429).length).toBeGreaterThan(0)
    expect(run.queries.filter(request => request.status !== 200 && request.status !== 429)).toEqual([])
    expect(run.stdout).toMatch(/query: attempt 1 failed \(.*HTTP 429.*\); retrying in 1\.0 s/)
    expect(run.stdout).toMatch(/Exported 1,200,000 rows .*; [1-9]\d* retr(y|ies) \([1-9]\d* throttled\)/)
    expect(emulator.queryStats.maxRunning).toBeLessThanOrEqual(3)

    // The slices cover the rows' time range without gap or overlap, half-open, each within the service's caps.
    const answered = run.queries.filter(request => request.status === 200)
    const slices = sliceBounds(answered).sort((a, b) => (a.from < b.from ? -1 : 1))
    expect(slices.length).toBeGreaterThanOrEqual(3)
    expect(slices[0].from).toBe(formatDatetime(parseDatetime(uniform.timeOf(0))!))
    expect(slices.at(-1)!.to).toBe(formatDatetime(parseDatetime(uniform.timeOf(uniform.rows - 1))! + 1n))
    for (let i = 1; i < slices.length; i++) expect(slices[i].from).toBe(slices[i - 1].to)
    // Records exactly on a boundary (the table puts several rows on whole seconds, and slices start on bins of time):
    // each is in the file once (above), in the slice that starts there.
    const onBoundary = slices.slice(1).filter(({ from }) => {
      const first = uniform.indexAt(from)
      return first < uniform.rows && parseDatetime(uniform.timeOf(first)) === parseDatetime(from)
    })
    expect(onBoundary.length).toBeGreaterThan(0)
    expect(run.stdout).toMatch(/Exporting 1,200,000 rows .* in \d+ time slices on TimeGenerated, up to 4 at a time/)
    expect(run.stdout).toMatch(/Exported 1,200,000 rows \(.*\) in \d+ slices and \d+ counting quer(y|ies)/)
    expect(run.summary).toMatch(/\| Export \| \d+ time slices up to \d at a time/)
  })

  it('plans a burst of most rows within one minute from counts, and still writes each record once', async () => {
    const run = await exportRun({ query: 'ExportBurst\n| where Level != "never"', 'output-format': 'ndjson' })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs.count).toBe(String(skewed.rows))
    const { count, twice } = await seqsOf(run.outputs['records-file'], skewed.rows)
    expect(twice).toEqual([])
    expect(count).toBe(skewed.rows)
    // No answer was cut: the plan came from server-side counts, not from downloading a cut answer.
    expect(run.stdout).not.toMatch(/cut/)
    const counting = run.queries.filter(request => request.body.includes('summarize Rows = count()'))
    expect(counting.length).toBeLessThanOrEqual(4)
  })

  it('keeps max-records across slices: the first records in time order, count every row', async () => {
    const run = await exportRun({ query: 'ExportSmall', 'max-records': '420001', 'output-format': 'csv' })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.stdout).toMatch(/in [2-9] time slices/)
    expect(run.outputs.count).toBe(String(small.rows))
    expect(run.outputs['records-written']).toBe('420001')
    expect(run.outputs.truncated).toBe('true')
    const lines = records(run).split('\r\n')
    expect(lines[0]).toBe('TimeGenerated,Seq,Level,Message')
    expect(lines.length).toBe(1 + 420001 + 1)
    expect(lines.at(-1)).toBe('')
    // The first slice holds at most 400,000 rows, so the cut fell inside a later one, at a record's end.
    expect(lines[420001].split(',')[1]).toBe('420000')
    expect(lines.slice(1, -1).every((line, i) => line.split(',')[1] === String(i))).toBe(true)
  })
})

describe('max-records on a large export', () => {
  it('reads only the slices the file needs, and counts the rest on the server', async () => {
    const run = await exportRun({ query: 'ExportSmall', 'max-records': '1000' })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs.count).toBe(String(small.rows))
    expect(run.outputs['records-written']).toBe('1000')
    expect(run.outputs.truncated).toBe('true')
    const slicesRead = sliceBounds(run.queries)
    expect(slicesRead).toHaveLength(1)
    expect(slicesRead[0].from).toBe(formatDatetime(parseDatetime(small.timeOf(0))!))
    expect(run.stdout).toMatch(/in 1 slice \(\d+ more slices? past max-records counted on the server, not read\)/)
    const { count, inOrder } = await seqsOf(run.outputs['records-file'], small.rows)
    expect(count).toBe(1000)
    expect(inOrder).toBe(true)
  })
})

describe('when the counts were not enough', () => {
  it('splits again a slice the service cut although its estimate fit', async () => {
    // Answers cut at 20 MB: a slice of 400,000 narrow rows (~33 MB of JSON) planned from the estimate is cut.
    await withService({ byteCap: 20_000_000 }, async () => {
      const run = await exportRun({ query: 'ExportSmall' })
      expect(run.exitCode, run.stdout).toBe(0)
      expect(run.stdout).toMatch(/The service cut the slice from .* at [\d,]+ rows; splitting it in \d+\./)
      expect(run.outputs.count).toBe(String(small.rows))
      expect(run.outputs.truncated).toBe('false')
      const { count, twice } = await seqsOf(run.outputs['records-file'], small.rows)
      expect(twice).toEqual([])
      expect(count).toBe(small.rows)
      expect(run.summary).toMatch(/\| Export \| .*1 cut by the service and split again/)
    })
  })

  it('leaves partial a millisecond that holds more than one answer, and says so', async () => {
    addExportTable(emulator, {
      name: 'ExportInstant',
      rows: 450_000,
      burst: { atMs: 600_000, widthMs: 0, fraction: 0.95 }
    })
    await withService({ rowCap: 300_000 }, async () => {
      const run = await exportRun({ query: 'ExportInstant', 'on-partial': 'warn' })
      expect(run.exitCode, run.stdout).toBe(0)
      expect(run.outputs.truncated).toBe('true')
      // The count is the server's: every row, though the file lacks those past the cap in that millisecond.
      expect(run.outputs.count).toBe('450000')
      expect(run.stdout).toMatch(/share the millisecond 2026-11-30T10:10:00\.0000000Z of TimeGenerated/)
    })
  })
})

describe('a count that is not one', () => {
  it('fails with one line when the service counts nonsense, and nothing it sent acts on the runner', async () => {
    const hostile = '::error::planted%0A##[warning]x'
    const body = {
      tables: [
        {
          name: 'PrimaryResult',
          columns: [
            { name: 'Rows', type: 'long' },
            { name: 'Bytes', type: 'long' },
            { name: 'First', type: 'datetime' },
            { name: 'Last', type: 'datetime' }
          ],
          rows: [[1_000_000, 10, hostile, '2026-11-30T10:00:00Z']]
        }
      ]
    }
    emulator.faults.push({ route: 'query', status: 200, body, bodyIncludes: 'summarize Rows = count()' })
    const run = await exportRun({ query: 'ExportSmall' })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /The service's answer to the export's count was malformed: its first and last TimeGenerated/
    )
    expect(run.stdout).not.toMatch(/^::error::planted/m)
    expect(run.stdout).not.toMatch(/^##\[warning\]/m)
    expect(run.queries).toHaveLength(1)
  })
})

describe('what an export cannot do', () => {
  it('leaves a query that is not row-level partial, and says why it was not split', async () => {
    // A service that cuts answers at 50,000 rows, for a smaller answer to cut.
    await withService({ rowCap: 50_000 }, async () => {
      const run = await exportRun({ query: 'ExportSmall\n| take 60000', 'on-partial': 'warn' })
      expect(run.exitCode, run.stdout).toBe(0)
      expect(run.outputs.truncated).toBe('true')
      expect(run.outputs.count).toBe('60000')
      expect(run.outputs['records-written']).toBe('50000')
      expect(run.stdout).toMatch(/not split into time slices: line 2 uses "take"/)
      expect(run.summary).toMatch(/It was not split into time slices: line 2 uses "take"/)
    })
  })

  it('fails the step when a slice fails after its retries, and leaves no records file', async () => {
    const last = formatDatetime(parseDatetime(small.timeOf(small.rows - 1))! + 1n)
    // The last slice's query (its upper bound, then the end of the query: `\n"` in the JSON body), not the counts.
    emulator.faults.push({ route: 'query', status: 500, bodyIncludes: `< datetime(${last})\\n"`, times: 3 })
    const run = await exportRun({ query: 'ExportSmall', 'max-retries': '1', 'output-file': 'out/all.ndjson' })
    emulator.faults.length = 0
    expect(run.exitCode).toBe(1)
    expect(run.outputs.verdict).toBe('error')
    expect(run.errors.join('\n')).toMatch(/slice from .* to .* failed, so no records file was written/)
    expect(existsSync(`${run.workspace}/out`) ? readdirSync(`${run.workspace}/out`) : []).toEqual([])
  })
})
