import { codeBlock, inline, tableCell } from './markdown.js'
import { shorten } from '../common/format.js'

/**
 * Charts as Mermaid `xychart-beta` blocks, which GitHub draws in a job summary.
 * Everything that comes from data (labels, titles, names) is reduced to text
 * Mermaid's grammar cannot misread, and the size of a chart is bounded.
 */

export interface ChartSeries {
  name: string
  /** One value per label. */
  values: number[]
  /** The baseline's line (`baseline`): grey, and a line even in a bar chart. */
  baseline?: boolean
}

/** A flat line across the chart: a threshold. */
export interface ChartMarker {
  name: string
  value: number
  tier: 'fail' | 'warn'
}

export interface Chart {
  title: string
  kind: 'line' | 'bar'
  /** Bars from the left instead of from the bottom (Kusto's `barchart`). */
  horizontal?: boolean
  /** The x-axis categories. */
  labels: string[]
  xTitle?: string
  yTitle?: string
  series: ChartSeries[]
  markers?: ChartMarker[]
  /** A line under the chart: what was left out, how points were merged. */
  note?: string
}

/** More points than this are merged (each kept point is the highest of its group). */
export const MAX_POINTS = 100
/** More series than this are left out. */
export const MAX_SERIES = 7
/** More x-axis labels than this would overlap: only every so many is shown. */
export const MAX_LABELS = 16
/** The chart's width in pixels (GitHub scales it to the page). */
const WIDTH = 900

/** Colours of series, and the square emoji of the same colour that stands for each in the legend. */
const SERIES_COLOURS: [string, string][] = [
  ['#3b88c3', '🟦'],
  ['#f4900c', '🟧'],
  ['#78b159', '🟩'],
  ['#aa8ed6', '🟪'],
  ['#c1694f', '🟫'],
  ['#fdcb58', '🟨'],
  ['#31373d', '⬛']
]
const MARKER_COLOURS: Record<ChartMarker['tier'], [string, string]> = {
  fail: ['#dd2e44', '🟥'],
  warn: ['#f4900c', '🟧']
}
/** The baseline's colour: grey, beside whatever the current line's is. */
const BASELINE_COLOUR: [string, string] = ['#99aab5', '⬜']

/** The chart as a fenced `mermaid` block, with a legend and a note under it when there is something to say. */
export function mermaidChart(chart: Chart): string {
  const { labels, series, note } = downsample(chart)
  const markers = chart.markers ?? []
  const colours = [
    ...series.map((line, i) => (line.baseline ? BASELINE_COLOUR : SERIES_COLOURS[i % SERIES_COLOURS.length])),
    ...markers.map(marker => MARKER_COLOURS[marker.tier])
  ]
  const [low, high] = yRange([...series.flatMap(line => line.values), ...markers.map(marker => marker.value)])
  const init = {
    xyChart: { width: WIDTH },
    themeVariables: { xyChart: { plotColorPalette: colours.map(([colour]) => colour).join(', ') } }
  }
  const lines = [
    `%%{init: ${JSON.stringify(init)}}%%`,
    `xychart-beta${chart.horizontal ? ' horizontal' : ''}`,
    `  title ${quote(chart.title, 80)}`,
    `  x-axis ${chart.xTitle ? `${quote(chart.xTitle, 60)} ` : ''}[${sparseLabels(distinct(labels.map(label => quote(label, 24)))).join(', ')}]`,
    `  y-axis ${chart.yTitle ? `${quote(chart.yTitle, 40)} ` : ''}${number(low)} --> ${number(high)}`,
    ...series.map(line => `  ${line.baseline ? 'line' : chart.kind} [${line.values.map(number).join(', ')}]`),
    ...markers.map(marker => `  line [${labels.map(() => number(marker.value)).join(', ')}]`)
  ]
  const legend = [...series.map(line => line.name), ...markers.map(marker => `${marker.name} ${number(marker.value)}`)]
  const showLegend = legend.length > 1
  const under = [
    showLegend
      ? legend.map((name, i) => `${colours[i][1]} ${tableCell(name.replace(/\s+/g, ' ').trim(), 40)}`).join(' · ')
      : '',
    note ? `<sub>${inline(note)}</sub>` : ''
  ].filter(text => text !== '')
  return codeBlock(lines.join('\n'), 'mermaid') + (under.length > 0 ? `\n${under.join('<br>\n')}\n` : '')
}

/** Merges runs of points so that at most MAX_POINTS remain, keeping each run's first label and highest value. */
function downsample(chart: Chart): { labels: string[]; series: ChartSeries[]; note?: string } {
  const size = Math.ceil(chart.labels.length / MAX_POINTS)
  if (size <= 1) return chart
  const starts = Array.from({ length: Math.ceil(chart.labels.length / size) }, (_, i) => i * size)
  const merged = `each point is the highest of ${size} in a row`
  return {
    labels: starts.map(start => chart.labels[start]),
    series: chart.series.map(line => ({
      ...line,
      values: starts.map(start => Math.max(...line.values.slice(start, start + size)))
    })),
    note: chart.note ? `${chart.note}; ${merged}` : merged
  }
}

/**
 * Every label when they fit, otherwise every n-th, so that they never overlap.
 * Mermaid draws every category and wants each to be different (and trims
 * spaces): the ones left out become runs of zero-width spaces of different
 * lengths, which draw as nothing.
 */
function sparseLabels(quoted: string[]): string[] {
  const every = Math.ceil(quoted.length / MAX_LABELS)
  if (every <= 1) return quoted
  return quoted.map((label, i) => (i % every === 0 ? label : `"${'\u200b'.repeat(i)}"`))
}

/** Quoted labels made different where shortening (or quoting) made them alike: `"a…"`, `"a… (2)"`. */
function distinct(quoted: string[]): string[] {
  const seen = new Map<string, number>()
  return quoted.map(label => {
    const times = (seen.get(label) ?? 0) + 1
    seen.set(label, times)
    return times === 1 ? label : `${label.slice(0, -1)} (${times})"`
  })
}

/** A y-axis from 0 (or below, for negative values) to a round number above the highest value. */
function yRange(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite)
  const low = Math.min(0, ...finite)
  const high = Math.max(0, ...finite)
  if (high === low) return [low, low + 1]
  return [low < 0 ? -roundUp(-low * 1.1) : 0, high > 0 ? roundUp(high * 1.1) : 0]
}

/** The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (times a power of ten) not below x. */
export function roundUp(x: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(x))
  const step =
    [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find(candidate => candidate * magnitude >= x * (1 - 1e-12)) ?? 10
  return Number((step * magnitude).toPrecision(12))
}

/** A number as Mermaid reads it: plain digits, never an exponent; non-numbers as 0. */
export function number(value: number): string {
  if (!Number.isFinite(value)) return '0'
  return value.toLocaleString('en-US', { useGrouping: false, maximumSignificantDigits: 8 })
}

/**
 * Text in double quotes, as Mermaid reads it: no double quote (the grammar has no
 * escape for it), no `#` (Mermaid decodes `#quot;`-style entities), no `%%`
 * (a comment), no `<` or `>` (whatever Mermaid's sanitizer lets through), no
 * backtick or line break, never empty; at most `max` characters.
 */
export function quote(text: string, max: number): string {
  const plain = text
    .replace(/["`]/g, "'")
    .replace(/#/g, '♯')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/%+/g, '%')
    .replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ')
    .trim()
  const short = shorten(plain, max)
  // Mermaid cannot read an empty string.
  return `"${short || '(empty)'}"`
}
