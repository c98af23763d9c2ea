import type { Cloud } from './clouds.js'
import type { QueryTarget } from './inputs/workspace.js'
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
  /** Thresholds on `count` and `value`. */
  gate: GateSettings
  /** When to evaluate: once, or again and again (`watch`, `wait-until`), after any `delay`. */
  evaluation: EvaluationSettings
  /** Seconds the server may run the query (`Prefer: wait`). */
  timeoutSeconds: number
  retry: RetrySettings
  /** Show records (preview table, chart of the result) in the job summary; false writes the verdict and details only. */
  summary: boolean
  /** Rows of the summary's preview table. */
  summaryRows: number
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
  /** Fail when `value` is above (or is not a number). */
  maxValue?: number
  /** Fail when `value` is below (or is not a number). */
  minValue?: number
  /** Warn when `count` is above. */
  warnCount?: number
  /** Warn when `value` is above. */
  warnValue?: number
}

/**
 * When the gate is evaluated: `once`, or every `intervalMs` for `windowMs` —
 * `watch` fails at the first breach and passes a quiet window, `wait-until`
 * passes at the first sample that holds and fails when the window runs out.
 */
export interface EvaluationSettings {
  mode: 'once' | 'watch' | 'wait-until'
  /** Wait before the first evaluation (ingestion delay). */
  delayMs: number
  /** How long `watch` or `wait-until` goes on; 0 for `once`. */
  windowMs: number
  /** Time between the starts of two samples. */
  intervalMs: number
}

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number
  /** No retry starts later than this after the first attempt. */
  maxRetryTimeMs: number
}
