import type { Cloud } from './clouds.js'
import type { QueryTarget } from './inputs/workspace.js'
import type { OnPartial } from './logs/partial-result.js'
import type { OutputFormat } from './records/record-writer.js'

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
  /** What a partial answer (rows and an error) does to the step. */
  onPartial: OnPartial
  /** Seconds the server may run the query (`Prefer: wait`). */
  timeoutSeconds: number
  retry: RetrySettings
  /** Write the job summary. */
  summary: boolean
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
