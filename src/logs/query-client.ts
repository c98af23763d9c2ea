import { ActionError } from '../common/errors.js'
import { DEADLINE_GRACE_MS, bodyError, discard, readText, send, type HttpResponse } from '../http/http.js'
import { isRetryableStatus, retryAfterMs } from '../http/retry-policy.js'
import { TransientError, withRetries, type AttemptCounter, type RetryLog } from '../http/retry.js'
import { createRecordWriter } from '../records/create-writer.js'
import type { RecordWriter } from '../records/record-writer.js'
import { RecordsFile } from '../records/records-file.js'
import type { ActionSettings, OutputSettings } from '../settings.js'
import { CLIENT_GRACE_SECONDS, buildQueryRequest } from './query-request.js'
import { ResultCollector, type QueryResult } from './query-result.js'
import { MalformedResponseError, ResponseParser } from '../wire/response-parser.js'
import { serviceErrorMessage } from './service-error.js'

export interface QueryOptions {
  settings: ActionSettings
  /** Where the records go; null: rows are only counted (and previewed). */
  output: OutputSettings | null
  /** A valid access token for the query endpoint. */
  token: () => Promise<string>
  /** Rows kept in memory for the summary. */
  previewRows: number
  log: RetryLog
  counter: AttemptCounter
}

/**
 * Runs the query and streams its rows into the records file (when there is one). A failed attempt
 * (throttled, cut off, garbled) is retried from scratch with a fresh temporary
 * file, so the records file that appears is always whole.
 */
export async function runQuery(options: QueryOptions): Promise<QueryResult> {
  const { settings } = options
  const request = buildQueryRequest(settings)
  const idleTimeoutMs = (settings.timeoutSeconds + CLIENT_GRACE_SECONDS) * 1000
  return withRetries(
    'query',
    async () => {
      const response = await send({
        method: 'POST',
        url: request.url,
        headers: { ...request.headers, authorization: `Bearer ${await options.token()}` },
        body: request.body,
        idleTimeoutMs,
        deadlineMs: settings.timeoutSeconds * 1000 + DEADLINE_GRACE_MS,
        silenceHint: 'raise timeout (at most 600 seconds) or narrow the query or its timespan'
      })
      if (response.status === 200 || response.status === 204) return readResult(response, options)
      const text = await readText(response)
      if (isRetryableStatus(response.status)) {
        throw new TransientError(serviceErrorMessage(response.status, text), retryAfterMs(response.headers))
      }
      throw new ActionError(serviceErrorMessage(response.status, text))
    },
    settings.retry,
    options.log,
    options.counter
  )
}

async function readResult(response: HttpResponse, options: QueryOptions): Promise<QueryResult> {
  const { output } = options
  const file = output ? new RecordsFile(output.file, output.roots) : undefined
  try {
    const writer = output && file ? createRecordWriter(output.format, file, output.csvFormulas) : NO_RECORDS
    const collector = new ResultCollector(writer, output?.maxRecords ?? 0, options.previewRows)
    if (response.status === 200) await parse(response, new ResponseParser(collector))
    else await discard(response) // 204: no content, no rows
    const result = collector.finish()
    file?.commit()
    return result
  } catch (error) {
    file?.discard()
    throw error
  }
}

/** Feeds the body to the parser as it arrives; a body that breaks off or makes no sense is worth another attempt. */
async function parse(response: HttpResponse, parser: ResponseParser): Promise<void> {
  try {
    for await (const chunk of response.body) parser.write(chunk as Buffer)
    parser.end()
  } catch (error) {
    if (error instanceof MalformedResponseError) throw new TransientError(`the service's answer was unusable: ${error.message}`)
    throw bodyError(error)
  }
}

/** The writer of a query whose rows are only counted. */
const NO_RECORDS: RecordWriter = { begin() {}, row() {}, end() {} }
