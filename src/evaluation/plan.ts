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
 * `on-partial: fail`, a condition that could not be judged), and why, in a sentence.
 */
export type SampleOutcome = SampleTaken & ({ status: 'ok' } | { status: 'error'; error: string })

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
  /** The sentences behind the verdict: thresholds crossed (fail), warning thresholds crossed (warn), or thresholds held (pass). */
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
 * - watch: stop at the first failing sample; a window without failure passes
 *   (warns when any sample warned).
 * - wait-until: stop at the first sample that holds; still failing when the
 *   window is over fails.
 * A sample without a trustworthy answer stops everything with `error`.
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
  if (last.status === 'error') return stop({ verdict: 'error', reasons: [last.error], story: when })
  if (plan.mode === 'once') return stop(verdictOf(last.gate))
  if (plan.mode === 'watch' && last.gate.verdict === 'fail') return stop({ ...verdictOf(last.gate), story: when })
  if (plan.mode === 'wait-until' && last.gate.verdict !== 'fail')
    return stop({ ...verdictOf(last.gate), story: `held ${when}` })

  const planned = windowStart + samples.length * plan.intervalMs
  if (planned <= windowStart + plan.windowMs) return { kind: 'sample', at: Math.max(planned, now) }

  const taken = `${samples.length} samples, every ${formatSpan(plan.intervalMs)}`
  if (plan.mode === 'wait-until') {
    return stop({
      ...verdictOf(last.gate),
      story: `still failing after wait-until ${formatSpan(plan.windowMs)} (${taken})`
    })
  }
  const warned = samples.filter(sample => sample.gate.verdict === 'warn')
  const lastWarned = warned.at(-1)
  if (lastWarned) {
    return stop({
      ...verdictOf(lastWarned.gate),
      story: `${warned.length} of ${samples.length} samples in the ${formatSpan(plan.windowMs)} watch crossed a warning threshold`
    })
  }
  return stop({
    ...verdictOf(last.gate),
    story: `no threshold crossed in the ${formatSpan(plan.windowMs)} watch (${taken})`
  })
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
