import { formatSpan } from '../common/format.js'
import type { GateOutcome, Measure, Verdict } from './gate.js'
import type { EvaluationSettings } from '../settings.js'

/**
 * The schedule and the decisions of a gate evaluated over time, as pure
 * functions of the samples taken so far and the clock: what to do next, and
 * what the samples add up to. The loop that sleeps and queries is loop.ts.
 */

/**
 * What the schedule needs to know of one sample: `ok`, an answer the gate
 * judged; `error`, no answer the gate can trust (a partial result under
 * `on-partial: fail`, a condition that could not be judged), and why, in a
 * sentence. `queryFailed`: the query failed after its retries, so there is no
 * answer at all (`measure` and `gate` are empty, see failedSample);
 * `error-limit` tolerates such samples, and only those: an answer that came but
 * cannot be judged (partial, or a condition in error) stops at once.
 */
export type SampleOutcome = SampleTaken & ({ status: 'ok' } | { status: 'error'; error: string; queryFailed?: true })

interface SampleTaken {
  /** 1 for the first sample. */
  index: number
  /** When the sample started (epoch milliseconds). */
  at: number
  measure: Measure
  gate: GateOutcome
}

/** What the samples add up to. */
export interface Conclusion {
  verdict: Verdict | 'error'
  /**
   * The sentences behind the verdict: thresholds crossed (fail), warning thresholds crossed (warn), or thresholds held
   * (pass).
   */
  reasons: string[]
  /** How the samples led there (watch and wait-until only): `on sample 3, 2 s into the 10 s watch`. */
  story?: string
}

export type Step = { kind: 'sample'; at: number } | { kind: 'stop'; conclusion: Conclusion }

/**
 * The next step after `samples`, the window having started at `windowStart`:
 * samples are planned at windowStart + k × interval for as long as that stays
 * within the window (never sooner than `now`, never two at once).
 * - once: stop after the first sample, with its verdict.
 * - watch: stop at failed sample `failure-limit + 1`; a window without more
 *   failures passes, and warns when any sample failed, errored or warned.
 * - wait-until: stop once `consecutive-successes` samples in a row hold; still
 *   short of that when the window is over fails.
 * A sample whose query failed (after its retries) never holds: up to
 * `error-limit` of them in a row are tolerated, one more stops with `error`, and
 * so does a window in which no sample answered. A partial answer the gate cannot
 * trust (`on-partial: fail`), or a condition (`fail-if`, `warn-if`) that could
 * not be judged, stops everything with `error` at once: error-limit does not
 * tolerate it, since asking again gets the same answer.
 */
export function nextStep(
  plan: EvaluationSettings,
  samples: readonly SampleOutcome[],
  windowStart: number,
  now: number
): Step {
  const last = samples.at(-1)
  if (!last) return { kind: 'sample', at: Math.max(windowStart, now) }
  const when =
    plan.mode === 'once'
      ? undefined
      : `${sampleOrdinal(last, windowStart)} the ${formatSpan(plan.windowMs)} ${plan.mode === 'watch' ? 'watch' : 'wait'}`
  const limits = limitsOf(plan)
  const tally = tallyOf(samples)
  if (last.status === 'error' && !last.queryFailed)
    return stop({ verdict: 'error', reasons: [last.error], story: when })
  if (last.status === 'error' && (plan.mode === 'once' || tally.errorsInARow > limits.errorLimit)) {
    const over =
      limits.errorLimit > 0
        ? `${tally.errorsInARow} errors in a row (error-limit ${limits.errorLimit}), the last ${when}`
        : when
    return stop({ verdict: 'error', reasons: [last.error], story: over })
  }
  if (plan.mode === 'once') return stop(verdictOf(last.gate))
  if (plan.mode === 'watch' && failed(last) && tally.failed.length > limits.failureLimit) {
    const over =
      limits.failureLimit > 0
        ? `${tally.failed.length} samples failed (failure-limit ${limits.failureLimit}), the last ${when}`
        : when
    return stop({ ...verdictOf(last.gate), story: over })
  }
  if (plan.mode === 'wait-until' && tally.heldInARow >= limits.consecutiveSuccesses)
    return stop(held(samples, tally, limits, when))

  const planned = windowStart + samples.length * plan.intervalMs
  if (planned <= windowStart + plan.windowMs) return { kind: 'sample', at: Math.max(planned, now) }

  const taken = `${samples.length} samples, every ${formatSpan(plan.intervalMs)}`
  const lastAnswered = lastOf(samples, sample => !isQueryFailure(sample))
  if (!lastAnswered)
    return stop({
      verdict: 'error',
      reasons: [errorReason(last)],
      story: `no sample answered in the ${formatSpan(plan.windowMs)} ${plan.mode} (${taken})`
    })
  if (plan.mode === 'wait-until') return stop(stillFailing(plan, samples, tally, limits, taken))
  return stop(endOfWatch(plan, samples, lastAnswered, tally, limits, taken))
}

/** The tolerances of a watch or wait-until, defaults filled in (EvaluationSettings leaves them out when not given). */
export interface Limits {
  /** Failed samples a watch tolerates. */
  failureLimit: number
  /** Samples in a row that must hold to end a wait-until. */
  consecutiveSuccesses: number
  /** Samples in a row whose query failed that are tolerated. */
  errorLimit: number
}

export function limitsOf(plan: EvaluationSettings): Limits {
  return {
    failureLimit: plan.failureLimit ?? 0,
    consecutiveSuccesses: plan.consecutiveSuccesses ?? 1,
    errorLimit: plan.errorLimit ?? 0
  }
}

/** Where the samples stand against the limits. */
export interface Tally {
  /** Samples the gate failed. */
  failed: SampleOutcome[]
  /** Samples whose query failed. */
  errored: SampleOutcome[]
  /** Samples at the end whose query failed. */
  errorsInARow: number
  /** Samples at the end that answered and held (passed or warned). */
  heldInARow: number
}

export function tallyOf(samples: readonly SampleOutcome[]): Tally {
  const inARow = (test: (sample: SampleOutcome) => boolean) => {
    let count = 0
    while (count < samples.length && test(samples[samples.length - 1 - count])) count++
    return count
  }
  return {
    failed: samples.filter(failed),
    errored: samples.filter(isQueryFailure),
    errorsInARow: inARow(isQueryFailure),
    heldInARow: inARow(sample => sample.status === 'ok' && sample.gate.verdict !== 'fail')
  }
}

/** The samples of a wait-until that held: a warning when one of them warned, or when a query failed on the way. */
function held(samples: readonly SampleOutcome[], tally: Tally, limits: Limits, when: string | undefined): Conclusion {
  const row = samples.slice(-tally.heldInARow)
  const worst = lastOf(row, sample => sample.gate.verdict === 'warn') ?? row[row.length - 1]
  const { consecutiveSuccesses } = limits
  const story =
    consecutiveSuccesses > 1
      ? `held ${consecutiveSuccesses} samples in a row (consecutive-successes ${consecutiveSuccesses}), the last ${when}`
      : `held ${when}`
  return withToleratedErrors(verdictOf(worst.gate), samples, tally, limits, story)
}

/** A wait-until whose window is over before enough samples in a row held. */
function stillFailing(
  plan: EvaluationSettings,
  samples: readonly SampleOutcome[],
  tally: Tally,
  limits: Limits,
  taken: string
): Conclusion {
  const last = samples[samples.length - 1]
  const lastFailed = tally.failed.at(-1)
  const lastErrored = tally.errored.at(-1)
  const reasons = [
    ...(lastFailed ? lastFailed.gate.failures : []),
    ...(lastErrored && (isQueryFailure(last) || !lastFailed) ? [errorReason(lastErrored)] : [])
  ]
  const ended = `wait-until ${formatSpan(plan.windowMs)}`
  if (failed(last)) return { verdict: 'fail', reasons, story: `still failing after ${ended} (${taken})` }
  if (isQueryFailure(last))
    return { verdict: 'fail', reasons, story: `the last sample errored when ${ended} ended (${taken})` }
  const { consecutiveSuccesses } = limits
  const needed = `${tally.heldInARow} of the ${consecutiveSuccesses} samples in a row needed (consecutive-successes ${consecutiveSuccesses})`
  return { verdict: 'fail', reasons, story: `held only ${needed} when ${ended} ended (${taken})` }
}

/** A watch whose window is over within its limits: a pass, or a warning when any sample failed, errored or warned. */
function endOfWatch(
  plan: EvaluationSettings,
  samples: readonly SampleOutcome[],
  lastAnswered: SampleOutcome,
  tally: Tally,
  limits: Limits,
  taken: string
): Conclusion {
  const warned = samples.filter(sample => sample.status === 'ok' && sample.gate.verdict === 'warn')
  const blips = [
    {
      samples: tally.failed,
      what: `failed (failure-limit ${limits.failureLimit})`,
      reasons: (sample: SampleOutcome) => sample.gate.failures
    },
    {
      samples: tally.errored,
      what: `errored (error-limit ${limits.errorLimit})`,
      reasons: (sample: SampleOutcome) => [errorReason(sample)]
    },
    { samples: warned, what: 'crossed a warning threshold', reasons: (sample: SampleOutcome) => sample.gate.warnings }
  ].filter(blip => blip.samples.length > 0)
  if (blips.length === 0)
    return {
      ...verdictOf(lastAnswered.gate),
      story: `no threshold crossed in the ${formatSpan(plan.windowMs)} watch (${taken})`
    }
  const story = blips
    .map((blip, i) =>
      i === 0
        ? `${blip.samples.length} of ${samples.length} samples in the ${formatSpan(plan.windowMs)} watch ${blip.what}`
        : `${blip.samples.length} ${blip.what}`
    )
    .join(', ')
  return { verdict: 'warn', reasons: blips.flatMap(blip => blip.reasons(blip.samples[blip.samples.length - 1])), story }
}

/** A conclusion that holds, made a warning when queries failed on the way (errors are never quiet). */
function withToleratedErrors(
  conclusion: Conclusion,
  samples: readonly SampleOutcome[],
  tally: Tally,
  limits: Limits,
  story: string
): Conclusion {
  const lastErrored = tally.errored.at(-1)
  if (!lastErrored) return { ...conclusion, story }
  const errored = `${tally.errored.length} of ${samples.length} samples errored (error-limit ${limits.errorLimit})`
  const reasons =
    conclusion.verdict === 'warn' ? [...conclusion.reasons, errorReason(lastErrored)] : [errorReason(lastErrored)]
  return { verdict: 'warn', reasons, story: `${story}; ${errored}` }
}

/** A sample whose query failed after its retries: no answer, so nothing measured and nothing judged. */
export function failedSample(index: number, at: number, error: string): SampleOutcome {
  return {
    status: 'error',
    error,
    queryFailed: true,
    index,
    at,
    measure: { count: 0 },
    gate: { verdict: 'none', failures: [], warnings: [], passes: [] }
  }
}

/** Whether the sample's query failed after its retries (no answer at all). */
export function isQueryFailure(sample: SampleOutcome): boolean {
  return sample.status === 'error' && sample.queryFailed === true
}

/** Why a sample that failed its query counts for nothing: `sample 3 errored: The query failed: …`. */
function errorReason(sample: SampleOutcome): string {
  return sample.status === 'error'
    ? `sample ${sample.index} errored: ${sample.error}`
    : `sample ${sample.index} errored`
}

/** The last sample that passes `test`. */
function lastOf(
  samples: readonly SampleOutcome[],
  test: (sample: SampleOutcome) => boolean
): SampleOutcome | undefined {
  for (let i = samples.length - 1; i >= 0; i--) if (test(samples[i])) return samples[i]
  return undefined
}

function failed(sample: SampleOutcome): boolean {
  return sample.status === 'ok' && sample.gate.verdict === 'fail'
}

/** The verdict of one sample and the sentences that explain it. */
export function verdictOf(gate: GateOutcome): Conclusion {
  const reasons = gate.verdict === 'fail' ? gate.failures : gate.verdict === 'warn' ? gate.warnings : gate.passes
  return { verdict: gate.verdict, reasons }
}

function sampleOrdinal(sample: SampleOutcome, windowStart: number): string {
  if (sample.index === 1) return 'on the first sample of'
  return `on sample ${sample.index}, ${formatSpan(Math.max(0, sample.at - windowStart))} into`
}

function stop(conclusion: Conclusion): Step {
  if (conclusion.story === undefined) delete conclusion.story
  return { kind: 'stop', conclusion }
}
