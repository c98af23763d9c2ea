import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateGate, type Measure } from '../../../src/evaluation/gate.js'
import type { Column } from '../../../src/wire/columns.js'
import type { EvaluationSettings, GateSettings } from '../../../src/settings.js'
import { renderSummary, SUMMARY_BUDGET, type SummaryModel } from '../../../src/summary/render.js'
import { failedSample, nextStep, type SampleOutcome } from '../../../src/evaluation/plan.js'
import { mermaidBlocks, parseXyChart } from '../fixtures/mermaid-grammar.js'
import { judged, raw, summaryModel } from '../fixtures/summary.js'

/**
 * The job summary, byte for byte, for fixed models: test/golden/NAME.md.
 * After an intended change, regenerate them with
 *   UPDATE_GOLDEN=1 npx vitest run test/unit/summary/render-golden.test.ts
 * and read the diff before committing it.
 */
const GOLDEN = resolve(import.meta.dirname, '../../golden')
const update = process.env.UPDATE_GOLDEN === '1'
const MiB = 1024 * 1024
const T0 = Date.parse('2026-11-01T06:00:00Z')

const STATISTICS = {
  query: {
    executionTime: 0.4821,
    resourceUsage: {
      cpu: { totalCpu: '00:00:01.2031250' },
      memory: { peakPerNode: 18874368 },
      cache: { shards: { hot: { hitbytes: 48234496, missbytes: 0 } } }
    },
    inputDatasetStatistics: { extents: { total: 40, scanned: 6 }, rows: { total: 2400000, scanned: 351000 } }
  }
}

const EXCEPTIONS: Column[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'AppRoleName', type: 'string' },
  { name: 'ProblemId', type: 'string' },
  { name: 'SeverityLevel', type: 'int' },
  { name: 'Properties', type: 'dynamic' }
]
const EXCEPTION_ROWS = raw([
  ['2026-11-01T05:57:00Z', 'api', 'System.TimeoutException at Orders.Submit', 3, '{"orderId":1042}'],
  ['2026-11-01T05:51:00Z', 'api', 'System.NullReferenceException at Cart.Total', 3, '{"cartId":"c-77"}'],
  ['2026-11-01T05:34:00Z', 'api', 'Npgsql.PostgresException at Inventory.Reserve', 4, '{"sku":"A-100"}']
])

/** A day of hourly failure counts with a burst at 03:00. */
const HOURLY = raw(
  Array.from({ length: 24 }, (_, i) => {
    const at = Date.parse('2026-10-31T07:00:00Z') + i * 3600_000
    return [new Date(at).toISOString().replace('.000Z', 'Z'), new Date(at).getUTCHours() === 3 ? 57 : 3 + ((i * 7) % 5)]
  })
)

const WATCH: EvaluationSettings = { mode: 'watch', delayMs: 120_000, windowMs: 300_000, intervalMs: 60_000 }

/** The samples and conclusion of a run over these counts (`error`: the query failed), as the loop would take them. */
function run(
  evaluation: EvaluationSettings,
  gate: GateSettings,
  counts: (number | 'error')[],
  values: number[] = []
): Pick<SummaryModel, 'samples' | 'conclusion'> {
  const samples: SampleOutcome[] = []
  for (const [i, count] of counts.entries()) {
    const at = T0 + samples.length * evaluation.intervalMs + 800 * samples.length
    if (count === 'error') {
      samples.push(
        failedSample(
          samples.length + 1,
          at,
          'The query failed: The service is busy | <b>try later</b> (gave up after 5 attempts)'
        )
      )
      continue
    }
    const measure: Measure =
      i < values.length ? { count, value: String(values[i]), number: String(values[i]) } : { count }
    samples.push({ status: 'ok', index: samples.length + 1, at, measure, gate: evaluateGate(measure, gate) })
  }
  const step = nextStep(evaluation, samples, T0, samples.at(-1)!.at + 500)
  if (step.kind !== 'stop') throw new Error(`the run of ${counts.join(', ')} goes on`)
  return { samples, conclusion: step.conclusion }
}

const hostile = '| a | b |\n<script>alert("x")</script>\n**bold** `code` [link](javascript:alert(1)) &amp; ![img](x)'

const cases: Record<string, SummaryModel> = {
  'plain-table': summaryModel({
    count: 3,
    written: 3,
    timespan: 'PT1H',
    query:
      "AppExceptions\n| where AppRoleName == 'api'\n| project TimeGenerated, AppRoleName, ProblemId, SeverityLevel, Properties",
    columns: EXCEPTIONS,
    preview: EXCEPTION_ROWS,
    statistics: STATISTICS,
    elapsedMs: 2350
  }),
  'time-series': summaryModel({
    ...judged(24, { maxCount: '30' }),
    timespan: 'P1D',
    query:
      'AppRequests\n| where Success == false\n| summarize failures = count() by bin(TimeGenerated, 1h)\n| render timechart with (title="Failed requests per hour")',
    columns: [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'failures', type: 'long' }
    ],
    preview: HOURLY,
    render: { visualization: 'timechart', title: 'Failed requests per hour', xTitle: null, yTitle: null },
    statistics: STATISTICS,
    previewRows: 5,
    elapsedMs: 3100
  }),
  'watch-run': summaryModel({
    ...run(WATCH, { maxCount: '5', warnCount: '3' }, [1, 2, 4, 2, 0, 1]),
    gate: { maxCount: '5', warnCount: '3' },
    evaluation: WATCH,
    count: 1,
    written: 1,
    timespan: 'PT5M',
    query: "AppExceptions\n| where AppRoleName == 'api'\n| project TimeGenerated, ProblemId",
    columns: EXCEPTIONS.slice(0, 3),
    preview: EXCEPTION_ROWS.slice(0, 1).map(row => row.slice(0, 3)),
    elapsedMs: 425_300
  }),
  failure: summaryModel({
    ...judged(1, { maxValue: '800', warnValue: '500' }, '1234.5'),
    timespan: 'PT30M',
    query: "AppRequests\n| where Name == 'POST /api/cart'\n| summarize p95 = percentile(DurationMs, 95)",
    columns: [{ name: 'p95', type: 'real' }],
    preview: raw([[1234.5]]),
    elapsedMs: 980
  }),
  'wait-until-timeout': summaryModel({
    ...run(
      { mode: 'wait-until', delayMs: 0, windowMs: 240_000, intervalMs: 60_000 },
      { minCount: '1' },
      [0, 0, 0, 0, 0]
    ),
    gate: { minCount: '1' },
    evaluation: { mode: 'wait-until', delayMs: 0, windowMs: 240_000, intervalMs: 60_000 },
    count: 0,
    written: 0,
    timespan: 'PT10M',
    query: "Heartbeat\n| where Computer == 'vm-new-1'",
    columns: [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Computer', type: 'string' }
    ],
    preview: [],
    elapsedMs: 241_700
  }),
  'watch-failure': summaryModel({
    ...run({ ...WATCH, delayMs: 0 }, { maxValue: '0.05' }, [1, 1, 1], [0.01, 0.02, 0.12]),
    gate: { maxValue: '0.05' },
    evaluation: { ...WATCH, delayMs: 0 },
    count: 1,
    written: 1,
    value: '0.12',
    timespan: 'PT5M',
    query: 'AppRequests\n| summarize failureRate = round(countif(Success == false) * 1.0 / count(), 3)',
    columns: [{ name: 'failureRate', type: 'real' }],
    preview: raw([[0.12]]),
    elapsedMs: 121_400
  }),
  'watch-blips': summaryModel({
    ...run({ ...WATCH, failureLimit: 1, errorLimit: 1 }, { maxCount: '5' }, [1, 9, 'error', 2, 1, 'error']),
    gate: { maxCount: '5' },
    evaluation: { ...WATCH, failureLimit: 1, errorLimit: 1 },
    count: 1,
    written: 1,
    timespan: 'PT5M',
    query: "AppExceptions\n| where AppRoleName == 'api'",
    columns: EXCEPTIONS.slice(0, 3),
    preview: EXCEPTION_ROWS.slice(0, 1).map(row => row.slice(0, 3)),
    elapsedMs: 301_200
  }),
  'hostile-cells': summaryModel({
    ...judged(3, { maxCount: '10' }),
    query: 'Hostile\n| extend s = "```"',
    columns: [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Text|<b>x</b>', type: 'string' },
      { name: 'Count', type: 'long' }
    ],
    preview: raw([
      ['2026-11-01T05:00:00Z', hostile, 1],
      ['2026-11-01T05:10:00Z', 'line one\r\nline two\rline three', 2],
      ['2026-11-01T05:20:00Z', '"quoted" %%{init}%% #quot; [x]', 3]
    ]),
    partialError: '<img src=x onerror=alert(1)> | *partial*',
    workspace: '`injected` | workspace',
    recordsFile: '/tmp/`x`|<y>.json',
    elapsedMs: 700
  }),
  'no-records': summaryModel({
    ...judged(2, { maxCount: '0' }),
    records: false,
    query: 'SigninLogs\n| where ResultType != 0',
    columns: [{ name: 'UserPrincipalName', type: 'string' }],
    preview: raw([['alice@contoso.com'], ['bob@contoso.com']]),
    elapsedMs: 1200
  }),
  huge: summaryModel({
    count: 2_000_000,
    written: 2_000_000,
    query: `union *\n${'| where isnotempty(Column) '.repeat(1000)}`,
    columns: Array.from({ length: 40 }, (_, i) => ({ name: `Column${i}`, type: 'string' })),
    preview: Array.from({ length: 1000 }, (_, row) =>
      Array.from({ length: 40 }, (_, column) => JSON.stringify(`${row}:${column} ${'漢字🙂|<'.repeat(60)}`))
    ),
    previewRows: 1000,
    elapsedMs: 95_000
  })
}

describe('the job summary, golden files', () => {
  it.each(Object.keys(cases))('%s.md', name => {
    const text = renderSummary(cases[name])
    const file = resolve(GOLDEN, `${name}.md`)
    if (update || !existsSync(file)) writeFileSync(file, text)
    expect(text).toBe(readFileSync(file, 'utf8'))
    expect(Buffer.byteLength(text)).toBeLessThan(MiB)
    for (const block of mermaidBlocks(text)) expect(() => parseXyChart(block), block).not.toThrow()
  })

  it('keeps the huge result within the budget, far under the 1 MiB cap', () => {
    const text = renderSummary(cases.huge)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SUMMARY_BUDGET)
    expect(text).toMatch(/Records \(first \d+ of 2000000 rows, first 30 of 40 columns\)/)
    expect(text).toContain('// … (')
  })

  it('has a chart where one belongs', () => {
    expect(mermaidBlocks(renderSummary(cases['time-series']))).toHaveLength(1)
    expect(mermaidBlocks(renderSummary(cases['watch-run']))).toHaveLength(1)
    expect(mermaidBlocks(renderSummary(cases['plain-table']))).toHaveLength(0)
    expect(mermaidBlocks(renderSummary(cases['no-records']))).toHaveLength(0)
  })

  it('keeps records out when asked to', () => {
    const text = renderSummary(cases['no-records'])
    expect(text).not.toContain('alice')
    expect(text).not.toContain('<details')
    expect(text).toContain('count 2 &gt; max-count 0')
  })

  it('lets no HTML through from the data, and keeps every table row at its width', () => {
    const text = renderSummary(cases['hostile-cells'])
    for (const tag of ['<script', '<img', '<b>']) expect(text).not.toContain(tag)
    const cellPipes = (line: string) => (line.match(/(^|[^\\])\|/g) ?? []).length
    const tableRows = (markdown: string) =>
      markdown.split('\n').filter(line => line.startsWith('| ') && line.endsWith(' |'))
    const [details, records] = text.split('<details open>')
    for (const line of tableRows(details)) expect(cellPipes(line), line).toBe(3)
    for (const line of tableRows(records)) expect(cellPipes(line), line).toBe(4)
    expect(tableRows(records)).toHaveLength(5)
  })
})
