import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { mermaidBlocks, parseXyChart } from '../unit/fixtures/mermaid-grammar.js'
import { records, runAction } from './harness.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

describe('the job summary of a real run', () => {
  it('draws a time series as a chart that Mermaid parses, with the query statistics', async () => {
    const result = await runAction(emulator, {
      query: 'AppRequests\n| where Success == false\n| summarize failures = count() by bin(TimeGenerated, 1h)',
      timespan: 'P1D'
    })
    expect(result.exitCode).toBe(0)
    const [chart] = mermaidBlocks(result.summary)
    expect(chart).toContain('title "failures by TimeGenerated"')
    const parsed = parseXyChart(chart)
    const points = parsed.calls.find(([name]) => name === 'setLineData')![1][1] as { value: number }[]
    // Every hour from the first to the last, the hours without failures (left out by summarize) as 0.
    const rows = JSON.parse(records(result)) as { TimeGenerated: string; failures: number }[]
    const byHour = new Map(rows.map(row => [Date.parse(row.TimeGenerated), row.failures]))
    const first = Math.min(...byHour.keys())
    const hours = (Math.max(...byHour.keys()) - first) / 3600_000 + 1
    expect(points.map(point => point.value)).toEqual(
      Array.from({ length: hours }, (_, i) => byHour.get(first + i * 3600_000) ?? 0)
    )
    expect(rows.length).toBeGreaterThan(10)
    expect(result.summary).toMatch(/\| Execution time \| \d+ ms \(CPU \d+ ms\) \|/)
    expect(result.summary).toMatch(/\| Data scanned \| \d+ of \d+ rows, 1 of 1 extents \|/)
  })

  it("draws the query's render columnchart as bars, split by a string column", async () => {
    const result = await runAction(emulator, {
      query:
        "AppRequests\n| summarize requests = count() by bin(TimeGenerated, 6h), Name\n| render columnchart with (title='Requests by endpoint')",
      timespan: 'P1D'
    })
    expect(result.exitCode).toBe(0)
    const [chart] = mermaidBlocks(result.summary)
    expect(chart).toContain('title "Requests by endpoint"')
    expect(chart.match(/^ {2}bar \[/gm)).toHaveLength(3)
    expect(result.summary).toContain('🟦 GET /api/orders · 🟧 GET /api/products · 🟩 POST /api/cart')
    expect(() => parseXyChart(chart)).not.toThrow()
  })

  it('previews summary-rows rows', async () => {
    const result = await runAction(emulator, { query: 'AppExceptions', timespan: '1h', 'summary-rows': '2' })
    expect(result.summary).toContain('<summary>Records (first 2 of 7 rows)</summary>')
    const none = await runAction(emulator, { query: 'AppExceptions', timespan: '1h', 'summary-rows': '0' })
    expect(none.summary).not.toContain('<summary>Records')
    expect(none.summary).toContain('| Rows | 7 |')
  })

  it('keeps records out of the summary with summary: false, and still tells the verdict', async () => {
    const result = await runAction(emulator, {
      query: 'AppRequests\n| summarize count() by bin(TimeGenerated, 1h), Name',
      'max-count': '1000',
      summary: 'false'
    })
    expect(result.exitCode).toBe(0)
    expect(result.summary.split('\n')[0]).toMatch(/^### ✅ Log Analytics query passed: count \d+ ≤ max-count 1000$/)
    expect(result.summary).not.toContain('/api/')
    expect(result.summary).not.toContain('<details')
    expect(result.summary).not.toContain('mermaid')
    expect(JSON.parse(records(result))).not.toHaveLength(0)
  })

  it('shows hostile cells escaped', async () => {
    const result = await runAction(emulator, { query: 'Hostile' })
    expect(result.exitCode).toBe(0)
    expect(result.summary).not.toMatch(/<script|<img/)
    expect(result.summary).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(result.summary).toContain('line one<br>line two')
  })
})
