import { log } from '../common/log.js'
import type { Conclusion } from '../evaluation/plan.js'

/**
 * Tells the runner how the gate went: a failure is an error annotation titled
 * with what failed (`count 12 > max-count 5`) and fails the step with the same
 * sentence; a warning is a warning annotation and the step passes; no
 * verdict (a condition that could not be judged) fails the step with why.
 */
export function announceConclusion(conclusion: Conclusion): void {
  const sentence = conclusion.reasons.join('; ')
  const story = conclusion.story === undefined ? '' : ` (${conclusion.story})`
  switch (conclusion.verdict) {
    case 'fail':
      log.error(`The Log Analytics gate failed: ${sentence}${story}.`, { title: sentence })
      log.fail(`Gate failed: ${sentence}${story}`)
      break
    case 'warn':
      log.warning(`The Log Analytics gate passed with a warning: ${sentence}${story}.`, { title: sentence })
      break
    case 'pass':
      log.info(`Gate passed: ${sentence}${story}`)
      break
    case 'error':
      log.fail(`No verdict: ${sentence}${story}`)
      break
  }
}
