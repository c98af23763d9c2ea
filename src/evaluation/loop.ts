import { systemClock, type Clock } from '../common/clock.js'
import { ActionError, describeError } from '../common/errors.js'
import type { EvaluationSettings } from '../settings.js'
import { failedSample, nextStep, type Conclusion, type SampleOutcome } from './plan.js'

/** What the loop reports as it goes. */
export interface EvaluationLog {
  /** Before anything else. */
  starting(plan: EvaluationSettings): void
  /** Before the `delay`. */
  delaying(ms: number): void
  /** After each sample, with the samples so far (it the last of them). */
  sampled(sample: SampleOutcome, plan: EvaluationSettings, samples: readonly SampleOutcome[]): void
}

export interface Evaluation<S extends SampleOutcome> {
  conclusion: Conclusion
  /**
   * The last sample that answered, whole (its query result included): the last
   * of all unless `error-limit` tolerated a failed query after it.
   */
  last: S
  /** Every sample, without its query result. */
  samples: SampleOutcome[]
}

/**
 * Evaluates the gate as `plan` says: waits out the delay, then takes samples
 * (`takeSample(index, at)`) when nextStep says so, until it says stop. A sample
 * that throws an ActionError (a query that failed after its retries) is kept as
 * a sample whose query failed (failedSample), which never counts as a pass; when
 * nextStep stops on it with `error` (past `error-limit`, or no sample answered),
 * the evaluation ends with that error. Any other error ends it at once.
 */
export async function evaluateOverTime<S extends SampleOutcome>(
  plan: EvaluationSettings,
  takeSample: (index: number, at: number) => Promise<S>,
  log: EvaluationLog,
  clock: Clock = systemClock
): Promise<Evaluation<S>> {
  log.starting(plan)
  if (plan.delayMs > 0) {
    log.delaying(plan.delayMs)
    await clock.sleep(plan.delayMs)
  }
  const windowStart = clock.now()
  const samples: SampleOutcome[] = []
  let last: S | undefined
  let queryFailure: Error | undefined
  for (;;) {
    const step = nextStep(plan, samples, windowStart, clock.now())
    if (step.kind === 'stop') {
      if (step.conclusion.verdict === 'error' && queryFailure !== undefined) throw queryFailure
      return { conclusion: step.conclusion, last: last as S, samples }
    }
    const wait = step.at - clock.now()
    if (wait > 0) await clock.sleep(wait)
    const index = samples.length + 1
    const at = clock.now()
    let sample: SampleOutcome
    try {
      sample = last = await takeSample(index, at)
      queryFailure = undefined
    } catch (error) {
      if (!(error instanceof ActionError)) throw error
      queryFailure = error
      sample = failedSample(index, at, describeError(error))
    }
    samples.push(withoutResult(sample))
    log.sampled(sample, plan, samples)
  }
}

/** A sample as the evaluation keeps it: without its query result, which only the last one needs. */
function withoutResult(sample: SampleOutcome): SampleOutcome {
  const { index, at, measure, gate } = sample
  if (sample.status === 'ok') return { status: 'ok', index, at, measure, gate }
  if (sample.queryFailed) return failedSample(index, at, sample.error)
  return { status: 'error', error: sample.error, index, at, measure, gate }
}
