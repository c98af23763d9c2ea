/**
 * The status document of a search job's asynchronous operation (contract §4,
 * recorded as searchjob-operationstatus-*.json):
 * `{"status":"InProgress","properties":{"resultStatistics":{"progress","ingestedRecords","scannedGb"}},"error"?:{…}}`.
 */

export type JobState = 'running' | 'succeeded' | 'failed' | 'canceled'

export interface JobStatus {
  /** The service's word: Updating, InProgress, Succeeded, Failed, Canceled. */
  status: string
  state: JobState
  /** Percent done, 0 to 100. */
  progress?: number
  /** Records written to the results table so far. */
  records?: number
  /** Data scanned so far, in GB. */
  scannedGb?: number
  /** Why the job failed or was cancelled. */
  error?: { code?: string; message?: string }
}

/** Reads a status document; undefined when the text is not one. */
export function parseJobStatus(text: string): JobStatus | undefined {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!body || typeof body !== 'object') return undefined
  const { status, properties, error } = body as {
    status?: unknown
    properties?: { resultStatistics?: Record<string, unknown> }
    error?: unknown
  }
  if (typeof status !== 'string' || status === '') return undefined
  const statistics = properties?.resultStatistics ?? {}
  const parsed: JobStatus = { status, state: stateOf(status) }
  const progress = numberOf(statistics.progress)
  const records = numberOf(statistics.ingestedRecords)
  const scannedGb = numberOf(statistics.scannedGb)
  if (progress !== undefined) parsed.progress = progress
  if (records !== undefined) parsed.records = records
  if (scannedGb !== undefined) parsed.scannedGb = scannedGb
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown }
    parsed.error = { ...(typeof code === 'string' && { code }), ...(typeof message === 'string' && { message }) }
  }
  return parsed
}

/** ARM's terminal words; anything else (Updating, InProgress, Accepted…) is still running. */
function stateOf(status: string): JobState {
  switch (status.toLowerCase()) {
    case 'succeeded':
      return 'succeeded'
    case 'failed':
      return 'failed'
    case 'canceled':
    case 'cancelled':
      return 'canceled'
    default:
      return 'running'
  }
}

function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined
}
