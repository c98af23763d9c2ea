import { approximate } from '../common/exact-decimal.js'
import { gatesOnValue, thresholdsOn } from '../evaluation/gate.js'
import { inline, table, tableCell } from './markdown.js'
import type { GateSettings } from '../settings.js'
import type { SampleOutcome } from '../evaluation/plan.js'
import { mermaidChart } from './chart.js'
import { timeAxisTitle, timeLabels } from './time-labels.js'

/** Rows of the samples table beyond which only the last ones are listed. */
const LISTED_SAMPLES = 100

/**
 * The samples of a `watch` or `wait-until` run: a chart of count (and of value,
 * when it is gated) against the thresholds, and a table of every sample.
 */
export function samplesSection(samples: readonly SampleOutcome[], gate: GateSettings): string {
  if (samples.length === 0) return ''
  const times = timeLabels(samples.map(sample => new Date(sample.at).toISOString()))
  const charts = (['count', 'value'] as const)
    .map(on => ({ on, markers: thresholdsOn(gate, on) }))
    .filter(({ markers }) => markers.length > 0)
    .map(({ on, markers }) =>
      mermaidChart({
        title: `${on} per sample`,
        kind: 'line',
        labels: times.labels,
        xTitle: timeAxisTitle('sample time', times),
        yTitle: on,
        series: [
          {
            name: on,
            values: samples.map(sample =>
              on === 'count' ? sample.measure.count : approximate(sample.measure.number ?? '0')
            )
          }
        ],
        markers: markers.map(({ name, limit, tier }) => ({ name, value: limit, tier }))
      })
    )
  const listed = samples.slice(-LISTED_SAMPLES)
  const withValue = gatesOnValue(gate)
  const rows = listed.map(sample => [
    String(sample.index),
    new Date(sample.at).toISOString().slice(11, 19),
    String(sample.measure.count),
    ...(withValue ? [tableCell(sample.measure.value ?? '', 40)] : []),
    sample.status === 'error' ? '❌ error' : verdictMark(sample.gate.verdict)
  ])
  const shown =
    listed.length < samples.length
      ? `last ${listed.length} of ${samples.length} samples`
      : `${samples.length} sample${samples.length === 1 ? '' : 's'}`
  const list = `<details><summary>${inline(shown)}</summary>\n\n${table(['#', 'Time (UTC)', 'Count', ...(withValue ? ['Value'] : []), 'Verdict'], rows)}\n</details>\n`
  return [`#### Samples`, ...charts.map(chart => chart.trim()), list.trim()].join('\n\n')
}

function verdictMark(verdict: string): string {
  return { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn' }[verdict] ?? verdict
}
