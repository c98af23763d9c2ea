import { plural } from '../common/format.js'

/**
 * What `fail-if` and `warn-if` found in one answer, and the sentences the gate
 * says about it: plain values, apart from the CEL side that judges the rows
 * (conditions.ts), which a run loads only when a condition is set.
 */

/** The conditions as the user wrote them. */
export interface ConditionSettings {
  failIf?: string
  warnIf?: string
}

/** What the conditions found in one answer. */
export interface ConditionTally {
  /** Rows the conditions were evaluated on. */
  rows: number
  /** `fail-if`'s matches, when it is set. */
  fail?: Matches
  /** `warn-if`'s matches, when it is set. */
  warn?: Matches
  /** Why a condition could not be judged (an unknown column, a type mismatch on a row): no verdict. */
  error?: string
}

export interface Matches {
  /** Rows for which the expression was true. */
  matched: number
  /** The first MAX_EXAMPLES of them, described: `AppRoleName=api (errorRate 0.031, p95 912.4)`. */
  examples: string[]
}

/** Matching rows named in a sentence. */
export const MAX_EXAMPLES = 3

/** Each tier's input. */
export const CONDITION_NAMES = { fail: 'fail-if', warn: 'warn-if' } as const
export type Tier = keyof typeof CONDITION_NAMES

/** The sentences of a tally, by tier: each condition that matched fails (or warns); one that matched nothing holds. */
export function conditionSentences(tally: ConditionTally): {
  failures: string[]
  warnings: string[]
  passes: string[]
} {
  const sentences = { failures: [] as string[], warnings: [] as string[], passes: [] as string[] }
  for (const tier of ['fail', 'warn'] as const) {
    const matches = tally[tier]
    if (!matches) continue
    const of = `of ${plural(tally.rows, 'row')}`
    if (matches.matched === 0) {
      sentences.passes.push(`${CONDITION_NAMES[tier]} matched none ${of}`)
      continue
    }
    const more = matches.matched - matches.examples.length
    const examples = [...matches.examples, ...(more > 0 ? [`and ${more} more`] : [])].join('; ')
    ;(tier === 'fail' ? sentences.failures : sentences.warnings).push(
      `${CONDITION_NAMES[tier]} matched ${matches.matched} ${of}: ${examples}`
    )
  }
  return sentences
}
