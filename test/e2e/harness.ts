import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID, WORKSPACE_ID } from '../emulator/directory.js'
import type { Emulator, Fault, LoggedRequest } from '../emulator/emulator.js'

/** The committed bundle, as the runner runs it. */
export const COMMITTED_BUNDLE = resolve(import.meta.dirname, '../../dist/index.js')

/**
 * What runAction runs: under vitest, the bundle of the current sources that
 * test/setup/bundle.ts builds once per test run; elsewhere (the demo
 * scripts), the committed bundle.
 */
export async function bundle(): Promise<string> {
  if (!process.env.VITEST) return COMMITTED_BUNDLE
  const built = (await import('vitest')).inject('bundle')
  if (!built) throw new Error('no bundle to run: the vitest project must list test/setup/bundle.ts in globalSetup')
  return built
}

/** Preloaded into every run: no name lookup leaves the machine (see the file). */
const NETWORK_GUARD = pathToFileURL(resolve(import.meta.dirname, 'network-guard.mjs')).href

export interface ActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** The job's scratch folder (RUNNER_TEMP) and repository (GITHUB_WORKSPACE). */
  runnerTemp: string
  workspace: string
  durationMs: number
  /** The `::error::` lines, without the command prefix. */
  errors: string[]
}

export interface RunOptions {
  /** Extra environment (proxy variables, OIDC variables, …). */
  env?: Record<string, string>
  /** Called once the process has started (to signal it, say). */
  onStart?: (child: ReturnType<typeof spawn>) => void
  /** Called with RUNNER_TEMP before the process starts. */
  onRunnerTemp?: (folder: string) => void
  /** Omit the default credential and emulator inputs. */
  bare?: boolean
  /** Files to create in GITHUB_WORKSPACE first, by relative path. */
  files?: Record<string, string>
  /** Options for node itself, before the bundle (`--max-old-space-size=128`). */
  nodeOptions?: string[]
  /** A folder to put first on PATH (a stand-in az). */
  path?: string
  /** The bundle to run instead of bundle() (the committed one, say). */
  bundle?: string
}

/** Inputs that point the action at the emulator with the registered app. */
export function emulatorInputs(emulator: Emulator): Record<string, string> {
  return {
    workspace: WORKSPACE_ID,
    'tenant-id': TENANT_ID,
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    'authority-host': emulator.url,
    endpoint: emulator.url,
    'arm-endpoint': emulator.url
  }
}

/**
 * What the runner sets for a job with `permissions: id-token: write`, served by
 * the emulator. `host` names the token service as the action sees it (by
 * default the emulator's loopback address; the real GitHub host for proxy tests).
 */
export function githubOidcEnv(
  emulator: Emulator,
  options: { subject?: string; host?: string } = {}
): Record<string, string> {
  const job = emulator.github.newJob(options.subject)
  const origin = options.host ? `https://${options.host}` : emulator.url
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${origin}${job.requestPath}`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: job.requestToken
  }
}

/** Inputs that sign in with GitHub OIDC alone: no secret, no certificate. */
export const OIDC_INPUTS = { 'client-secret': '' }

/**
 * Runs `node <bundle>` as the runner would: inputs as INPUT_<NAME>
 * (upper-cased, hyphens kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
 * RUNNER_TEMP, and a clean environment so nothing of the test runner's leaks in.
 * Two things keep every run on this machine: the network guard (no name
 * lookups) and AZURE_POD_IDENTITY_AUTHORITY_HOST, which sends msal's managed
 * identity requests to the emulator instead of 169.254.169.254.
 */
export async function runAction(
  emulator: Emulator | undefined,
  inputs: Record<string, string>,
  options: RunOptions = {}
): Promise<ActionRun> {
  const root = mkdtempSync(join(tmpdir(), 'laq-run-'))
  await removeWhenTestEnds(root)
  const runnerTemp = join(root, 'runner-temp')
  const workspace = join(root, 'workspace')
  mkdirSync(runnerTemp)
  mkdirSync(workspace)
  const outputFile = join(root, 'github-output')
  const summaryFile = join(root, 'step-summary')
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true })
    writeFileSync(join(workspace, path), text)
  }
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const all = { ...(emulator && !options.bare ? emulatorInputs(emulator) : {}), ...inputs }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...(process.env.SYSTEMROOT && { SYSTEMROOT: process.env.SYSTEMROOT }),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    NODE_OPTIONS: `--import=${NETWORK_GUARD}`,
    AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator ? emulator.url : 'https://127.0.0.1:9',
    ...(emulator && { NODE_EXTRA_CA_CERTS: emulator.caFile }),
    ...options.env
  }
  if (options.path) env.PATH = [options.path, env.PATH].join(delimiter)
  for (const [name, value] of Object.entries(all)) env[`INPUT_${name.toUpperCase()}`] = value
  options.onRunnerTemp?.(runnerTemp)
  const started = Date.now()
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), options.bundle ?? (await bundle())], {
    env,
    cwd: workspace
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  options.onStart?.(child)
  const exitCode = await new Promise<number | null>(done => child.on('close', code => done(code)))
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    runnerTemp,
    workspace,
    durationMs: Date.now() - started,
    errors: stdout
      .split(/\r?\n/)
      .filter(line => line.startsWith('::error'))
      .map(line => line.replace(/^::error[^:]*::/, ''))
  }
}

/**
 * Under vitest, removes a run's folders when the test that made the run ends: an export's records are hundreds of
 * MB, and removed early they may never reach the disk. A run made outside a test (in a `beforeAll`) stays until the
 * test run's scratch folder goes (test/setup/scratch.ts); the demo removes each run's folders once it has shown it.
 */
async function removeWhenTestEnds(folder: string): Promise<void> {
  if (!process.env.VITEST) return
  const { expect, onTestFinished } = await import('vitest')
  if (expect.getState().currentTestName === undefined) return
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
}

/** Reads the `name<<delimiter` blocks @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i])
    outputs[match[1]] = value.join('\n')
  }
  return outputs
}

/** The records file a run wrote. */
export function records(run: ActionRun): string {
  const file = run.outputs['records-file']
  if (!file || !existsSync(file)) throw new Error(`no records file: ${run.stdout}\n${run.stderr}`)
  return readFileSync(file, 'utf8')
}

/** What the emulator does during one run: the row counts of `Series`, query by query, and the faults queued. */
export interface Script {
  series?: number[]
  faults?: Fault[]
}

/** Runs the action with the emulator scripted, and returns the run with the requests the emulator saw during it. */
export async function runScripted(
  emulator: Emulator,
  inputs: Record<string, string>,
  script: Script = {}
): Promise<ActionRun & { requests: LoggedRequest[] }> {
  emulator.series = script.series ?? []
  emulator.faults.push(...(script.faults ?? []))
  const from = emulator.requests.length
  try {
    const result = await runAction(emulator, inputs)
    return { ...result, requests: emulator.requests.slice(from) }
  } finally {
    emulator.faults.length = 0
  }
}
