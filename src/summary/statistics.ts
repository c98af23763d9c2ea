import { formatBytes } from '../common/format.js'

/**
 * The query statistics the service returns (`Prefer: include-statistics=true`),
 * as rows for the summary: how long the query ran and how much it read. The
 * shape is the service's and may lack any part: what is missing is left out.
 */
export function statisticsRows(statistics: unknown): [string, string][] {
  const query = field(statistics, 'query')
  if (query === undefined) return []
  const rows: [string, string][] = []
  const seconds = numberAt(query, 'executionTime')
  const cpu = timespanSeconds(field(field(field(query, 'resourceUsage'), 'cpu'), 'totalCpu'))
  if (seconds !== undefined)
    rows.push(['Execution time', `${formatSeconds(seconds)}${cpu === undefined ? '' : ` (CPU ${formatSeconds(cpu)})`}`])

  const input = field(query, 'inputDatasetStatistics')
  const scanned = [
    ofTotal(field(input, 'rows'), 'rows'),
    ofTotal(field(input, 'extents'), 'extents'),
    ifDefined(readBytes(field(field(query, 'resourceUsage'), 'cache')), formatBytes)
  ].filter((part): part is string => part !== undefined)
  if (scanned.length > 0) rows.push(['Data scanned', scanned.join(', ')])

  const peak = numberAt(field(field(query, 'resourceUsage'), 'memory'), 'peakPerNode')
  if (peak !== undefined) rows.push(['Peak memory', formatBytes(peak)])
  return rows
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
}

function numberAt(value: unknown, key: string): number | undefined {
  const found = field(value, key)
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined
}

/** `12 of 30 rows`. */
function ofTotal(value: unknown, what: string): string | undefined {
  const scanned = numberAt(value, 'scanned')
  const total = numberAt(value, 'total')
  if (scanned === undefined) return undefined
  return total === undefined ? `${scanned} ${what}` : `${scanned} of ${total} ${what}`
}

/** Bytes the query read through the cache: hot and cold shards, hits and misses, and what bypassed it. */
function readBytes(cache: unknown): number | undefined {
  const shards = field(cache, 'shards')
  if (shards === undefined) return undefined
  const parts = ['hot', 'cold'].flatMap(tier =>
    ['hitbytes', 'missbytes'].map(key => numberAt(field(shards, tier), key))
  )
  parts.push(numberAt(shards, 'bypassbytes'))
  const known = parts.filter((part): part is number => part !== undefined)
  return known.length > 0 ? known.reduce((sum, part) => sum + part, 0) : undefined
}

/** `00:00:01.5000000` (or `1.02:03:04`) in seconds. */
function timespanSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value)
  if (!match) return undefined
  return ((Number(match[1] ?? 0) * 24 + Number(match[2])) * 60 + Number(match[3])) * 60 + Number(match[4])
}

function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`
}

function ifDefined<T>(value: T | undefined, format: (value: T) => string): string | undefined {
  return value === undefined ? undefined : format(value)
}
