import { formatClock, formatSpan } from '../common/format.js'
import { shortValue } from './gate.js'
import type { EvaluationSettings } from '../settings.js'
import { limitsOf, tallyOf, verdictOf, type SampleOutcome } from './plan.js'

/**
 * One line for the log: `Sample 3 at 12:03:05 UTC: count 12, value 12 → fail: count 12 > max-count 5`.
 * Given the plan and the samples so far (`sample` the last), it says where a
 * sample stands against the limits that are set: `(failure 1, within failure-limit 1)`.
 */
export function describeSample(
  sample: SampleOutcome,
  plan?: EvaluationSettings,
  samples?: readonly SampleOutcome[]
): string {
  const standing = plan && samples ? ` ${againstLimits(sample, plan, samples)}`.trimEnd() : ''
  if (sample.status === 'error' && sample.queryFailed)
    return `Sample ${sample.index} at ${formatClock(sample.at)} → error: ${sample.error}${standing}`
  const value = sample.measure.value === undefined ? '' : `, value ${shortValue(sample.measure.value)}`
  const head = `Sample ${sample.index} at ${formatClock(sample.at)}: count ${sample.measure.count}${value}`
  if (sample.status === 'error') return `${head} → error: ${sample.error}`
  const { verdict, reasons } = verdictOf(sample.gate)
  return `${head} → ${verdict}${reasons.length > 0 ? `: ${reasons.join(', ')}` : ''}${standing}`
}

/**
 * Where the last of `samples` stands against failure-limit, error-limit or
 * consecutive-successes, when set: `(error 2 in a row, over error-limit 1)`.
 */
function againstLimits(sample: SampleOutcome, plan: EvaluationSettings, samples: readonly SampleOutcome[]): string {
  const limits = limitsOf(plan)
  const tally = tallyOf(samples)
  const within = (number: number, limit: number) => (number > limit ? 'over' : 'within')
  if (sample.status === 'error') {
    if (!sample.queryFailed || limits.errorLimit === 0) return ''
    const { errorsInARow } = tally
    return `(error ${errorsInARow} in a row, ${within(errorsInARow, limits.errorLimit)} error-limit ${limits.errorLimit})`
  }
  if (plan.mode === 'watch' && sample.gate.verdict === 'fail' && limits.failureLimit > 0) {
    const failures = tally.failed.length
    return `(failure ${failures}, ${within(failures, limits.failureLimit)} failure-limit ${limits.failureLimit})`
  }
  if (plan.mode === 'wait-until' && tally.heldInARow > 0 && limits.consecutiveSuccesses > 1) {
    return `(${tally.heldInARow} in a row of consecutive-successes ${limits.consecutiveSuccesses})`
  }
  return ''
}

/**
 * The schedule in words: `watch 5 min, every 1 min, after a 2 min delay`; empty for a single evaluation without delay.
 */
export function describePlan(plan: EvaluationSettings): string {
  const delay = plan.delayMs > 0 ? `after a ${formatSpan(plan.delayMs)} delay` : ''
  if (plan.mode === 'once') return delay === '' ? '' : `once, ${delay}`
  return [`${plan.mode} ${formatSpan(plan.windowMs)}`, `every ${formatSpan(plan.intervalMs)}`, delay]
    .filter(part => part !== '')
    .join(', ')
}
