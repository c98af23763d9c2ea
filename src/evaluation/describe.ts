import { formatClock, formatSpan } from '../common/format.js'
import { shortValue } from './gate.js'
import type { EvaluationSettings } from '../settings.js'
import { verdictOf, type SampleOutcome } from './plan.js'

/** One line for the log: `Sample 3 at 12:03:05 UTC: count 12, value 12 → fail: count 12 > max-count 5`. */
export function describeSample(sample: SampleOutcome): string {
  const value = sample.measure.value === undefined ? '' : `, value ${shortValue(sample.measure.value)}`
  const head = `Sample ${sample.index} at ${formatClock(sample.at)}: count ${sample.measure.count}${value}`
  if (sample.status === 'error') return `${head} → error: ${sample.error}`
  const { verdict, reasons } = verdictOf(sample.gate)
  return `${head} → ${verdict}${reasons.length > 0 ? `: ${reasons.join(', ')}` : ''}`
}

/** The schedule in words: `watch 5 min, every 1 min, after a 2 min delay`; empty for a single evaluation without delay. */
export function describePlan(plan: EvaluationSettings): string {
  const delay = plan.delayMs > 0 ? `after a ${formatSpan(plan.delayMs)} delay` : ''
  if (plan.mode === 'once') return delay === '' ? '' : `once, ${delay}`
  return [`${plan.mode} ${formatSpan(plan.windowMs)}`, `every ${formatSpan(plan.intervalMs)}`, delay]
    .filter(part => part !== '')
    .join(', ')
}
