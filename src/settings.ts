/**
 * The settings of one run, as plain types: what the inputs say, read and
 * checked before any network call (src/inputs/ builds it). This file imports
 * nothing: every layer may depend on it, and it depends on none.
 */

/** Where a query runs: a workspace by its ID, or an Azure resource by its resource ID. */
export type QueryTarget = { kind: 'workspace'; id: string } | { kind: 'resource'; id: string }

/** What to do when the service answers with part of the result and an error. */
export type OnPartial = 'fail' | 'warn' | 'ignore'

/**
 * Whether a query the service would cut (500,000 rows, ~100 MB) is exported in time slices (`auto`: a row-level query
 * is, so the file holds every record) or runs as one answer (`off`: `on-partial` decides).
 */
export type Split = 'auto' | 'off'

/** The records file's format. */
export type OutputFormat = 'json' | 'ndjson' | 'csv'

/** What `csv-formulas` does to text a spreadsheet would run as a formula: prefix it with `'` (OWASP), or keep it. */
export type CsvFormulas = 'escape' | 'keep'

/** A Log Analytics workspace as Azure Resource Manager names it. */
export interface ArmWorkspace {
  subscriptionId: string
  resourceGroup: string
  name: string
}

export type CloudName = 'azurecloud' | 'azureusgovernment' | 'azurechinacloud'

/**
 * The Azure clouds the action knows (contract §1). This is the only place where
 * their host names live: authority, query endpoint, token scope and OIDC audience
 * always switch together, because a token for one cloud is rejected by another.
 */
export interface Cloud {
  /** The azure/login spelling of the environment. */
  name: CloudName
  /** Entra ID host that issues tokens. */
  authorityHost: string
  /** The Logs query API. */
  queryEndpoint: string
  /** The resource whose `.default` scope a query token is requested for. */
  queryResource: string
  /** Azure Resource Manager (search jobs). */
  armEndpoint: string
  /** The resource whose `.default` scope an Azure Resource Manager token is requested for. */
  armResource: string
  /** Audience of the GitHub OIDC token exchanged for an Entra token. */
  oidcAudience: string
}

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
  /** What a partial answer (rows and an error) does to the step. */
  onPartial: OnPartial
  /** Export a query past the service's caps in time slices. */
  split: Split
  /** Seconds the server may run the query (`Prefer: wait`). */
  timeoutSeconds: number
  retry: RetrySettings
  /**
   * Show records (preview table, chart of the result) in the job summary; false writes the verdict and details only.
   */
  summary: boolean
  /** Set in `mode: search-job`: the asynchronous search job whose results table is then read. */
  searchJob: SearchJobSettings | undefined
  /** Rows of the summary's preview table. */
  summaryRows: number
  /** Values the query reads by name (`parameters`), put in front of it as `let` statements. */
  parameters: QueryParameter[]
  /** The same query over an earlier window, to compare with (`baseline`); undefined without one. */
  baseline: BaselineSettings | undefined
}

/** How to sign in: one of the five ways, chosen from the inputs (`auth-type` and the credential inputs). */
export type CredentialSettings =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'client-certificate'; tenantId: string; clientId: string; certificate: ClientCertificate }
  | {
      kind: 'github-oidc'
      tenantId: string
      clientId: string
      /** Audience of the GitHub ID token exchanged for an Entra token (`api://AzureADTokenExchange`). */
      audience: string
    }
  | {
      kind: 'managed-identity'
      /** A user-assigned identity's client ID; undefined for the system-assigned identity. */
      clientId: string | undefined
    }
  | {
      kind: 'azure-cli'
      /** Ask the CLI for a token of this tenant; undefined for the session's own tenant. */
      tenantId: string | undefined
    }

/** A certificate with its private key, checked and decrypted before any network call. */
export interface ClientCertificate {
  /** SHA-256 of the certificate's DER, in hex: the `x5t#S256` Entra ID looks the certificate up by. */
  thumbprintSha256: string
  /** The private key, decrypted, as PKCS#8 PEM. A secret. */
  privateKey: string
  /**
   * The certificate and the rest of the chain as PEM, leaf first: sent as `x5c` (subject name and issuer
   * authentication).
   */
  chain: string
  /** The certificate's subject, for the log. */
  subject: string
  /** The PEM text as given (input or file), to mask. */
  source: string
}

export interface OutputSettings {
  /** Absolute path of the records file. */
  file: string
  format: OutputFormat
  /** Write at most this many records; 0 writes all. */
  maxRecords: number
  /** CSV text cells that start like a spreadsheet formula: `escape` prefixes `'`, `keep` writes them as they are. */
  csvFormulas: CsvFormulas
  /** Real paths of the folders the file must stay in (the workspace, RUNNER_TEMP), checked again when it is written. */
  roots: string[]
}

/** Thresholds exactly as the user wrote them (decimal text, compared exactly: `9007199254740993`, `1e-9`). */
export interface GateSettings {
  /** Fail when `count` is above (a whole number). */
  maxCount?: string
  /** Fail when `count` is below (a whole number). */
  minCount?: string
  /** Fail when `value` is above (or is not a number). */
  maxValue?: string
  /** Fail when `value` is below (or is not a number). */
  minValue?: string
  /** Warn when `count` is above (a whole number). */
  warnCount?: string
  /** Warn when `value` is above. */
  warnValue?: string
  /** Fail when this CEL expression is true for any row (`errorRate > 0.02 || p95 > 800`). */
  failIf?: string
  /** Warn when this CEL expression is true for any row. */
  warnIf?: string
  /** What an answer without rows does when `fail-if`, `warn-if` or a value threshold is set. */
  onNoData?: OnNoData
}

/** What an answer with zero rows does to the gate (`on-no-data`). */
export type OnNoData = 'fail' | 'warn' | 'pass'

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
  /** `watch`: failed samples tolerated (`failure-limit`); undefined for 0, the first failure fails. */
  failureLimit?: number
  /** `wait-until`: samples in a row that must hold (`consecutive-successes`); undefined for 1. */
  consecutiveSuccesses?: number
  /**
   * `watch`, `wait-until`: samples in a row whose query failed after its retries that are tolerated (`error-limit`);
   * undefined: 0.
   */
  errorLimit?: number
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

/** The type of a query parameter's value. */
export type ParameterType =
  'string' | 'long' | 'int' | 'real' | 'decimal' | 'bool' | 'datetime' | 'timespan' | 'guid' | 'dynamic'

/** One of `parameters`: a name the query reads, and its value as given and as a KQL literal. */
export interface QueryParameter {
  name: string
  type: ParameterType
  /** The value as given (a JSON string's text when written as one). */
  value: string
  /** The value as KQL (`"…"` with escapes, `long(42)`, `datetime(…)`, `parse_json("…")`). */
  literal: string
}

/**
 * `baseline`: the same query over an earlier window of the same length, run
 * beside the current one at every sample.
 */
export interface BaselineSettings {
  /** As the input says it: `previous`, or the shift as written (`1d`, `P7D`). */
  name: string
  /** How far back the baseline window lies from the current one (the window's length for `previous`). */
  shiftMs: number
  /**
   * The current window: a duration ending at each sample's start (a relative
   * `timespan`), or a fixed interval (epoch milliseconds).
   */
  window: { kind: 'relative'; durationMs: number } | { kind: 'fixed'; startMs: number; endMs: number }
}
