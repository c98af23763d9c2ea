import * as core from '@actions/core'
import type { Conclusion } from './watch/plan.js'

/**
 * Tells the runner how the gate went: a failure is an error annotation titled
 * with what failed (`count 12 > max-count 5`) and fails the step with the same
 * sentence; a warning is a warning annotation and the step passes.
 */
export function announceConclusion(conclusion: Conclusion): void {
  const sentence = conclusion.reasons.join('; ')
  const story = conclusion.story === undefined ? '' : ` (${conclusion.story})`
  switch (conclusion.verdict) {
    case 'fail':
      core.error(`The Log Analytics gate failed: ${sentence}${story}.`, { title: sentence })
      core.setFailed(`Gate failed: ${sentence}${story}`)
      break
    case 'warn':
      core.warning(`The Log Analytics gate passed with a warning: ${sentence}${story}.`, { title: sentence })
      break
    case 'pass':
      core.info(`Gate passed: ${sentence}${story}`)
      break
  }
}
