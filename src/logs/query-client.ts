import { call, type Caller } from '../http/call.js'
import { TransientError } from '../http/retry.js'
import { DEADLINE_GRACE_MS, bodyError, discard, readText, type HttpResponse } from '../http/send.js'
import { LeadingRecords } from '../records/leading-records.js'
import type { OpenRecords, RecordWriter } from '../records/record-writer.js'
import { openRecordsFile } from '../records/records-file.js'
import type { OutputSettings } from '../settings.js'
import { CLIENT_GRACE_SECONDS, buildQueryRequest, type QuerySpec } from './query-request.js'
import { ResultCollector, type QueryResult, type RowObserver } from './query-result.js'
import { MalformedResponseError, ResponseParser } from '../wire/response-parser.js'
import { QueryRefused, serviceErrorMessage } from './service-error.js'

/** Where the Logs API is, and how to call it. */
export interface LogsClient {
  /** The query endpoint (`https://api.loganalytics.io`, or the cloud's). */
  endpoint: string
  caller: Caller
}

/** What becomes of the rows: the records file (or none: rows only counted) and how many are kept for the summary. */
export interface ResultSink {
  /** Where the records go; null: rows are only counted (and previewed). */
  output: OutputSettings | null
  /** Rows kept in memory for the summary. */
  previewRows: number
  /**
   * Keep the first records written as a JSON array of at most this many bytes (the `records` output); none when
   * undefined.
   */
  recordsBudget?: number
  /** Sees every row of the first table as it streams by (conditions over rows); nothing is kept for it. */
  rows?: RowObserver
  /**
   * Where each attempt's records go instead of the records file of `output` (a part of an export); `output`'s format
   * and max-records still apply.
   */
  openRecords?: () => OpenRecords
}

/**
 * Runs the query and streams its rows into the records file (when there is one). A failed attempt
 * (throttled, cut off, garbled) is retried from scratch with a fresh temporary
 * file, so the records file that appears is always whole.
 */
export async function runQuery(client: LogsClient, spec: QuerySpec, sink: ResultSink): Promise<QueryResult> {
  const { caller } = client
  const request = buildQueryRequest(client.endpoint, spec)
  return call(
    async () => ({
      method: 'POST' as const,
      url: request.url,
      headers: { ...request.headers, authorization: `Bearer ${await caller.token()}` },
      body: request.body,
      idleTimeoutMs: (spec.serverTimeoutSeconds + CLIENT_GRACE_SECONDS) * 1000,
      deadlineMs: spec.serverTimeoutSeconds * 1000 + DEADLINE_GRACE_MS,
      silenceHint: 'raise timeout (at most 600 seconds) or narrow the query or its timespan'
    }),
    { what: 'query', retry: caller.retry, log: caller.log, counter: caller.counter, describe: serviceErrorMessage },
    async response => {
      if (response.status === 200 || response.status === 204) return readResult(response, sink)
      throw new QueryRefused(response.status, serviceErrorMessage(response.status, await readText(response)))
    }
  )
}

async function readResult(response: HttpResponse, sink: ResultSink): Promise<QueryResult> {
  const { output } = sink
  const records = sink.openRecords?.() ?? (output ? openRecordsFile(output) : undefined)
  try {
    const writer = records?.writer ?? NO_RECORDS
    const leading = sink.recordsBudget === undefined ? undefined : new LeadingRecords(sink.recordsBudget)
    const collector = new ResultCollector(writer, output?.maxRecords ?? 0, sink.previewRows, leading, sink.rows)
    if (response.status === 200) await parse(response, new ResponseParser(collector))
    else await discard(response) // 204: no content, no rows
    const result = collector.finish()
    records?.commit()
    return result
  } catch (error) {
    records?.discard()
    throw error
  }
}

/** Feeds the body to the parser as it arrives; a body that breaks off or makes no sense is worth another attempt. */
async function parse(response: HttpResponse, parser: ResponseParser): Promise<void> {
  try {
    for await (const chunk of response.body) parser.write(chunk as Buffer)
    parser.end()
  } catch (error) {
    if (error instanceof MalformedResponseError)
      throw new TransientError(`the service's answer was unusable: ${error.message}`)
    throw bodyError(error)
  }
}

/** The writer of a query whose rows are only counted. */
const NO_RECORDS: RecordWriter = { begin() {}, row() {}, end() {} }
