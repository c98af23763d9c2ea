import type { QueryOutcome } from '../logs/exact-query.js'
import type { SummaryModel } from './render.js'
import { formatElapsed, formatGb } from '../common/format.js'
import type { SearchJobOutcome } from '../search-job/run-search-job.js'

/**
 * What the job summary adds for a search job (the range searched is its Time
 * range): its table, the data it scanned and what that costs. Nothing for a query. Table names hold only letters,
 * digits and underscores, so they are safe in Markdown as they are.
 */
export function searchJobSummary(
  result: QueryOutcome | SearchJobOutcome
): Pick<SummaryModel, 'details' | 'notes' | 'subject'> {
  if (!('searchJob' in result)) return {}
  const job = result.searchJob
  const fate = job.kept ? 'kept' : job.deleted ? 'deleted after reading' : 'could not be deleted: delete it yourself'
  const details: [string, string][] = [
    [
      'Search job',
      `${formatElapsed(job.elapsedMs)}, ${job.polls} poll${job.polls === 1 ? '' : 's'}; table \`${job.table}\` ${fate}`
    ],
    ['Search job scanned', job.scannedGb === undefined ? 'not reported' : formatGb(job.scannedGb)]
  ]
  const scanned = job.scannedGb === undefined ? '' : ` (${formatGb(job.scannedGb)} here)`
  const notes = [
    `Search jobs are billed by the data they scan${scanned}.${job.kept ? ` The kept table \`${job.table}\` is billed until you delete it.` : ''}`
  ]
  return { details, notes, subject: 'Log Analytics search job' }
}
