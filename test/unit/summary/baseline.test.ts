import { describe, expect, it } from 'vitest'
import {
  baselineDetail,
  baselineLine,
  baselineMatcher,
  beside,
  changeOf,
  type BaselineSummary
} from '../../../src/summary/baseline.js'
import { mermaidChart } from '../../../src/summary/chart.js'
import { renderSummary } from '../../../src/summary/render.js'
import { resultChart } from '../../../src/summary/result-chart.js'
import type { Column } from '../../../src/wire/columns.js'
import { mermaidBlocks, parseXyChart } from '../fixtures/mermaid-grammar.js'
import { raw, summaryModel } from '../fixtures/summary.js'

const HOUR = 3_600_000

describe('changeOf', () => {
  it('is the change in per cent, one decimal below 10 %', () => {
    expect(changeOf('12', '8')).toBe('+50 %')
    expect(changeOf('6', '8')).toBe('-25 %')
    expect(changeOf('0.93', '0.95')).toBe('-2.1 %')
    expect(changeOf('1e3', '10')).toBe('+9900 %')
    expect(changeOf('-5', '-10')).toBe('+50 %')
  })

  it('says no change for equal numbers, compared exactly', () => {
    expect(changeOf('8', '8.0')).toBe('no change')
    expect(changeOf('0', '0')).toBe('no change')
    expect(changeOf('9007199254740993', '9007199254740992')).toBe('+0 %')
    expect(changeOf('0.99999', '1')).toBe('-0 %')
  })

  it('has none from zero, or for what is not a number', () => {
    expect(changeOf('3', '0')).toBeUndefined()
    expect(changeOf('api', '3')).toBeUndefined()
    expect(changeOf('3', '')).toBeUndefined()
    expect(changeOf('"3', '3')).toBeUndefined()
  })
})

describe('beside', () => {
  it('writes the current number, the baseline and the change', () => {
    expect(beside('12', '8')).toBe('12 (baseline 8, +50 %)')
    expect(beside('3', '0')).toBe('3 (baseline 0)')
    expect(beside('ok', undefined)).toBe('ok (no baseline)')
  })

  it('escapes text from the service', () => {
    expect(beside('<b>a|b</b>', '**x**')).toBe('&lt;b&gt;a\\|b&lt;/b&gt; (baseline \\*\\*x\\*\\*)')
  })
})

describe('baselineLine', () => {
  const columns: Column[] = [
    { name: 'Region', type: 'string' },
    { name: 'errors', type: 'long' }
  ]

  it('puts the baseline and the change under a number', () => {
    expect(baselineLine(columns[1], '12', ['"westeurope"', '8'], columns)).toBe('<br><sub>baseline 8, +50 %</sub>')
    expect(baselineLine(columns[1], '12', undefined, columns)).toBe('<br><sub>no baseline</sub>')
    expect(baselineLine(columns[1], '12', ['8'], [columns[1]])).toBe('<br><sub>baseline 8, +50 %</sub>')
  })

  it('puts nothing under a cell that is not a number', () => {
    expect(baselineLine(columns[0], '"westeurope"', ['"westeurope"', '8'], columns)).toBe('')
  })
})

/** A baseline of the summary: counts by region an hour earlier. */
function byRegion(overrides: Partial<BaselineSummary> = {}): BaselineSummary {
  return {
    name: 'previous',
    timespan: '2026-11-01T10:00:00.000Z/2026-11-01T11:00:00.000Z',
    shiftMs: HOUR,
    count: 2,
    value: 'westeurope',
    columns: REGIONS,
    rows: raw([
      ['westeurope', 6],
      ['southindia', 2]
    ]),
    ...overrides
  }
}

const REGIONS: Column[] = [
  { name: 'Region', type: 'string' },
  { name: 'errors', type: 'long' }
]

describe('renderSummary with a baseline', () => {
  const model = summaryModel({
    count: 2,
    written: 2,
    value: 'westeurope',
    columns: REGIONS,
    preview: raw([
      ['westeurope', 8],
      ['northeurope', 4]
    ]),
    baseline: byRegion()
  })
  const text = renderSummary(model)

  it('shows rows and value beside the baseline, and the baseline window', () => {
    expect(text).toContain('| Rows | 2 (baseline 2, no change) |')
    expect(text).toContain('| Value | westeurope (baseline westeurope) |')
    expect(text).toContain('| Baseline | previous <code>2026-11-01T10:00:00.000Z/2026-11-01T11:00:00.000Z</code> |')
    expect(baselineDetail(byRegion({ name: '<i>1d</i>' }))[1]).toMatch(/^&lt;i&gt;1d&lt;\/i&gt; <code>/)
  })

  it('puts each number over its baseline in the preview, matched on the string columns', () => {
    expect(text).toContain("Records (2 rows; under each number, the baseline's (previous) and the change)")
    expect(text).toContain('| westeurope | 8<br><sub>baseline 6, +33 %</sub> |')
    expect(text).toContain('| northeurope | 4<br><sub>no baseline</sub> |')
  })

  it('says when the baseline was matched on its first rows only', () => {
    expect(renderSummary({ ...model, baseline: byRegion({ note: 'The baseline has 20000 rows.' }) })).toContain(
      '> [!NOTE]\n> The baseline has 20000 rows.'
    )
  })

  it('shows no value row without a value threshold or a baseline', () => {
    expect(renderSummary({ ...model, baseline: undefined })).not.toContain('| Value |')
  })
})

describe('resultChart with a baseline', () => {
  const SERIES: Column[] = [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'count_', type: 'long' }
  ]
  const current = raw([
    ['2026-11-01T11:00:00Z', 5],
    ['2026-11-01T11:10:00Z', 7],
    ['2026-11-01T11:20:00Z', 9]
  ])
  const earlier = (rows: unknown[][]): BaselineSummary => ({
    ...byRegion(),
    columns: SERIES,
    rows: raw(rows),
    count: rows.length
  })

  it('draws the baseline as a second line, its times moved forward by the shift', () => {
    const chart = resultChart(
      SERIES,
      current,
      3,
      undefined,
      earlier([
        ['2026-11-01T10:00:00Z', 2],
        ['2026-11-01T10:20:00Z', 4]
      ])
    )
    expect(chart?.series).toEqual([
      { name: 'count_', values: [5, 7, 9] },
      { name: 'baseline', values: [2, 0, 4], baseline: true }
    ])
  })

  it('puts a baseline point off the grid on the nearest point within half a step, and drops the rest', () => {
    const shifted = earlier([
      ['2026-11-01T10:04:00Z', 2],
      ['2026-11-01T10:16:00Z', 3],
      ['2026-11-01T12:00:00Z', 50]
    ])
    expect(resultChart(SERIES, current, 3, undefined, shifted)?.series[1].values).toEqual([2, 0, 3])
  })

  it('draws it for one line only, and says so', () => {
    const split: Column[] = [...SERIES, { name: 'Region', type: 'string' }]
    const rows = raw([
      ['2026-11-01T11:00:00Z', 5, 'a'],
      ['2026-11-01T11:10:00Z', 7, 'b']
    ])
    const chart = resultChart(split, rows, 2, undefined, earlier([['2026-11-01T10:00:00Z', 2]]))
    expect(chart?.series.map(line => line.name)).toEqual(['a', 'b'])
    expect(chart?.note).toContain('the baseline is drawn for a chart of one line only')
  })

  it('is a grey line in the legend, a line even in a bar chart, and Mermaid reads it', () => {
    const chart = resultChart(
      SERIES,
      current,
      3,
      { visualization: 'columnchart' },
      earlier([['2026-11-01T10:10:00Z', 4]])
    )!
    const markdown = mermaidChart(chart)
    const [block] = mermaidBlocks(markdown)
    expect(block).toMatch(/\n {2}bar \[5, 7, 9\]\n {2}line \[0, 4, 0\]/)
    expect(markdown).toContain('⬜ baseline')
    const calls = parseXyChart(block).calls.map(([name]) => name)
    expect(calls).toContain('setBarData')
    expect(calls).toContain('setLineData')
  })
})

describe('baselineMatcher', () => {
  const SERIES: Column[] = [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'count_', type: 'long' }
  ]
  const baseline = {
    ...byRegion(),
    columns: SERIES,
    rows: raw([
      ['2026-11-01T10:00:00Z', 2],
      ['2026-11-01T10:10:00Z', 4]
    ])
  }

  it('matches the rows of a time series with the bin a shift earlier', () => {
    const match = baselineMatcher(SERIES, 3, baseline)
    expect(match(raw([['2026-11-01T11:10:00.000Z', 7]])[0])).toEqual(['"2026-11-01T10:10:00Z"', '4'])
    expect(match(raw([['2026-11-01T11:00:00Z', 5]])[0])).toEqual(['"2026-11-01T10:00:00Z"', '2'])
    expect(match(raw([['2026-11-01T11:20:00Z', 9]])[0])).toBeUndefined()
  })

  it('matches a single row as baselineRowFor does: on the string columns, else the first row', () => {
    expect(baselineMatcher(SERIES, 1, baseline)(raw([['2026-11-01T11:20:00Z', 9]])[0])).toEqual([
      '"2026-11-01T10:00:00Z"',
      '2'
    ])
    const match = baselineMatcher(REGIONS, 2, byRegion())
    expect(match(raw([['southindia', 1]])[0])).toEqual(['"southindia"', '2'])
    expect(match(raw([['northeurope', 1]])[0])).toBeUndefined()
  })

  it('matches nothing when the baseline lacks the datetime column', () => {
    expect(baselineMatcher(SERIES, 2, byRegion())(raw([['2026-11-01T11:00:00Z', 5]])[0])).toBeUndefined()
  })
})
