import { describe, expect, it } from 'vitest'
import type { Column } from '../../../src/wire/columns.js'
import { renderSummary, SUMMARY_BUDGET, type SummaryModel } from '../../../src/summary/render.js'
import { judged, summaryModel } from '../fixtures/summary.js'

const model = summaryModel

/** The lines of the records table (header, separator, rows). */
function tableLines(markdown: string): string[] {
  const start = markdown.indexOf('<details open>')
  return markdown
    .slice(start)
    .split('\n')
    .filter(line => line.startsWith('|'))
}

/** Pipes that split cells (not escaped with a backslash). */
function cellPipes(line: string): number {
  return (line.match(/(^|[^\\])\|/g) ?? []).length
}

describe('renderSummary verdict line', () => {
  it('says how many rows came back when there is no gate', () => {
    const text = renderSummary(model())
    expect(text.split('\n')[0]).toBe('### Log Analytics query returned 3 rows')
    expect(renderSummary(model({ count: 1, written: 1 })).split('\n')[0]).toBe('### Log Analytics query returned 1 row')
    expect(renderSummary(model({ count: 0, written: 0, preview: [] })).split('\n')[0]).toBe(
      '### Log Analytics query returned 0 rows'
    )
  })

  it('says the gate passed, with each threshold', () => {
    const text = renderSummary(model(judged(3, { maxCount: '5', minCount: '1' })))
    expect(text.split('\n')[0]).toBe('### ✅ Log Analytics query passed: count 3 ≤ max-count 5, count 3 ≥ min-count 1')
  })

  it('says the gate failed, with the thresholds crossed', () => {
    const text = renderSummary(model(judged(3, { maxCount: '2', minCount: '1' })))
    expect(text.split('\n')[0]).toBe('### ❌ Log Analytics query failed the gate: count 3 &gt; max-count 2')
  })
})

describe('renderSummary details', () => {
  const text = renderSummary(model())

  it('lists rows, workspace, time range, duration and records file', () => {
    expect(text).toContain('| Rows | 3 |')
    expect(text).toContain('| Workspace | <code>2b2c1f5e-0000-4c5c-9d3a-0123456789ab</code> |')
    expect(text).toContain('| Time range | <code>P1D</code> |')
    expect(text).toContain('| Took | 1.5 s |')
    expect(text).toContain(
      '| Records | json file <code>/home/runner/work/\\_temp/log-analytics-query-1a2b3c4d.json</code> |'
    )
  })

  it('counts the attempts when the query was retried', () => {
    expect(renderSummary(model({ attempts: 3 }))).toContain('| Took | 1.5 s (3 attempts) |')
    expect(renderSummary(model({ attempts: 1 }))).not.toContain('attempt')
  })

  it('says when fewer rows were written than counted', () => {
    expect(renderSummary(model({ count: 10, written: 3 }))).toContain('| Rows | 10 (3 written) |')
  })

  it('says all retained data without a timespan', () => {
    expect(renderSummary(model({ timespan: undefined }))).toContain('| Time range | all retained data |')
  })

  it('shows the query in a kusto code block', () => {
    expect(text).toContain(
      '```kusto\nAppExceptions\n| where SeverityLevel >= 3\n| project TimeGenerated, Message\n```\n'
    )
  })

  it('shows a query with backtick runs in a longer fence', () => {
    const query = 'print x = ```` ``` ````'
    expect(renderSummary(model({ query }))).toContain(`\`\`\`\`\`kusto\n${query}\n\`\`\`\`\`\n`)
  })

  it('shortens a huge query', () => {
    const query = 'x'.repeat(100_000)
    const out = renderSummary(model({ query }))
    expect(out.length).toBeLessThan(30_000)
    expect(out).toContain(`// … (${100_000 - 16 * 1024} more characters)`)
  })

  it('previews the rows with column types, nulls empty', () => {
    const lines = tableLines(text)
    expect(text).toContain('<summary>Records (3 rows)</summary>')
    expect(lines[0]).toBe('| TimeGenerated <sub>datetime</sub> | Message <sub>string</sub> | Count <sub>long</sub> |')
    expect(lines[2]).toBe('| 2026-11-01T00:00:00Z | first | 1 |')
    expect(lines[3]).toBe('| 2026-11-01T00:01:00Z | second | 9007199254740993 |')
    expect(lines[4]).toBe('| 2026-11-01T00:02:00Z |  |  |')
  })

  it('says when the preview shows only the first rows', () => {
    expect(renderSummary(model({ count: 500 }))).toContain('<summary>Records (first 3 of 500 rows)</summary>')
  })

  it('has no records table without columns or rows', () => {
    expect(renderSummary(model({ preview: [] }))).not.toContain('<details')
    expect(renderSummary(model({ columns: [], preview: [] }))).not.toContain('<details')
  })

  it('warns about a partial result', () => {
    const out = renderSummary(
      model({ partialError: 'Query result set has exceeded the internal data size limit 64000000' })
    )
    expect(out).toContain(
      '> [!WARNING]\n> The result is incomplete: Query result set has exceeded the internal data size limit 64000000'
    )
    expect(text).not.toContain('[!WARNING]')
  })

  it('says why a partial result was not split into time slices', () => {
    const out = renderSummary(model({ partialError: 'cut at the cap', notSplit: 'line 2 uses "take"' }))
    expect(out).toContain(
      '> The result is incomplete: cut at the cap\n>\n> It was not split into time slices: line 2 uses "take"'
    )
  })

  it('shows how an export in time slices ran, in one row of the details', () => {
    const report = {
      slices: 39,
      skipped: 0,
      planningQueries: 2,
      splitAgain: 1,
      rows: 2_000_000,
      bytes: 1.8 * 2 ** 30,
      elapsedMs: 36_000,
      concurrency: 4,
      retries: 3,
      throttled: 2,
      waitedMs: 9_000
    }
    const row = renderSummary(model({ export: report }))
      .split('\n')
      .find(line => line.startsWith('| Export |'))
    expect(row).toBe(
      '| Export | 39 time slices up to 4 at a time, 1 cut by the service and split again, 2 counting queries; ' +
        '1.8 GiB in 36 s; 3 retries (2 throttled, 9.0 s waiting) |'
    )
    const skipped = renderSummary(model({ export: { ...report, splitAgain: 0, skipped: 5, retries: 0 } }))
    expect(skipped).toContain(
      '| Export | 39 time slices up to 4 at a time, 5 past max-records counted on the server, not read,'
    )
    expect(skipped).toContain('; no retries |')
    expect(renderSummary(model({}))).not.toContain('| Export |')
  })

  it('adds the extra details rows after the standard ones, and notes under the table', () => {
    const text = renderSummary(
      model({ details: [['Data scanned', '0.52 GB']], notes: ['Billed by the data scanned.'] })
    )
    expect(text).toContain(
      '| Records | json file <code>/home/runner/work/\\_temp/log-analytics-query-1a2b3c4d.json</code> |\n| Data scanned | 0.52 GB |\n'
    )
    expect(text.indexOf('> [!NOTE]\n> Billed by the data scanned.')).toBeLessThan(text.indexOf('```kusto'))
  })

  it('is the same text for the same model', () => {
    expect(renderSummary(model())).toBe(text)
  })
})

describe('renderSummary with hostile text', () => {
  const hostile = '<img src=x onerror=alert(1)>|**bold**|`tick`|[link](javascript:alert(1))\n<script>x</script>&amp;'
  const text = renderSummary(
    model({
      columns: [
        { name: 'Name|<b>x</b>', type: 'string' },
        { name: 'Other', type: 'dynamic' }
      ],
      preview: [[JSON.stringify(hostile), JSON.stringify(JSON.stringify({ html: '<iframe>' }))]],
      count: 1,
      written: 1,
      partialError: '<script>alert(1)</script> | *x*',
      workspace: '`injected`',
      recordsFile: '/tmp/`x`.json',
      format: '<b>json</b>'
    })
  )

  it('lets no HTML through', () => {
    for (const tag of ['<img', '<script', '<b>', '<iframe', '</script']) expect(text).not.toContain(tag)
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(text).toContain('&amp;amp;')
  })

  it('keeps every row at the table width', () => {
    const lines = tableLines(text)
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(cellPipes(line)).toBe(3)
    expect(lines[2]).toContain('\\*\\*bold\\*\\*')
    expect(lines[2]).toContain('\\[link\\]')
    expect(lines[2]).toContain('<br>')
  })

  it('escapes backticks in the code cells', () => {
    expect(text).toContain('| Workspace | <code>\\`injected\\`</code> |')
    expect(text).toContain('file <code>/tmp/\\`x\\`.json</code>')
  })

  it('escapes the partial error', () => {
    expect(text).toContain('The result is incomplete: &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\*')
  })
})

describe('renderSummary size', () => {
  function wide(columnCount: number, rowCount: number, cell: string, name = (i: number) => `Column${i}`): SummaryModel {
    const columns: Column[] = Array.from({ length: columnCount }, (_, i) => ({ name: name(i), type: 'string' }))
    const row = columns.map(() => JSON.stringify(cell))
    return model({ columns, preview: Array.from({ length: rowCount }, () => row), count: rowCount, written: rowCount })
  }

  it('shows the first 30 of 300 columns, with cells of 1000 characters shortened', () => {
    const text = renderSummary(wide(300, 20, 'x'.repeat(1000)))
    expect(text.length).toBeLessThanOrEqual(SUMMARY_BUDGET)
    expect(text).toContain('Records (20 rows, first 30 of 300 columns)')
    expect(tableLines(text)).toHaveLength(22)
    expect(tableLines(text)[0].split(' | ')).toHaveLength(30)
    // Cells are shortened to 120 characters.
    expect(tableLines(text)[2]).toContain(`| ${'x'.repeat(119)}… |`)
  })

  it('stays within SUMMARY_BUDGET with hostile cells that grow when escaped', () => {
    const text = renderSummary(wide(300, 20, '<&>|'.repeat(250)))
    expect(text.length).toBeLessThanOrEqual(SUMMARY_BUDGET)
    const shown = /Records \(first (\d+) of 20 rows, first 30 of 300 columns\)/.exec(text)
    expect(shown).not.toBeNull()
    expect(tableLines(text)).toHaveLength(Number(shown?.[1]) + 2)
  })

  it('stays within SUMMARY_BUDGET whatever the cell size', () => {
    for (let length = 1; length <= 120; length += 7) {
      const text = renderSummary(wide(300, 20, 'y'.repeat(length)))
      expect(text.length, `cells of ${length}`).toBeLessThanOrEqual(SUMMARY_BUDGET)
    }
  })

  // Kusto allows 10,000 columns (bag_unpack): the header must not escape the budget either.
  it('stays within SUMMARY_BUDGET with 10,000 columns', () => {
    const text = renderSummary(wide(10_000, 1, 'v', i => `<${String(i).padStart(58, '&')}>`))
    expect(text.length).toBeLessThanOrEqual(SUMMARY_BUDGET)
  })
})
