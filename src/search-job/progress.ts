import { formatCount, formatElapsed, formatGb } from '../common/format.js'
import type { JobStatus } from './job-status.js'

/** One poll as the log shows it: `Search job InProgress: 40 %, 1,234 records, 0.52 GB scanned (after 12 s)`. */
export function formatProgress(status: JobStatus, elapsedMs: number): string {
  const parts: string[] = []
  if (status.progress !== undefined) parts.push(`${Math.round(status.progress)} %`)
  if (status.records !== undefined)
    parts.push(`${formatCount(status.records)} record${status.records === 1 ? '' : 's'}`)
  if (status.scannedGb !== undefined) parts.push(`${formatGb(status.scannedGb)} scanned`)
  return `Search job ${status.status}${parts.length ? `: ${parts.join(', ')}` : ''} (after ${formatElapsed(elapsedMs)})`
}
