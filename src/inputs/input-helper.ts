import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, resolve } from 'node:path'
import { CLOUD_NAMES, CLOUDS } from '../common/clouds.js'
import { InputError, quoted } from '../common/errors.js'
import type { ActionSettings, CsvFormulas, OnPartial, OutputFormat, OutputSettings, Split } from '../settings.js'
import { checkWritablePath, MAX_INPUT_BYTES, overTheLimit, root, workspaceRoot } from '../common/confined-path.js'
import { readBaseline } from './baseline-inputs.js'
import { readCredential } from './credential-inputs.js'
import { parseTimespan } from './durations.js'
import { readEvaluation, readGate } from './gate-inputs.js'
import type { InputReader } from './input-reader.js'
import { readQueryParameters } from './parameters.js'
import { MODES, SEARCH_JOB_LIMITS, readSearchJob, refuseSearchJobInputs, type Mode } from './search-job-inputs.js'
import { readBoolean, readChoice, readHttpsOrigin, readInputFile, readLines, readWholeNumber } from './values.js'
import { parseAdditionalWorkspace, parseQueryTarget } from './workspace.js'

/** The choices of the inputs that take one word. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'ndjson', 'csv']
const CSV_FORMULAS: readonly CsvFormulas[] = ['escape', 'keep']
const ON_PARTIAL: readonly OnPartial[] = ['fail', 'warn', 'ignore']
const SPLIT: readonly Split[] = ['auto', 'off']

/**
 * Reads and checks every input. Each rule about inputs lives here, and every
 * problem is an InputError naming the input, raised before any network call.
 */
export function readSettings(
  read: InputReader,
  env: NodeJS.ProcessEnv = process.env,
  now = Date.now()
): ActionSettings {
  const target = parseQueryTarget(required(read, 'workspace', 'the workspace ID (a GUID) or a resource ID'))
  if (typeof target === 'string') throw new InputError('workspace', target)
  const mode = readChoice<Mode>(read, 'mode', MODES, 'query')

  const environment = readChoice(read, 'environment', CLOUD_NAMES, 'azurecloud')
  const authorityHost = readHttpsOrigin(read, 'authority-host')
  const endpoint = readHttpsOrigin(read, 'endpoint')
  const armEndpoint = readHttpsOrigin(read, 'arm-endpoint')
  const cloud = {
    ...CLOUDS[environment],
    ...(authorityHost && { authorityHost }),
    ...(endpoint && { queryEndpoint: endpoint }),
    ...(armEndpoint && { armEndpoint })
  }

  const additionalWorkspaces = readAdditionalWorkspaces(read)
  const query = readQuery(read, env)
  const output = readOutput(read, env, mode)
  const searchJob =
    mode === 'search-job'
      ? readSearchJob(read, { target, query, additionalWorkspaces, limit: output.maxRecords }, env, now)
      : refuseSearchJobInputs(read)
  const timespan = searchJob
    ? { iso: `${searchJob.startTime}/${searchJob.endTime}` }
    : parseTimespan(read('timespan') || 'P1D')
  if (typeof timespan === 'string') throw new InputError('timespan', timespan)
  const baseline = readBaseline(read, timespan.iso, searchJob !== undefined)
  const gate = readGate(read)
  const evaluation = readEvaluation(read, gate)
  if (searchJob && evaluation.mode !== 'once') {
    throw new InputError(
      evaluation.mode,
      'works with mode: query only: a search job runs once (each run creates a billable table).'
    )
  }
  const parameters = readQueryParameters(read, query, mode)

  return {
    target,
    additionalWorkspaces,
    query,
    timespan: timespan.iso,
    cloud,
    customAuthority: authorityHost !== undefined,
    credential: readCredential(read, { cloud, workspace: workspaceFolder(env), env }),
    output,
    gate,
    evaluation,
    onPartial: readChoice(read, 'on-partial', ON_PARTIAL, 'fail'),
    split: readChoice(read, 'split', SPLIT, 'auto'),
    timeoutSeconds: readWholeNumber(read, 'timeout', { min: 1, max: 600, fallback: 180 }) as number,
    retry: {
      maxRetries: readWholeNumber(read, 'max-retries', { min: 0, max: 10, fallback: 4 }) as number,
      maxRetryTimeMs: (readWholeNumber(read, 'max-retry-time', { min: 0, max: 3600, fallback: 300 }) as number) * 1000
    },
    summary: readBoolean(read, 'summary', true),
    searchJob,
    summaryRows: readWholeNumber(read, 'summary-rows', { min: 0, max: 1000, fallback: 20 }) as number,
    parameters,
    baseline
  }
}

function required(read: InputReader, name: string, what: string): string {
  const value = read(name)
  if (value === '') throw new InputError(name, `is required: ${what}.`)
  return value
}

function readQuery(read: InputReader, env: NodeJS.ProcessEnv): string {
  const inline = read('query')
  const file = read('query-file')
  if (inline !== '' && file !== '') throw new InputError('query', 'give either query or query-file, not both.')
  if (inline === '' && file === '')
    throw new InputError('query', 'is required: the KQL to run (or query-file, a path to a .kql file).')
  if (inline !== '') return checkQueryText('query', inline, 'the query')
  const path = resolve(workspaceFolder(env), file)
  const hint =
    'keep the .kql file in the repository and give its path relative to the repository root (GITHUB_WORKSPACE).'
  const text = readInputFile('query-file', path, workspaceFolder(env), hint)
  const query = checkQueryText('query-file', text, path)
    .replace(/^\uFEFF/, '')
    .trim()
  if (query === '') throw new InputError('query-file', `${path} is empty.`)
  return query
}

/** A query is text: at most 1 MiB, with no NUL byte (a binary file, or a file that is not what it seems). */
function checkQueryText(name: string, text: string, what: string): string {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_INPUT_BYTES) throw new InputError(name, `${overTheLimit(what, bytes)}; shorten the query.`)
  if (text.includes('\0'))
    throw new InputError(name, `${what} holds a NUL byte; a query is text: check the file's encoding (use UTF-8).`)
  return text
}

function readAdditionalWorkspaces(read: InputReader): string[] {
  const workspaces = readLines(read, 'additional-workspaces')
  for (const workspace of workspaces) {
    if (parseAdditionalWorkspace(workspace) === undefined) {
      throw new InputError('additional-workspaces', `${quoted(workspace)} is not a workspace ID, name or resource ID.`)
    }
  }
  if (workspaces.length > 100)
    throw new InputError(
      'additional-workspaces',
      `lists ${workspaces.length} workspaces; the service takes at most 100.`
    )
  return workspaces
}

function readOutput(read: InputReader, env: NodeJS.ProcessEnv, mode: Mode): OutputSettings {
  const format = readChoice<OutputFormat>(read, 'output-format', OUTPUT_FORMATS, 'json')
  // A search job's records are its limit, which the service requires; a query writes all by default.
  const records =
    mode === 'search-job'
      ? { min: 1, max: SEARCH_JOB_LIMITS.maxRecords, fallback: SEARCH_JOB_LIMITS.defaultRecords }
      : { min: 0, fallback: 0 }
  const maxRecords = readWholeNumber(read, 'max-records', records) as number
  const given = read('output-file')
  const file = given === '' ? defaultOutputFile(format, env) : resolve(workspaceFolder(env), given)
  const roots = [workspaceRoot(workspaceFolder(env)), root(runnerTemp(env), 'RUNNER_TEMP')]
  const hint = 'write the records under the repository or leave output-file empty for a file in RUNNER_TEMP.'
  checkWritablePath('output-file', file, roots, hint)
  if (given !== '' && isFolder(file)) {
    throw new InputError(
      'output-file',
      `${file} is a folder; name a file, such as ${resolve(file, `records.${format}`)}.`
    )
  }
  return {
    file,
    format,
    maxRecords,
    csvFormulas: readChoice<CsvFormulas>(read, 'csv-formulas', CSV_FORMULAS, 'escape'),
    roots: roots.map(allowed => allowed.real)
  }
}

function workspaceFolder(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_WORKSPACE || process.cwd()
}

function defaultOutputFile(format: OutputFormat, env: NodeJS.ProcessEnv): string {
  return resolve(runnerTemp(env), `log-analytics-query-${randomUUID().slice(0, 8)}.${format}`)
}

function runnerTemp(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TEMP || tmpdir()
}

function isFolder(path: string): boolean {
  try {
    return isAbsolute(path) && statSync(path).isDirectory()
  } catch {
    return false
  }
}
