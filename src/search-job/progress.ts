import { formatDuration } from '../common/format.js'
import type { JobStatus } from './job-status.js'

/** A number of records with thousands separators: `1,234,567`. */
export function formatCount(count: number): string {
  return Math.round(count).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Gigabytes as people read them: `0.42 GB`, `12.3 GB`, `1,024 GB`. */
export function formatGb(gb: number): string {
  if (gb >= 100) return `${formatCount(gb)} GB`
  if (gb >= 10) return `${gb.toFixed(1)} GB`
  return `${gb.toFixed(2)} GB`
}

/** One poll as the log shows it: `Search job InProgress: 40 %, 1,234 records, 0.52 GB scanned (after 12 s)`. */
export function formatProgress(status: JobStatus, elapsedMs: number): string {
  const parts: string[] = []
  if (status.progress !== undefined) parts.push(`${Math.round(status.progress)} %`)
  if (status.records !== undefined) parts.push(`${formatCount(status.records)} record${status.records === 1 ? '' : 's'}`)
  if (status.scannedGb !== undefined) parts.push(`${formatGb(status.scannedGb)} scanned`)
  return `Search job ${status.status}${parts.length ? `: ${parts.join(', ')}` : ''} (after ${formatElapsed(elapsedMs)})`
}

/** A wait of minutes or hours as people read it: `42 s`, `12 min 5 s`, `2 h 3 min`. */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return formatDuration(ms)
  const seconds = Math.round(ms / 1000)
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`
  const minutes = Math.round(seconds / 60)
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
}
