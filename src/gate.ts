import type { GateSettings } from './settings.js'

export type Verdict = 'pass' | 'fail' | 'none'

export interface GateOutcome {
  verdict: Verdict
  /** Each threshold crossed, as a sentence: `count 12 > max-count 5`. */
  failures: string[]
  /** Each threshold held: `count 3 ≤ max-count 5`. */
  passes: string[]
}

/** The verdict on a count: `none` when no threshold is set. */
export function evaluateGate(count: number, gate: GateSettings): GateOutcome {
  const failures: string[] = []
  const passes: string[] = []
  if (gate.maxCount !== undefined) {
    ;(count > gate.maxCount ? failures : passes).push(`count ${count} ${count > gate.maxCount ? '>' : '≤'} max-count ${gate.maxCount}`)
  }
  if (gate.minCount !== undefined) {
    ;(count < gate.minCount ? failures : passes).push(`count ${count} ${count < gate.minCount ? '<' : '≥'} min-count ${gate.minCount}`)
  }
  const verdict: Verdict = failures.length > 0 ? 'fail' : passes.length > 0 ? 'pass' : 'none'
  return { verdict, failures, passes }
}
