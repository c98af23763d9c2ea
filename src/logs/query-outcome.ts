import type { PartialResult } from './partial-result.js'
import type { QueryResult } from './query-result.js'

/**
 * A query's answer with a count that can be trusted, or the reason it cannot:
 * `ok`, every row the query matches came back (the file holds them, or the
 * first `max-records`); `partial`, the service sent part of the rows and an
 * error. `export` says how an export split into time slices ran.
 */
export type QueryOutcome =
  | {
      status: 'ok'
      result: QueryResult
      /** Rows the query matches: the rows that arrived. */
      count: number
      /** Fewer records in the file than the query matches (max-records). */
      truncated: boolean
      export?: ExportReport
    }
  | {
      status: 'partial'
      result: QueryResult
      /** Rows the query matches: the server's count when the answer was cut at a cap, else the rows that arrived. */
      count: number
      /** Fewer records in the file than the query matches (true whenever the service cut the answer). */
      truncated: boolean
      /** The error that came with the rows. */
      partial: PartialResult
      /** False when even the server-side count could not be had in full: `count` may be low. */
      countIsExact: boolean
      export?: ExportReport
    }

/** How an export past the service's caps ran: its slices, what they brought, and what the service made it wait. */
export interface ExportReport {
  /** Time slices whose records are in the file (a slice cut and split again counts as its parts). */
  slices: number
  /** Slices past `max-records`, not downloaded: their rows are the server's count. */
  skipped: number
  /** Requests to count the rows on the server and plan the slices. */
  planningQueries: number
  /** Slices that came back cut at a cap and were split again. */
  splitAgain: number
  rows: number
  /** Bytes of the records file. */
  bytes: number
  elapsedMs: number
  /** The most slices in flight at once. */
  concurrency: number
  /** Attempts retried (throttling, gateway errors, broken connections), and of those throttled (HTTP 429). */
  retries: number
  throttled: number
  /** Time spent waiting before retries. */
  waitedMs: number
}
