import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Column } from '../../../src/wire/columns.js'
import { MAX_SERIES } from '../../../src/summary/chart.js'
import { resultChart } from '../../../src/summary/result-chart.js'
import { raw } from '../fixtures/summary.js'

const recorded = (name: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../contract/recorded', name), 'utf8')) as Record<
    string,
    unknown
  >

/** Rows as the parser keeps them: each cell as raw JSON text. */

const TIME_SERIES: Column[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'count_', type: 'long' }
]

describe('resultChart without render', () => {
  it('draws a time series as a line, in time order', () => {
    const rows = raw([
      ['2026-11-01T12:00:00Z', 7],
      ['2026-11-01T10:00:00Z', 3],
      ['2026-11-01T11:00:00Z', 12]
    ])
    expect(resultChart(TIME_SERIES, rows, 3, undefined)).toEqual({
      title: 'count_ by TimeGenerated',
      kind: 'line',
      horizontal: undefined,
      labels: ['10:00', '11:00', '12:00'],
      xTitle: 'TimeGenerated (UTC, 2026-11-01)',
      yTitle: 'count_',
      series: [{ name: 'count_', values: [3, 12, 7] }],
      note: undefined
    })
  })

  it('draws the bins that summarize left out as 0, on an even time axis', () => {
    const rows = raw([
      ['2026-11-01T10:00:00Z', 3],
      ['2026-11-01T11:00:00Z', 1],
      ['2026-11-01T14:00:00Z', 2]
    ])
    const chart = resultChart(TIME_SERIES, rows, 3, undefined)
    expect(chart?.labels).toEqual(['10:00', '11:00', '12:00', '13:00', '14:00'])
    expect(chart?.series).toEqual([{ name: 'count_', values: [3, 1, 0, 0, 2] }])
    expect(chart?.note).toBe('empty bins drawn as 0')
  })

  it('leaves uneven times as they are', () => {
    const rows = raw([
      ['2026-11-01T10:00:00Z', 3],
      ['2026-11-01T10:07:00Z', 1],
      ['2026-11-01T11:00:00Z', 2]
    ])
    expect(resultChart(TIME_SERIES, rows, 3, undefined)).toMatchObject({
      labels: ['10:00', '10:07', '11:00'],
      note: undefined
    })
  })

  it('splits the series by a string column', () => {
    const columns: Column[] = [TIME_SERIES[0], { name: 'AppRoleName', type: 'string' }, TIME_SERIES[1]]
    const rows = raw([
      ['2026-11-01T10:00:00Z', 'api', 3],
      ['2026-11-01T10:00:00Z', 'web', 1],
      ['2026-11-01T11:00:00Z', 'api', 5],
      ['2026-11-01T12:00:00Z', null, 2]
    ])
    const chart = resultChart(columns, rows, 4, undefined)
    expect(chart?.title).toBe('count_ by TimeGenerated and AppRoleName')
    expect(chart?.series).toEqual([
      { name: 'api', values: [3, 5, 0] },
      { name: 'web', values: [1, 0, 0] },
      { name: '(empty)', values: [0, 0, 2] }
    ])
  })

  it('keeps the largest series when there are too many', () => {
    const columns: Column[] = [TIME_SERIES[0], { name: 'Computer', type: 'string' }, TIME_SERIES[1]]
    const rows = raw(
      Array.from({ length: 20 }, (_, i) => ['2026-11-01T10:00:00Z', `vm-${i}`, i]).concat([
        ['2026-11-01T11:00:00Z', 'vm-0', 1]
      ])
    )
    const chart = resultChart(columns, rows, 21, undefined)
    expect(chart?.series.map(line => line.name)).toEqual([
      'vm-13',
      'vm-14',
      'vm-15',
      'vm-16',
      'vm-17',
      'vm-18',
      'vm-19'
    ])
    expect(chart?.series).toHaveLength(MAX_SERIES)
    expect(chart?.note).toBe(`the ${MAX_SERIES} largest of 20 series`)
  })

  it('says when the chart shows only the first rows', () => {
    const rows = raw([
      ['2026-11-01T10:00:00Z', 3],
      ['2026-11-01T11:00:00Z', 4]
    ])
    expect(resultChart(TIME_SERIES, rows, 9000, undefined)?.note).toBe('first 2 of 9000 rows')
  })

  it('draws nothing for a single row, a table without numbers or time, or raw records', () => {
    expect(resultChart(TIME_SERIES, raw([['2026-11-01T10:00:00Z', 3]]), 1, undefined)).toBeUndefined()
    expect(resultChart([{ name: 'Count', type: 'long' }], raw([[3], [4]]), 2, undefined)).toBeUndefined()
    expect(
      resultChart(
        [TIME_SERIES[0], { name: 'Computer', type: 'string' }],
        raw([
          ['2026-11-01T10:00:00Z', 'a'],
          ['2026-11-01T11:00:00Z', 'b']
        ]),
        2,
        undefined
      )
    ).toBeUndefined()
    const records: Column[] = [TIME_SERIES[0], { name: 'Level', type: 'int' }, { name: 'Properties', type: 'dynamic' }]
    expect(
      resultChart(
        records,
        raw([
          ['2026-11-01T10:00:00Z', 1, '{}'],
          ['2026-11-01T11:00:00Z', 2, '{}']
        ]),
        2,
        undefined
      )
    ).toBeUndefined()
    const twoStrings: Column[] = [
      TIME_SERIES[0],
      { name: 'A', type: 'string' },
      { name: 'B', type: 'string' },
      TIME_SERIES[1]
    ]
    expect(
      resultChart(
        twoStrings,
        raw([
          ['2026-11-01T10:00:00Z', 'a', 'b', 1],
          ['2026-11-01T11:00:00Z', 'a', 'b', 2]
        ]),
        2,
        undefined
      )
    ).toBeUndefined()
    expect(resultChart(TIME_SERIES, [], 0, undefined)).toBeUndefined()
  })
})

describe('resultChart with render', () => {
  it("draws the recorded columnchart as bars, with the service's title and axis title", () => {
    const body = recorded('query-200-with-render.response.json') as {
      tables: { columns: Column[]; rows: unknown[][] }[]
      render: unknown
    }
    const chart = resultChart(body.tables[0].columns, raw(body.tables[0].rows), 3, body.render)
    expect(chart).toEqual({
      title: 'the chart title',
      kind: 'bar',
      horizontal: false,
      labels: ['a', 'b', 'c'],
      xTitle: 'the x axis title',
      yTitle: 'i',
      series: [{ name: 'i', values: [1, 2, 3] }],
      note: undefined
    })
  })

  it('draws a barchart horizontally and a timechart as lines, even for one row', () => {
    const rows = raw([['2026-11-01T10:00:00Z', 3]])
    expect(resultChart(TIME_SERIES, rows, 1, { visualization: 'timechart', title: null })).toMatchObject({
      kind: 'line',
      labels: ['10:00']
    })
    const bars = resultChart([{ name: 'Name', type: 'string' }, TIME_SERIES[1]], raw([['a', 1]]), 1, {
      visualization: 'barchart'
    })
    expect(bars).toMatchObject({ kind: 'bar', horizontal: true, labels: ['a'] })
  })

  it('adds up rows that share a category', () => {
    const chart = resultChart(
      [{ name: 'Name', type: 'string' }, TIME_SERIES[1]],
      raw([
        ['a', 1],
        ['b', 2],
        ['a', 4]
      ]),
      3,
      { visualization: 'columnchart' }
    )
    expect(chart?.series).toEqual([{ name: 'count_', values: [5, 2] }])
  })

  it('follows xColumn and yColumns', () => {
    const columns: Column[] = [
      { name: 'n1', type: 'long' },
      { name: 'n2', type: 'real' },
      { name: 'label', type: 'string' }
    ]
    const chart = resultChart(
      columns,
      raw([
        [1, 2.5, 'x'],
        [3, 4.5, 'y']
      ]),
      2,
      { visualization: 'columnchart', xColumn: 'label', yColumns: ['n2'] }
    )
    expect(chart).toMatchObject({ labels: ['x', 'y'], series: [{ name: 'n2', values: [2.5, 4.5] }] })
  })

  it('draws nothing for a table, a card or a pie without numbers', () => {
    const rows = raw([
      ['2026-11-01T10:00:00Z', 3],
      ['2026-11-01T11:00:00Z', 4]
    ])
    expect(resultChart(TIME_SERIES, rows, 2, { visualization: 'table' })).toBeUndefined()
    expect(resultChart(TIME_SERIES, rows, 2, { visualization: 'card' })).toBeUndefined()
    expect(
      resultChart([{ name: 'Name', type: 'string' }], raw([['a']]), 1, { visualization: 'piechart' })
    ).toBeUndefined()
  })
})
