import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeClientCertificate, type ClientCertificateFiles } from '../emulator/certificates.js'
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID, WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { githubOidcEnv, OIDC_INPUTS, runAction, type ActionRun, type RunOptions } from './harness.js'
import { installStandInAz } from './stand-in-az.js'

let emulator: Emulator
let certificate: ClientCertificateFiles
beforeAll(async () => {
  emulator = await startEmulator()
  certificate = await makeClientCertificate()
  emulator.registerCertificate(certificate.certPem)
})
afterAll(() => emulator.close())

/** The base64 lines of a PEM's private key block: the runner masks line by line. */
function keyLines(pem: string): string[] {
  const key = /-----BEGIN (?:ENCRYPTED )?PRIVATE KEY-----([\s\S]*?)-----END/.exec(pem)?.[1] ?? ''
  return key.split('\n').filter(line => line.length >= 16)
}

/** Runs the action and gives what it was handed during the run: access tokens, ID tokens and client assertions. */
async function runWatched(inputs: Record<string, string>, options: RunOptions = {}) {
  const tokensFrom = emulator.tokens.length
  const idTokensFrom = emulator.github.idTokens.length
  const requestsFrom = emulator.requests.length
  const run = await runAction(emulator, inputs, { ...options, env: { RUNNER_DEBUG: '1', ...options.env } })
  const assertions = emulator.requests
    .slice(requestsFrom)
    .filter(request => request.route === 'token')
    .map(request => new URLSearchParams(request.body).get('client_assertion') ?? '')
    .filter(assertion => assertion !== '')
  return {
    run,
    tokens: emulator.tokens.slice(tokensFrom).map(t => t.token),
    idTokens: emulator.github.idTokens.slice(idTokensFrom),
    assertions
  }
}

/** Every file a run left behind: outputs, summary, records, anything in RUNNER_TEMP or the workspace. */
function filesOf(run: ActionRun): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap(name => {
      const path = join(folder, name)
      return statSync(path).isDirectory() ? walk(path) : [path]
    })
  return [...walk(run.runnerTemp), ...walk(run.workspace)]
}

/**
 * A secret may appear only inside the `::add-mask::` command that tells the
 * runner to hide it; anywhere else it would reach the log, a file or an output.
 */
function expectNoLeak(run: ActionRun, secrets: string[]): void {
  const logs = (run.stdout + '\n' + run.stderr)
    .split(/\r?\n/)
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  const places: [string, string][] = [
    ['log', logs],
    ['outputs', JSON.stringify(run.outputs)],
    ['summary', run.summary],
    ...filesOf(run).map(file => [file, readFileSync(file, 'utf8')] as [string, string])
  ]
  for (const secret of secrets) {
    for (const [place, text] of places) expect(text.includes(secret), `${place} holds a secret`).toBe(false)
  }
}

/** The values the run told the runner to mask (command data unescaped, so a multi-line value reads as it is). */
function masked(run: ActionRun): string[] {
  return run.stdout
    .split(/\r?\n/)
    .filter(line => line.startsWith('::add-mask::'))
    .map(line => line.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

describe('secrets never leak', () => {
  it('masks the client secret and the access token, and writes neither anywhere', async () => {
    const tokensBefore = emulator.tokens.length
    const run = await runAction(emulator, { query: 'AllTypes', 'output-format': 'csv' })
    expect(run.exitCode).toBe(0)
    const tokens = emulator.tokens.slice(tokensBefore).map(t => t.token)
    expect(tokens.length).toBeGreaterThan(0)
    expect(masked(run)).toEqual(expect.arrayContaining([CLIENT_SECRET, ...tokens]))
    expectNoLeak(run, [CLIENT_SECRET, ...tokens])
  })

  it('masks every value of creds, including the secret inside it', async () => {
    const creds = JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tenantId: TENANT_ID })
    const tokensBefore = emulator.tokens.length
    const run = await runAction(emulator, {
      query: 'Heartbeat',
      creds,
      'client-secret': '',
      'client-id': '',
      'tenant-id': ''
    })
    expect(run.exitCode).toBe(0)
    const tokens = emulator.tokens.slice(tokensBefore).map(t => t.token)
    expect(masked(run)).toEqual(expect.arrayContaining([creds, CLIENT_SECRET, ...tokens]))
    expectNoLeak(run, [CLIENT_SECRET, ...tokens])
  })

  it('keeps a wrong secret out of the error message', async () => {
    const wrong = 'Wr0ng~Secret.ThatIsStillSecret'
    const run = await runAction(emulator, { query: 'Heartbeat', 'client-secret': wrong })
    expect(run.exitCode).toBe(1)
    expect(masked(run)).toContain(wrong)
    expectNoLeak(run, [wrong])
  })

  it('keeps the secret out of a malformed creds error', async () => {
    const run = await runAction(emulator, {
      query: 'Heartbeat',
      creds: `{"clientSecret": "${CLIENT_SECRET}", `,
      'client-secret': ''
    })
    expect(run.exitCode).toBe(1)
    expectNoLeak(run, [CLIENT_SECRET])
  })

  it('keeps the secret and every token out of a watch: its samples, log lines and summary chart', async () => {
    emulator.series = [1, 2]
    const tokensBefore = emulator.tokens.length
    const run = await runAction(emulator, {
      query: 'Series',
      'max-count': '5',
      watch: '1s',
      interval: '1s',
      delay: '1s'
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.samples).toBe('2')
    expect(run.summary).toContain('xychart-beta')
    expectNoLeak(run, [CLIENT_SECRET, ...emulator.tokens.slice(tokensBefore).map(t => t.token)])
  })

  it('masks the certificate, its key line by line, the client assertion and the token', async () => {
    const { run, tokens, assertions } = await runWatched({
      query: 'AllTypes',
      'client-secret': '',
      'client-certificate': certificate.pem
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('::debug::msal:')
    expect(assertions).toHaveLength(1)
    const secrets = [...keyLines(certificate.pem), ...assertions, ...tokens]
    expect(masked(run)).toEqual(expect.arrayContaining([certificate.pem.trim(), ...secrets]))
    expectNoLeak(run, [certificate.keyPem.trim(), ...secrets])
  })

  it('masks the password, the encrypted key and the key it decrypts to', async () => {
    const inputs = {
      query: 'Heartbeat',
      'client-secret': '',
      'client-certificate': certificate.encryptedPem,
      'client-certificate-password': certificate.passphrase
    }
    const { run, tokens, assertions } = await runWatched(inputs)
    expect(run.exitCode).toBe(0)
    const secrets = [
      certificate.passphrase,
      ...keyLines(certificate.encryptedPem),
      ...keyLines(certificate.keyPem),
      ...assertions,
      ...tokens
    ]
    expect(masked(run)).toEqual(expect.arrayContaining(secrets))
    expectNoLeak(run, secrets)
  })

  it('keeps a wrong certificate password and the key out of the error', async () => {
    const inputs = {
      query: 'Heartbeat',
      'client-secret': '',
      'client-certificate': certificate.encryptedPem,
      'client-certificate-password': 'Wr0ng-p@ssword'
    }
    const { run } = await runWatched(inputs)
    expect(run.exitCode).toBe(1)
    expect(masked(run)).toContain('Wr0ng-p@ssword')
    expectNoLeak(run, ['Wr0ng-p@ssword', ...keyLines(certificate.encryptedPem)])
  })

  it('masks the GitHub ID token (the client assertion) and the token it is exchanged for', async () => {
    const env = githubOidcEnv(emulator)
    const { run, tokens, idTokens, assertions } = await runWatched({ query: 'Heartbeat', ...OIDC_INPUTS }, { env })
    expect(run.exitCode).toBe(0)
    expect(idTokens).toHaveLength(1)
    expect(assertions).toEqual(idTokens)
    expect(masked(run)).toEqual(expect.arrayContaining([...idTokens, ...tokens]))
    expectNoLeak(run, [...idTokens, ...tokens, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN])
  })

  it('keeps the GitHub ID token out of a federated credential error, which shows only its claims', async () => {
    const env = githubOidcEnv(emulator, { subject: 'repo:octo-org/shop:environment:production' })
    const { run, idTokens } = await runWatched({ query: 'Heartbeat', ...OIDC_INPUTS }, { env })
    expect(run.exitCode).toBe(1)
    expect(run.errors[0]).toContain('sub "repo:octo-org/shop:environment:production"')
    expectNoLeak(run, [...idTokens, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN])
  })

  it("masks the managed identity's token", async () => {
    const { run, tokens } = await runWatched({
      query: 'Heartbeat',
      'auth-type': 'managed-identity',
      'client-secret': '',
      'client-id': '',
      'tenant-id': ''
    })
    expect(run.exitCode).toBe(0)
    expect(tokens).toHaveLength(1)
    expect(masked(run)).toEqual(expect.arrayContaining(tokens))
    expectNoLeak(run, tokens)
  })

  it("masks the Azure CLI session's token", async () => {
    const az = installStandInAz()
    const token = emulator.mintToken('https://api.loganalytics.io')
    az.logIn({ 'https://api.loganalytics.io': token })
    const { run } = await runWatched(
      { query: 'Heartbeat', 'auth-type': 'azure-cli', 'client-secret': '', 'client-id': '' },
      { path: az.folder }
    )
    expect(run.exitCode).toBe(0)
    expect(masked(run)).toContain(token)
    expectNoLeak(run, [token])
  })

  it('keeps the token out of the log when the query fails', async () => {
    const tokensBefore = emulator.tokens.length
    const run = await runAction(emulator, { query: 'NoSuchTable', 'max-count': '1' }, { env: { RUNNER_DEBUG: '1' } })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('::debug::')
    expectNoLeak(run, [CLIENT_SECRET, ...emulator.tokens.slice(tokensBefore).map(t => t.token)])
  })

  it('masks the Azure Resource Manager token of a search job as well, and writes no token anywhere', async () => {
    const tokensBefore = emulator.tokens.length
    const run = await runAction(
      emulator,
      {
        mode: 'search-job',
        workspace: WORKSPACE_RESOURCE_ID,
        query: 'AllTypes',
        'poll-interval': '1s',
        'output-format': 'ndjson'
      },
      { env: { RUNNER_DEBUG: '1' } }
    )
    expect(run.exitCode, run.stdout).toBe(0)
    const issued = emulator.tokens.slice(tokensBefore)
    expect(issued.map(t => t.audience).sort()).toEqual(['https://api.loganalytics.io', 'https://management.azure.com'])
    const tokens = issued.map(t => t.token)
    expect(masked(run)).toEqual(expect.arrayContaining([CLIENT_SECRET, ...tokens]))
    expectNoLeak(run, [CLIENT_SECRET, ...tokens])
  })

  it('keeps the tokens out of the log when a search job times out and is cleaned up', async () => {
    emulator.searchJobBehaviour = { polls: 1000, outcome: 'Succeeded' }
    const tokensBefore = emulator.tokens.length
    try {
      const run = await runAction(
        emulator,
        {
          mode: 'search-job',
          workspace: WORKSPACE_RESOURCE_ID,
          query: 'Heartbeat',
          'poll-interval': '1s',
          'job-timeout': '2s'
        },
        { env: { RUNNER_DEBUG: '1' } }
      )
      expect(run.exitCode).toBe(1)
      expect(run.errors[0]).toMatch(/did not finish within job-timeout/)
      expectNoLeak(run, [CLIENT_SECRET, ...emulator.tokens.slice(tokensBefore).map(t => t.token)])
    } finally {
      emulator.searchJobBehaviour = { polls: 3, outcome: 'Succeeded' }
    }
  })
})
