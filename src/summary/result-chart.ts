import { cellNumber, cellText } from '../wire/cells.js'
import { NUMERIC_TYPES, type Column } from '../wire/columns.js'
import type { BaselineSummary } from './baseline.js'
import { MAX_SERIES, type Chart, type ChartSeries } from './chart.js'
import { timeAxisTitle, timeLabels } from './time-labels.js'

/**
 * Which result deserves a chart, and the chart it gets: the query's own
 * `render` (timechart, linechart, areachart, columnchart, barchart…), or
 * without one, a time series — a datetime column and numeric columns, as
 * `summarize count() by bin(TimeGenerated, 1h)` returns them. A string column
 * splits the values into series (`by bin(TimeGenerated, 1h), AppRoleName`).
 */

/** Rows the summary keeps for the chart (the preview table shows fewer). */
export const CHART_ROWS = 500

const LINE_VISUALIZATIONS = new Set([
  'timechart',
  'linechart',
  'areachart',
  'stackedareachart',
  'anomalychart',
  'scatterchart'
])
const BAR_VISUALIZATIONS = new Set(['columnchart', 'piechart'])

/** The query's `render` member, as far as a chart needs it. */
interface Visualization {
  kind: 'line' | 'bar'
  horizontal: boolean
  title?: string
  xTitle?: string
  yTitle?: string
  xColumn?: string
  yColumns?: string[]
}

/**
 * The chart of a result, or undefined when it has none worth drawing. `rows` are the first rows, cells as raw JSON.
 * With a baseline, a time series of one line gets a second one, `baseline`: its rows moved forward by the shift.
 */
export function resultChart(
  columns: Column[],
  rows: string[][],
  count: number,
  render: unknown,
  baseline?: BaselineSummary
): Chart | undefined {
  const visualization = readRender(render)
  if (visualization === null || rows.length === 0) return undefined
  const isTime = (i: number) => columns[i].type === 'datetime'
  const isNumber = (i: number) => NUMERIC_TYPES.has(columns[i].type)
  const indexes = columns.map((_, i) => i)
  const named = (name: string | undefined) =>
    name === undefined ? -1 : columns.findIndex(column => column.name === name)

  let x: number
  let ys: number[]
  if (visualization) {
    x = named(visualization.xColumn)
    if (x === -1)
      x =
        indexes.find(i => (visualization.kind === 'line' ? isTime(i) : !isNumber(i))) ??
        indexes.find(i => !isNumber(i)) ??
        0
    ys = (visualization.yColumns ?? []).map(named).filter(i => i !== -1 && i !== x)
    if (ys.length === 0) ys = indexes.filter(i => i !== x && isNumber(i))
  } else {
    // Without `render`, only a plain time series: one datetime column, numeric columns, at most one string column to
    // split by.
    x = indexes.find(isTime) ?? -1
    ys = indexes.filter(isNumber)
    const others = indexes.filter(i => i !== x && !isNumber(i))
    if (
      x === -1 ||
      ys.length === 0 ||
      rows.length < 2 ||
      others.length > 1 ||
      others.some(i => columns[i].type !== 'string')
    )
      return undefined
  }
  if (ys.length === 0) return undefined
  const split = indexes.find(i => i !== x && !ys.includes(i) && columns[i].type === 'string')

  const kind = visualization?.kind ?? 'line'
  const timeAxis = isTime(x)
  const ordered = timeAxis ? [...rows].sort((a, b) => timeOf(a[x]) - timeOf(b[x])) : rows
  const seen = new Set<string>()
  const series = new Map<string, { name: string; values: Map<string, number> }>()
  for (const row of ordered) {
    const key = timeAxis && Number.isFinite(timeOf(row[x])) ? new Date(timeOf(row[x])).toISOString() : cellText(row[x])
    seen.add(key)
    for (const y of ys) {
      const prefix = split === undefined ? '' : cellText(row[split]) || '(empty)'
      const name = split === undefined ? columns[y].name : ys.length > 1 ? `${prefix} ${columns[y].name}` : prefix
      const line = series.get(name) ?? { name, values: new Map<string, number>() }
      series.set(name, line)
      // Rows that share an x value add up (counts by category arrive that way).
      line.values.set(key, (line.values.get(key) ?? 0) + (cellNumber(row[y]) ?? 0))
    }
  }
  // Bins without rows (summarize leaves them out) are drawn as 0, so that the time axis stays even.
  const grid = timeAxis ? evenBins([...seen].map(key => Date.parse(key))) : undefined
  const keys = grid ? grid.map(time => new Date(time).toISOString()) : [...seen]
  const all = [...series.values()].map(line => ({
    name: line.name,
    values: keys.map(key => line.values.get(key) ?? 0)
  }))
  const kept = all.length > MAX_SERIES ? [...all].sort((a, b) => total(b) - total(a)).slice(0, MAX_SERIES) : all
  const drawn = all.filter(line => kept.includes(line))
  const before =
    baseline && timeAxis && drawn.length === 1
      ? baselineSeries(baseline, columns[x].name, columns[ys[0]].name, keys)
      : undefined
  const notes = [
    count > rows.length ? `first ${rows.length} of ${count} rows` : '',
    grid && grid.length > seen.size ? 'empty bins drawn as 0' : '',
    kept.length < all.length ? `the ${MAX_SERIES} largest of ${all.length} series` : '',
    baseline && timeAxis && !before ? 'the baseline is drawn for a chart of one line only' : ''
  ].filter(note => note !== '')
  const yNames = ys.map(y => columns[y].name).join(', ')
  const times = timeAxis ? timeLabels(keys) : undefined
  return {
    title:
      visualization?.title ??
      `${yNames} by ${columns[x].name}${split === undefined ? '' : ` and ${columns[split].name}`}`,
    kind,
    horizontal: visualization?.horizontal,
    labels: times ? times.labels : keys,
    xTitle: visualization?.xTitle ?? (times ? timeAxisTitle(columns[x].name, times) : columns[x].name),
    yTitle: visualization?.yTitle ?? (split === undefined && ys.length > 1 ? undefined : yNames),
    series: before ? [...drawn, before] : drawn,
    note: notes.length > 0 ? notes.join('; ') : undefined
  }
}

/**
 * The `render` member: undefined when the query has none, null when it asks
 * for something that is not a line or bar chart (a table, a card, a map…).
 */
function readRender(render: unknown): Visualization | null | undefined {
  if (!render || typeof render !== 'object') return undefined
  const fields = render as Record<string, unknown>
  const kind = typeof fields.visualization === 'string' ? fields.visualization.toLowerCase() : ''
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined)
  const horizontal = kind === 'barchart'
  if (!LINE_VISUALIZATIONS.has(kind) && !BAR_VISUALIZATIONS.has(kind) && !horizontal) return null
  const yColumns = Array.isArray(fields.yColumns)
    ? fields.yColumns.filter((name): name is string => typeof name === 'string')
    : text(fields.yColumns)
        ?.split(',')
        .map(name => name.trim())
  return {
    kind: LINE_VISUALIZATIONS.has(kind) ? 'line' : 'bar',
    horizontal,
    title: text(fields.title),
    xTitle: text(fields.xTitle),
    yTitle: text(fields.yTitle),
    xColumn: text(fields.xColumn),
    yColumns
  }
}

/**
 * Every bin from the first time to the last when the times sit on an even grid
 * (each gap a multiple of the smallest), as `bin()` makes them; otherwise undefined.
 */
function evenBins(times: number[]): number[] | undefined {
  if (times.length < 2 || times.some(Number.isNaN)) return undefined
  const gaps = times.slice(1).map((time, i) => time - times[i])
  const step = Math.min(...gaps)
  if (step <= 0 || gaps.some(gap => gap % step !== 0)) return undefined
  const bins = (times[times.length - 1] - times[0]) / step + 1
  if (bins > CHART_ROWS) return undefined
  return Array.from({ length: bins }, (_, i) => times[0] + i * step)
}

/**
 * The baseline as a line on the current chart's time axis (`keys`, ISO times):
 * each baseline row moved forward by the shift, onto the nearest point of the
 * axis (within half a step); points without a baseline row are 0.
 */
function baselineSeries(
  baseline: BaselineSummary,
  xName: string,
  yName: string,
  keys: string[]
): ChartSeries | undefined {
  const bx = baseline.columns.findIndex(column => column.name === xName)
  const by = baseline.columns.findIndex(column => column.name === yName)
  const times = keys.map(key => Date.parse(key))
  if (bx === -1 || by === -1 || times.some(Number.isNaN)) return undefined
  const step = times.length > 1 ? Math.min(...times.slice(1).map((time, i) => time - times[i])) : 0
  const values = keys.map(() => 0)
  for (const row of baseline.rows) {
    const time = timeOf(row[bx]) + baseline.shiftMs
    let nearest = -1
    for (let i = 0; i < times.length; i++)
      if (nearest === -1 || Math.abs(times[i] - time) < Math.abs(times[nearest] - time)) nearest = i
    if (nearest !== -1 && Math.abs(times[nearest] - time) <= step / 2) values[nearest] += cellNumber(row[by]) ?? 0
  }
  return { name: 'baseline', values, baseline: true }
}

function timeOf(raw: string): number {
  const time = Date.parse(cellText(raw))
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time
}

function total(line: ChartSeries): number {
  return line.values.reduce((sum, value) => sum + Math.abs(value), 0)
}
