import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeClientCertificate } from '../emulator/certificates.js'
import { CLIENT_ID, CLIENT_SECRET, WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { emulatorInputs, runAction, type ActionRun } from './harness.js'
import { expectNoLeak, masked } from './secrets-helpers.js'

/*
 * A few refusals, one of each family, run through the real bundle: it exits 1
 * with one `::error::` line naming the input, no stack trace, verdict error,
 * no request, and the secrets given masked first and shown nowhere else (the
 * debug lines and the files it leaves included).
 * Every refusal's message is a unit test of readSettings:
 * test/unit/input-helper-refusals.test.ts.
 */

const certificate = await makeClientCertificate()

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

interface BadInput {
  /** What is wrong. */
  name: string
  inputs: Record<string, string>
  /** The input the message must name. */
  input: string
  /** What the message must say. */
  says: RegExp
  files?: Record<string, string>
}

/** The inputs that carry a secret, which the action masks before it checks anything. */
const SECRET_INPUTS = ['client-secret', 'creds', 'client-certificate-password']

/** The secrets among `inputs`: secret inputs, and the key lines of PEM text (the runner masks line by line). */
function secretsOf(inputs: Record<string, string>): string[] {
  const pem = inputs['client-certificate'] ?? ''
  const keyLines = pem.includes('-----BEGIN ') ? pem.split('\n').filter(line => /^[A-Za-z0-9+/=]{16,}$/.test(line)) : []
  return [...SECRET_INPUTS.map(name => inputs[name] ?? ''), ...keyLines].filter(secret => secret !== '')
}

/**
 * Each secret is masked before the error and appears only in its `::add-mask::`
 * command: not in the log, the outputs, the summary or any file the run left;
 * nor does the emulator's client secret alone (inside malformed creds, only the
 * whole value is masked).
 */
function expectMaskedFirstAndShownNowhere(run: ActionRun, secrets: string[]): void {
  expect(secrets.length).toBeGreaterThan(0)
  expect(masked(run, { beforeError: true })).toEqual(expect.arrayContaining(secrets))
  expectNoLeak(run, [...secrets, CLIENT_SECRET])
}

const cases: BadInput[] = [
  // workspace and query: a path resolved against the runner's GITHUB_WORKSPACE
  {
    name: 'a query-file that does not exist',
    inputs: { query: '', 'query-file': 'queries/missing.kql' },
    input: 'query-file',
    says: /queries\/missing\.kql does not exist/
  },
  // credentials: a bad input that holds the secret itself
  {
    name: 'malformed creds JSON',
    inputs: {
      creds: `{"clientId": "${CLIENT_ID}", "clientSecret": "${CLIENT_SECRET}"`,
      'client-secret': '',
      'client-id': '',
      'tenant-id': ''
    },
    input: 'creds',
    says: /not a JSON object/
  },
  // credentials: a wrong password for an encrypted key given as PEM text
  {
    name: 'an encrypted key with a wrong password',
    inputs: {
      'client-secret': '',
      'client-certificate': certificate.encryptedPem,
      'client-certificate-password': 'Wr0ng-p@ssword'
    },
    input: 'client-certificate-password',
    says: /does not decrypt the private key/
  },
  // gate thresholds
  {
    name: 'min-value above max-value',
    inputs: { 'min-value': '1', 'max-value': '0.5' },
    input: 'min-value',
    says: /above max-value 0\.5/
  },
  // durations and evaluation
  {
    name: 'an interval longer than the watch',
    inputs: { 'max-count': '5', watch: '30s', interval: '1m' },
    input: 'interval',
    says: /1 min is longer than watch 30 s/
  },
  // search-job mode: a multi-line query
  {
    name: 'a search job that summarizes',
    inputs: {
      mode: 'search-job',
      workspace: WORKSPACE_RESOURCE_ID,
      query: 'AppExceptions\n| summarize count() by AppRoleName'
    },
    input: 'query',
    says: /accepts only where, extend, project.*; line 2 uses "summarize"/
  },
  // output-file: a folder in the runner's workspace
  {
    name: 'an output-file that is a folder',
    inputs: { 'output-file': 'out' },
    input: 'output-file',
    says: /is a folder/,
    files: { 'out/keep': '' }
  }
]

describe('bad inputs', () => {
  it.each(cases)('$name: one line naming $input, no request, no secret', async ({ inputs, input, says, files }) => {
    const before = emulator.requests.length
    const given = { query: 'Heartbeat', ...inputs }
    // With debug logging on: what only the debug lines show (a stack, msal's log) must not hold a secret either.
    const result = await runAction(emulator, given, { files, env: { RUNNER_DEBUG: '1' } })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toHaveLength(1)
    const [message] = result.errors
    expect(message.startsWith(`Input '${input}': `), message).toBe(true)
    expect(message).toMatch(says)
    expect(message).not.toContain('%0A') // one line
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at \S+ \(/) // no stack trace
    expect(emulator.requests.length).toBe(before)
    expect(result.outputs.verdict).toBe('error')

    expectMaskedFirstAndShownNowhere(result, secretsOf({ ...emulatorInputs(emulator), ...given }))
  })
})
