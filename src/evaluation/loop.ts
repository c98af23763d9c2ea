import { systemClock, type Clock } from '../common/clock.js'
import type { EvaluationSettings } from '../settings.js'
import { nextStep, type Conclusion, type SampleOutcome } from './plan.js'

/** What the loop reports as it goes. */
export interface EvaluationLog {
  /** Before anything else. */
  starting(plan: EvaluationSettings): void
  /** Before the `delay`. */
  delaying(ms: number): void
  /** After each sample, with the step that follows it. */
  sampled(sample: SampleOutcome, plan: EvaluationSettings): void
}

export interface Evaluation<S extends SampleOutcome> {
  conclusion: Conclusion
  /** The last sample, whole (its query result included). */
  last: S
  /** Every sample, without its query result. */
  samples: SampleOutcome[]
}

/**
 * Evaluates the gate as `plan` says: waits out the delay, then takes samples
 * (`takeSample(index, at)`) when nextStep says so, until it says stop. A sample
 * that throws (a query that failed after its retries) ends the evaluation with
 * that error: it never counts as a pass.
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
  for (;;) {
    const step = nextStep(plan, samples, windowStart, clock.now())
    if (step.kind === 'stop') return { conclusion: step.conclusion, last: last as S, samples }
    const wait = step.at - clock.now()
    if (wait > 0) await clock.sleep(wait)
    last = await takeSample(samples.length + 1, clock.now())
    samples.push(withoutResult(last))
    log.sampled(last, plan)
  }
}

/** A sample as the evaluation keeps it: without its query result, which only the last one needs. */
function withoutResult(sample: SampleOutcome): SampleOutcome {
  const { index, at, measure, gate } = sample
  return sample.status === 'error'
    ? { status: 'error', error: sample.error, index, at, measure, gate }
    : { status: 'ok', index, at, measure, gate }
}
