import { log } from '../common/log.js'
import { formatClock, formatSpan } from '../common/format.js'
import { describePlan, describeSample } from '../evaluation/describe.js'
import type { EvaluationLog } from '../evaluation/loop.js'

/** The evaluation as the job log shows it: the plan, the delay, and one line per sample when there are several. */
export const actionEvaluationLog: EvaluationLog = {
  starting: plan => {
    if (plan.mode !== 'once') log.info(`Evaluation: ${describePlan(plan)}.`)
  },
  delaying: ms =>
    log.info(`Waiting ${formatSpan(ms)} before the first evaluation (delay), until ${formatClock(Date.now() + ms)}.`),
  sampled: (sample, plan, samples) => {
    if (plan.mode !== 'once') log.info(describeSample(sample, plan, samples))
  }
}
