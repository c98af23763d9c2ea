import { quoted } from '../common/errors.js'
import { approximate, compareDecimal } from '../common/exact-decimal.js'
import { cellDecimal, cellText } from '../wire/cells.js'
import type { GateSettings } from '../settings.js'
import { shorten } from '../common/format.js'
import { conditionSentences, type ConditionTally } from './condition-tally.js'

export type Verdict = 'pass' | 'fail' | 'warn' | 'none'

/** What one evaluation measured. */
export interface Measure {
  /** Rows the query returned. */
  count: number
  /** The first cell of the first row as text (digits exactly as sent); undefined when there is no row. */
  value?: string
  /** That cell's number as exact decimal text (`9007199254740993`, `1e-400`); undefined when it holds none. */
  number?: string
}

export interface GateOutcome {
  verdict: Verdict
  /** Each threshold crossed, as a sentence: `count 12 > max-count 5`. */
  failures: string[]
  /** Each warning threshold crossed: `count 7 > warn-count 5`. */
  warnings: string[]
  /** Each threshold held: `count 3 ≤ max-count 5`. */
  passes: string[]
}

/** The count and the first cell of the first row (`| count`, `| summarize errors = count()`, a percentile…). */
export function measureResult(count: number, firstRow: readonly string[] | undefined): Measure {
  const raw = firstRow?.[0]
  if (raw === undefined) return { count }
  const value = cellText(raw)
  const number = cellDecimal(raw)
  return number === undefined ? { count, value } : { count, value, number }
}

/** Each threshold: the setting, its input name, what it looks at, which side it bounds, and what crossing it means. */
const RULES = [
  { setting: 'maxCount', name: 'max-count', on: 'count', bound: 'max', tier: 'fail' },
  { setting: 'minCount', name: 'min-count', on: 'count', bound: 'min', tier: 'fail' },
  { setting: 'warnCount', name: 'warn-count', on: 'count', bound: 'max', tier: 'warn' },
  { setting: 'maxValue', name: 'max-value', on: 'value', bound: 'max', tier: 'fail' },
  { setting: 'minValue', name: 'min-value', on: 'value', bound: 'min', tier: 'fail' },
  { setting: 'warnValue', name: 'warn-value', on: 'value', bound: 'max', tier: 'warn' }
] as const

/** The sentence of an answer without rows when a threshold needs one (`on-no-data`). */
export const NO_DATA = 'no data (the query returned no rows)'

/**
 * The verdict on one measure (and on its rows, `fail-if` and `warn-if`):
 * `fail` when a threshold is crossed, `warn` when only a warning threshold is,
 * `pass` when every threshold holds, `none` when none is set. A value threshold
 * never holds for a value that is not a number. Zero rows, when a value
 * threshold or a condition is set, are `on-no-data`'s: one `no data` sentence.
 */
export function evaluateGate(measure: Measure, gate: GateSettings, conditions?: ConditionTally): GateOutcome {
  const outcome: GateOutcome = { verdict: 'none', failures: [], warnings: [], passes: [] }
  const noData = measure.count === 0 && gate.onNoData !== undefined
  for (const rule of RULES) {
    const threshold = gate[rule.setting]
    if (threshold === undefined || (noData && rule.on === 'value')) continue
    const crossedInto = rule.tier === 'fail' ? outcome.failures : outcome.warnings
    const limit = `${rule.name} ${threshold}`
    const number = rule.on === 'count' ? String(measure.count) : measure.number
    if (number === undefined) {
      crossedInto.push(`${unusableValue(measure)}, so ${limit} cannot be checked`)
      continue
    }
    const subject = rule.on === 'count' ? `count ${measure.count}` : `value ${shortValue(measure.value ?? '')}`
    const crossed = compareDecimal(number, threshold) === (rule.bound === 'max' ? 1 : -1)
    const sign = rule.bound === 'max' ? (crossed ? '>' : '≤') : crossed ? '<' : '≥'
    ;(crossed ? crossedInto : outcome.passes).push(`${subject} ${sign} ${limit}`)
  }
  if (noData) {
    const tier =
      gate.onNoData === 'fail' ? outcome.failures : gate.onNoData === 'warn' ? outcome.warnings : outcome.passes
    tier.push(NO_DATA)
  } else if (conditions) {
    const sentences = conditionSentences(conditions)
    outcome.failures.push(...sentences.failures)
    outcome.warnings.push(...sentences.warnings)
    outcome.passes.push(...sentences.passes)
  }
  const { failures, warnings, passes } = outcome
  outcome.verdict = failures.length > 0 ? 'fail' : warnings.length > 0 ? 'warn' : passes.length > 0 ? 'pass' : 'none'
  return outcome
}

/** Whether any threshold can fail the gate (warning thresholds cannot). */
export function hasFailingThreshold(gate: GateSettings): boolean {
  return RULES.some(rule => rule.tier === 'fail' && gate[rule.setting] !== undefined) || gate.failIf !== undefined
}

/** Whether any threshold looks at `value`. */
export function gatesOnValue(gate: GateSettings): boolean {
  return thresholdsOn(gate, 'value').length > 0
}

/**
 * A threshold that is set: `{ name: 'max-count', limit: 5, tier: 'fail' }` (`limit` the nearest double, to draw it).
 */
export interface Threshold {
  name: (typeof RULES)[number]['name']
  limit: number
  tier: 'fail' | 'warn'
}

/** The thresholds set on `count` or on `value`, in a fixed order. */
export function thresholdsOn(gate: GateSettings, on: 'count' | 'value'): Threshold[] {
  return RULES.filter(rule => rule.on === on && gate[rule.setting] !== undefined).map(rule => ({
    name: rule.name,
    limit: approximate(gate[rule.setting]!),
    tier: rule.tier
  }))
}

function unusableValue(measure: Measure): string {
  if (measure.value === undefined) return 'no value (the query returned no rows)'
  if (measure.value === '') return 'the value is empty'
  return `the value ${quoted(measure.value)} is not a number`
}

/** A value in a sentence: digits as sent, long text cut. */
export function shortValue(text: string): string {
  return shorten(text, 40)
}
