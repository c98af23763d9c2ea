import type { Cloud } from './clouds.js'
import type { QueryTarget } from './inputs/workspace.js'
import type { OutputFormat } from './records/record-writer.js'
import type { ArmWorkspace } from './search-job/arm-paths.js'

/** Everything one run needs, read and checked from the inputs before any network call. */
export interface ActionSettings {
  /** The workspace (or resource) the query runs against. */
  target: QueryTarget
  /** More workspaces the query reads (IDs, names or resource IDs). */
  additionalWorkspaces: string[]
  /** The KQL text. */
  query: string
  /** ISO 8601 duration or interval sent with the query; undefined sends none (`all`). */
  timespan: string | undefined
  /** The cloud, with `authority-host` and `endpoint` overrides applied. */
  cloud: Cloud
  /** True when `authority-host` names a host msal-node does not know (private cloud, emulator). */
  customAuthority: boolean
  /** How to sign in. */
  credential: CredentialSettings
  /** The records file. */
  output: OutputSettings
  /** Thresholds on `count`. */
  gate: GateSettings
  /** Seconds the server may run the query (`Prefer: wait`). */
  timeoutSeconds: number
  retry: RetrySettings
  /** Write the job summary. */
  summary: boolean
  /** Set in `mode: search-job`: the asynchronous search job whose results table is then read. */
  searchJob: SearchJobSettings | undefined
}

export type CredentialSettings = {
  kind: 'client-secret'
  tenantId: string
  clientId: string
  clientSecret: string
}

export interface OutputSettings {
  /** Absolute path of the records file. */
  file: string
  format: OutputFormat
  /** Write at most this many records; 0 writes all. */
  maxRecords: number
}

export interface GateSettings {
  /** Fail when `count` is above. */
  maxCount?: number
  /** Fail when `count` is below. */
  minCount?: number
}

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number
  /** No retry starts later than this after the first attempt. */
  maxRetryTimeMs: number
}

/** A search job (`mode: search-job`, contract §4). */
export interface SearchJobSettings {
  /** The workspace, as Azure Resource Manager names it. */
  workspace: ArmWorkspace
  /** The table the query searches (its first word). */
  sourceTable: string
  /** The results table, ending `_SRCH`. */
  table: string
  /** The range searched: ISO 8601 UTC instants. */
  startTime: string
  endTime: string
  /** Records the job keeps at most (`max-records`). */
  limit: number
  /** Keep the results table after its records are read. */
  keepTable: boolean
  pollIntervalMs: number
  /** Bounds the whole wait for the job; it is cancelled after it. */
  timeoutMs: number
  /** The results table's description: what created it. */
  description: string
}
