import { approximate } from '../common/exact-decimal.js'
import { gatesOnValue, thresholdsOn } from '../evaluation/gate.js'
import { inline, table, tableCell } from './markdown.js'
import type { GateSettings } from '../settings.js'
import { isQueryFailure, type SampleOutcome } from '../evaluation/plan.js'
import { mermaidChart } from './chart.js'
import { timeAxisTitle, timeLabels } from './time-labels.js'

/** Rows of the samples table beyond which only the last ones are listed. */
const LISTED_SAMPLES = 100

/**
 * The samples of a `watch` or `wait-until` run: a chart of count (and of value,
 * when it is gated) against the thresholds, and a table of every sample. The
 * chart marks the time of each sample that failed (❌), warned (⚠️) or errored
 * (⛔); a sample whose query failed has no number, so its point repeats the one
 * before, and the table shows — for it.
 */
export function samplesSection(samples: readonly SampleOutcome[], gate: GateSettings): string {
  if (samples.length === 0) return ''
  const times = timeLabels(samples.map(sample => new Date(sample.at).toISOString()))
  const marks = samples.map(sampleMark)
  const labels = times.labels.map((label, i) => (marks[i] ? `${label} ${marks[i]}` : label))
  const note = chartNote(marks)
  const answered = answeredMeasures(samples)
  const charts = (['count', 'value'] as const)
    .map(on => ({ on, markers: thresholdsOn(gate, on) }))
    .filter(({ markers }) => markers.length > 0)
    .map(({ on, markers }) =>
      mermaidChart({
        title: `${on} per sample`,
        kind: 'line',
        labels,
        xTitle: timeAxisTitle('sample time', times),
        yTitle: on,
        series: [
          {
            name: on,
            values: answered.map(measure => (on === 'count' ? measure.count : approximate(measure.number ?? '0')))
          }
        ],
        markers: markers.map(({ name, limit, tier }) => ({ name, value: limit, tier })),
        ...(note ? { note } : {})
      })
    )
  const listed = samples.slice(-LISTED_SAMPLES)
  const withValue = gatesOnValue(gate)
  const rows = listed.map(sample => {
    const failed = isQueryFailure(sample)
    return [
      String(sample.index),
      new Date(sample.at).toISOString().slice(11, 19),
      failed ? '—' : String(sample.measure.count),
      ...(withValue ? [failed ? '—' : tableCell(sample.measure.value ?? '', 40)] : []),
      sample.status === 'error'
        ? failed
          ? `⛔ error: ${tableCell(sample.error, 80)}`
          : '❌ error'
        : verdictMark(sample.gate.verdict)
    ]
  })
  const shown =
    listed.length < samples.length
      ? `last ${listed.length} of ${samples.length} samples`
      : `${samples.length} sample${samples.length === 1 ? '' : 's'}`
  const list = `<details><summary>${inline(shown)}</summary>\n\n${table(['#', 'Time (UTC)', 'Count', ...(withValue ? ['Value'] : []), 'Verdict'], rows)}\n</details>\n`
  return [`#### Samples`, ...charts.map(chart => chart.trim()), lastAnsweredNote(samples), list.trim()]
    .filter(block => block !== '')
    .join('\n\n')
}

/** ❌, ⚠️ or ⛔ for a sample that failed, warned or errored; '' for one that passed. */
function sampleMark(sample: SampleOutcome): string {
  if (sample.status === 'error') return '⛔'
  return { fail: '❌', warn: '⚠️' }[sample.gate.verdict as string] ?? ''
}

/** What the marks on the chart's time axis mean, for those it shows. */
function chartNote(marks: string[]): string | undefined {
  const meanings = [
    ['❌', '❌ failed'],
    ['⚠️', '⚠️ warned'],
    ['⛔', '⛔ errored (a failed query repeats the point before)']
  ]
  const shown = meanings.filter(([mark]) => marks.includes(mark)).map(([, meaning]) => meaning)
  return shown.length > 0 ? shown.join(' · ') : undefined
}

/**
 * Each sample's measure; for a sample whose query failed, the one of the sample that answered before it (count 0 when
 * none did).
 */
function answeredMeasures(samples: readonly SampleOutcome[]): SampleOutcome['measure'][] {
  let before: SampleOutcome['measure'] = { count: 0 }
  return samples.map(sample => (isQueryFailure(sample) ? before : (before = sample.measure)))
}

/** When the last sample's query failed, the rows and value above are those of the last sample that answered. */
function lastAnsweredNote(samples: readonly SampleOutcome[]): string {
  const last = samples[samples.length - 1]
  if (!isQueryFailure(last)) return ''
  const answered = [...samples].reverse().find(sample => !isQueryFailure(sample))
  const which = answered ? `those of sample ${answered.index}, the last that answered` : 'of no sample: none answered'
  return `The query of the last sample (${last.index}) failed: the rows, the value and the records are ${which}.`
}

function verdictMark(verdict: string): string {
  return { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn' }[verdict] ?? verdict
}
