import { X509Certificate } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  makeCertificateAuthority,
  makeClientCertificate,
  type ClientCertificateFiles
} from '../emulator/certificates.js'
import { JWT_BEARER } from '../emulator/client-assertion.js'
import {
  CLIENT_ID,
  CLIENT_SECRET,
  FEDERATED_SUBJECT,
  GITHUB_ISSUER,
  TENANT_ID,
  USER_IDENTITY_CLIENT_ID
} from '../emulator/directory.js'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/emulator.js'
import { decodeJwt } from '../emulator/jwt.js'
import { githubOidcEnv, OIDC_INPUTS, runAction, type ActionRun, type RunOptions } from './harness.js'
import { expectNoLeak, keyLines, masked } from './secrets-helpers.js'
import { installStandInAz, type StandInAz } from './stand-in-az.js'

let emulator: Emulator
let registered: ClientCertificateFiles
beforeAll(async () => {
  emulator = await startEmulator()
  registered = await makeClientCertificate({ subject: 'CN=shop-log-reader' })
  emulator.registerCertificate(registered.certPem)
})
afterAll(() => emulator.close())

/**
 * Runs the action and returns the requests the emulator saw during the run, and what it handed
 * out: access tokens and GitHub ID tokens (secrets the run must mask and never write anywhere).
 */
async function run(
  inputs: Record<string, string>,
  options?: RunOptions
): Promise<ActionRun & { requests: LoggedRequest[]; tokens: string[]; idTokens: string[] }> {
  const from = emulator.requests.length
  const tokensFrom = emulator.tokens.length
  const idTokensFrom = emulator.github.idTokens.length
  const result = await runAction(emulator, { query: 'Heartbeat | take 3', ...inputs }, options)
  return {
    ...result,
    requests: emulator.requests.slice(from),
    tokens: emulator.tokens.slice(tokensFrom).map(t => t.token),
    idTokens: emulator.github.idTokens.slice(idTokensFrom)
  }
}

/** Debug logging on, as a re-run with debug logging does: secrets stay masked and out of the log even then. */
const DEBUG = { RUNNER_DEBUG: '1' }

const routed = (requests: LoggedRequest[], route: LoggedRequest['route']) =>
  requests.filter(request => request.route === route)
const form = (request: LoggedRequest) => new URLSearchParams(request.body)

/** The client assertion each token request of a run carried, taken apart. */
function assertions(requests: LoggedRequest[]) {
  return routed(requests, 'token').map(request => {
    const text = form(request).get('client_assertion') ?? ''
    return { text, jwt: decodeJwt(text), type: form(request).get('client_assertion_type') }
  })
}

/** One failed line and no query sent. */
function expectSignInFailure(result: ActionRun & { requests: LoggedRequest[] }, message: RegExp): void {
  expect(result.exitCode).toBe(1)
  expect(result.errors).toHaveLength(1)
  expect(result.errors[0]).toMatch(message)
  expect(result.outputs.verdict).toBe('error')
  expect(routed(result.requests, 'query')).toHaveLength(0)
  expect(result.stdout + result.stderr).not.toMatch(/\n\s+at \S+ \(/)
}

describe('client secret', () => {
  it('signs in with client-secret, sent in the token request; masks it and the access token, and writes neither anywhere', async () => {
    const result = await run({ 'output-format': 'csv' })
    expect(result.exitCode).toBe(0)
    expect(result.tokens.length).toBeGreaterThan(0)
    expect(masked(result)).toEqual(expect.arrayContaining([CLIENT_SECRET, ...result.tokens]))
    expectNoLeak(result, [CLIENT_SECRET, ...result.tokens])
    expect(result.stdout).toContain(`Signing in as service principal ${CLIENT_ID} (client secret) at ${emulator.url}`)
    const [token] = routed(result.requests, 'token')
    expect(form(token).get('client_secret')).toBe(CLIENT_SECRET)
    expect(form(token).has('client_assertion')).toBe(false)
    expect(result.outputs.count).toBe('3')
  })

  it("signs in with azure/login's creds, masking every value of it, the secret inside it included", async () => {
    const creds = JSON.stringify({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      tenantId: TENANT_ID,
      subscriptionId: 'x'
    })
    const result = await run({ creds, 'client-secret': '', 'client-id': '', 'tenant-id': '' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.count).toBe('3')
    expect(masked(result)).toEqual(expect.arrayContaining([creds, CLIENT_SECRET, ...result.tokens]))
    expectNoLeak(result, [CLIENT_SECRET, ...result.tokens])
  })

  it('fails on a wrong secret inside creds', async () => {
    const creds = JSON.stringify({ clientId: CLIENT_ID, clientSecret: 'Wr0ng~creds.secret', tenantId: TENANT_ID })
    const result = await run({ creds, 'client-secret': '', 'client-id': '', 'tenant-id': '' })
    expectSignInFailure(result, /^Sign-in failed: AADSTS7000215: Invalid client secret provided\..*check client-secret/)
  })
})

describe('certificate', () => {
  const withCertificate = (pem: string, password = '') => ({
    'client-secret': '',
    'client-certificate': pem,
    'client-certificate-password': password
  })

  it('signs a client assertion with the key, naming the certificate by its SHA-256 thumbprint and sending it as x5c; masks the certificate, its key line by line, the assertion and the token', async () => {
    const result = await run(withCertificate(registered.pem), { env: DEBUG })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('::debug::msal:')
    const secrets = [...keyLines(registered.pem), ...assertions(result.requests).map(a => a.text), ...result.tokens]
    expect(masked(result)).toEqual(expect.arrayContaining([registered.pem.trim(), ...secrets]))
    expectNoLeak(result, [registered.keyPem.trim(), ...secrets])
    expect(result.stdout).toContain(
      `(certificate CN=shop-log-reader, SHA-256 thumbprint ${registered.thumbprintSha256.toUpperCase()})`
    )
    const [token] = routed(result.requests, 'token')
    expect(form(token).has('client_secret')).toBe(false)
    const [assertion] = assertions(result.requests)
    expect(assertion.type).toBe(JWT_BEARER)
    expect(assertion.jwt?.header).toMatchObject({
      alg: 'PS256',
      'x5t#S256': Buffer.from(registered.thumbprintSha256, 'hex').toString('base64url')
    })
    expect(assertion.jwt?.header.x5c).toEqual([new X509Certificate(registered.certPem).raw.toString('base64')])
    expect(assertion.jwt?.payload).toMatchObject({
      iss: CLIENT_ID,
      sub: CLIENT_ID,
      aud: `${emulator.url}/${TENANT_ID}/oauth2/v2.0/token`
    })
    expect(result.outputs.count).toBe('3')
  })

  it('decrypts an encrypted key with client-certificate-password, masking the password, the encrypted key and the key it decrypts to', async () => {
    const result = await run(withCertificate(registered.encryptedPem, registered.passphrase), { env: DEBUG })
    expect(result.exitCode).toBe(0)
    expect(assertions(result.requests)).toHaveLength(1)
    const secrets = [
      registered.passphrase,
      ...keyLines(registered.encryptedPem),
      ...keyLines(registered.keyPem),
      ...assertions(result.requests).map(a => a.text),
      ...result.tokens
    ]
    expect(masked(result)).toEqual(expect.arrayContaining(secrets))
    expectNoLeak(result, secrets)
    expect(result.outputs.count).toBe('3')
  })

  it('reads the PEM from a file relative to the repository root', async () => {
    const result = await run(withCertificate('secrets/app.pem'), { files: { 'secrets/app.pem': registered.pem } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.count).toBe('3')
  })

  it('signs in by subject name and issuer: the chain in x5c is what Entra ID checks', async () => {
    const ca = await makeCertificateAuthority()
    const issued = await makeClientCertificate({ subject: 'CN=shop-log-reader.contoso.com', issuer: ca })
    const before = await run(withCertificate(issued.pem))
    expectSignInFailure(
      before,
      /AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application\./
    )
    emulator.app.trustedSubjects.push({
      subject: 'CN=shop-log-reader.contoso.com',
      issuer: new X509Certificate(ca.certPem)
    })
    const result = await run(withCertificate(issued.pem))
    expect(result.exitCode).toBe(0)
    const [assertion] = assertions(result.requests)
    const chain = [issued.certPem, ca.certPem].map(pem => new X509Certificate(pem).raw.toString('base64'))
    expect(assertion.jwt?.header.x5c).toEqual(chain)
  })

  it('reports a certificate the app registration does not know, with a hint', async () => {
    const stranger = await makeClientCertificate({ subject: 'CN=not-uploaded' })
    const result = await run(withCertificate(stranger.pem))
    expectSignInFailure(
      result,
      /^Sign-in failed: AADSTS700027: The certificate .* not registered on application\. .*\(the certificate is not accepted: upload it under the app registration's "Certificates & secrets".*\) \[correlation ID [0-9a-f-]{36}\]$/
    )
    expect(result.errors[0]).toContain(stranger.thumbprintSha256.toUpperCase())
  })
})

describe('GitHub OIDC', () => {
  it('exchanges the GitHub ID token for an access token, with no secret anywhere, and masks both tokens', async () => {
    const idTokensBefore = emulator.github.idTokens.length
    const env = githubOidcEnv(emulator)
    const result = await run(OIDC_INPUTS, { env: { ...env, ...DEBUG } })
    expect(result.exitCode).toBe(0)
    expect(result.idTokens).toHaveLength(1)
    expect(masked(result)).toEqual(expect.arrayContaining([...result.idTokens, ...result.tokens]))
    expectNoLeak(result, [...result.idTokens, ...result.tokens, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN])
    expect(result.stdout).toContain(
      `Signing in as service principal ${CLIENT_ID} (GitHub OIDC, audience api://AzureADTokenExchange)`
    )
    // One ID token for one token request: the query reuses the access token without asking GitHub again.
    expect(routed(result.requests, 'github-oidc')).toHaveLength(1)
    const [idTokenRequest] = routed(result.requests, 'github-oidc')
    expect(new URL(idTokenRequest.path, 'https://x').searchParams.get('audience')).toBe('api://AzureADTokenExchange')
    const [assertion] = assertions(result.requests)
    expect(assertion.type).toBe(JWT_BEARER)
    expect(assertion.text).toBe(emulator.github.idTokens[idTokensBefore])
    expect(assertion.jwt?.payload).toMatchObject({
      iss: GITHUB_ISSUER,
      sub: FEDERATED_SUBJECT,
      aud: 'api://AzureADTokenExchange'
    })
    expect(form(routed(result.requests, 'token')[0]).has('client_secret')).toBe(false)
    expect(result.outputs.count).toBe('3')
  })

  it('fetches a fresh ID token for every token request, never a cached one', async () => {
    emulator.tokenLifetimeSeconds = 120 // msal asks again for a token with less than 5 minutes left
    try {
      const result = await run(OIDC_INPUTS, { env: githubOidcEnv(emulator) })
      expect(result.exitCode).toBe(0)
      expect(routed(result.requests, 'github-oidc')).toHaveLength(2)
      const [first, second] = assertions(result.requests)
      expect(second.text).not.toBe(first.text)
      expect(second.jwt?.payload.jti).not.toBe(first.jwt?.payload.jti)
      // Each exchange came before the request it served: sign-in, then the query.
      const order = result.requests.map(request => request.route).filter(route => route !== 'openid')
      expect(order).toEqual(['github-oidc', 'token', 'github-oidc', 'token', 'query'])
    } finally {
      emulator.tokenLifetimeSeconds = 3599
    }
  })

  it('passes audience to GitHub and Entra ID', async () => {
    emulator.app.federatedCredentials.push({
      issuer: GITHUB_ISSUER,
      subject: FEDERATED_SUBJECT,
      audience: 'api://shop-exchange'
    })
    try {
      const result = await run({ ...OIDC_INPUTS, audience: 'api://shop-exchange' }, { env: githubOidcEnv(emulator) })
      expect(result.exitCode).toBe(0)
      expect(assertions(result.requests)[0].jwt?.payload.aud).toBe('api://shop-exchange')
    } finally {
      emulator.app.federatedCredentials.pop()
    }
  })

  it('says to add "permissions: id-token: write" when the job cannot request an ID token and nothing else is given', async () => {
    const result = await run(OIDC_INPUTS)
    expectSignInFailure(
      result,
      /^Input 'client-secret': .*client-secret \(or creds\), or client-certificate, or use GitHub OIDC .*"permissions: id-token: write"/
    )
    expect(result.requests).toHaveLength(0)
  })

  it('shows the iss, sub and aud the token presented when no federated credential matches (AADSTS70021), and never the token', async () => {
    const env = githubOidcEnv(emulator, { subject: 'repo:octo-org/shop:pull_request' })
    const result = await run(OIDC_INPUTS, { env: { ...env, ...DEBUG } })
    expectSignInFailure(
      result,
      /^Sign-in failed: AADSTS70021: No matching federated identity record found for presented assertion\./
    )
    expect(result.errors[0]).toContain(
      `(the token presented iss "${GITHUB_ISSUER}", sub "repo:octo-org/shop:pull_request", aud "api://AzureADTokenExchange") [correlation ID`
    )
    expect(result.idTokens).toHaveLength(1)
    expectNoLeak(result, [...result.idTokens, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN])
  })

  it('reports an expired ID token (AADSTS700024)', async () => {
    emulator.github.idTokenLifetimeSeconds = -1
    try {
      const result = await run(OIDC_INPUTS, { env: githubOidcEnv(emulator) })
      expectSignInFailure(
        result,
        /^Sign-in failed: AADSTS700024: Client assertion is not within its valid time range\. .*\(the client assertion has expired\)/
      )
    } finally {
      emulator.github.idTokenLifetimeSeconds = 300
    }
  })

  it('reports a refused ID token request', async () => {
    const env = { ...githubOidcEnv(emulator), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-request-token' }
    const result = await run(OIDC_INPUTS, { env })
    expectSignInFailure(result, /^Sign-in failed: the runner gave no GitHub ID token: Failed to get ID Token\. .*401/)
    expect(routed(result.requests, 'token')).toHaveLength(0)
  })
})

describe('managed identity', () => {
  const managed = { 'auth-type': 'managed-identity', 'client-secret': '', 'tenant-id': '', 'client-id': '' }

  it("signs in as the machine's system-assigned identity through IMDS, and masks its token", async () => {
    const result = await run(managed, { env: DEBUG })
    expect(result.exitCode).toBe(0)
    expect(result.tokens).toHaveLength(1)
    expect(masked(result)).toEqual(expect.arrayContaining(result.tokens))
    expectNoLeak(result, result.tokens)
    expect(result.stdout).toContain('Signing in as the system-assigned managed identity of this machine')
    const [request] = routed(result.requests, 'managed-identity')
    const query = new URL(request.path, 'https://x').searchParams
    expect(query.get('resource')).toBe('https://api.loganalytics.io')
    expect(query.has('client_id')).toBe(false)
    expect(request.headers.metadata).toBe('true')
    expect(routed(result.requests, 'token')).toHaveLength(0)
    expect(result.outputs.count).toBe('3')
  })

  it('signs in as a user-assigned identity named by client-id', async () => {
    const result = await run({ ...managed, 'client-id': USER_IDENTITY_CLIENT_ID })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`the user-assigned managed identity ${USER_IDENTITY_CLIENT_ID}`)
    const [request] = routed(result.requests, 'managed-identity')
    expect(new URL(request.path, 'https://x').searchParams.get('client_id')).toBe(USER_IDENTITY_CLIENT_ID)
    expect(result.outputs.count).toBe('3')
  })

  it('reports a user-assigned identity the machine does not have', async () => {
    const result = await run({ ...managed, 'client-id': '00000000-1111-4222-8333-444444444444' })
    expectSignInFailure(
      result,
      /^Sign-in failed: Identity not found \(check that the user-assigned identity with client-id 00000000-1111-4222-8333-444444444444 is assigned/
    )
  })
})

describe('the azure/login session (azure-cli)', () => {
  let az: StandInAz
  beforeAll(() => {
    az = installStandInAz()
  })
  const cli = { 'auth-type': 'azure-cli', 'client-secret': '', 'client-id': '' }

  it('asks az for a token for the Logs API and queries with it, and masks the token', async () => {
    const token = emulator.mintToken('https://api.loganalytics.io')
    az.logIn({ 'https://api.loganalytics.io': token })
    const callsBefore = az.calls().length
    const result = await run(cli, { path: az.folder, env: DEBUG })
    expect(result.exitCode).toBe(0)
    expect(masked(result)).toContain(token)
    expectNoLeak(result, [token])
    expect(result.stdout).toContain('Signing in as the Azure CLI session')
    expect(az.calls().slice(callsBefore)).toEqual([
      [
        'account',
        'get-access-token',
        '--resource',
        'https://api.loganalytics.io',
        '--tenant',
        TENANT_ID,
        '--output',
        'json'
      ]
    ])
    const [query] = routed(result.requests, 'query')
    expect(query.headers.authorization).toBe(`Bearer ${token}`)
    expect(routed(result.requests, 'token')).toHaveLength(0)
    expect(result.outputs.count).toBe('3')
  })

  it('says to run azure/login first when az has no session', async () => {
    az.logOut()
    const result = await run(cli, { path: az.folder })
    expectSignInFailure(
      result,
      /^Sign-in failed: az account get-access-token: Please run 'az login' to setup account\. \(no Azure CLI session: run azure\/login earlier in the job/
    )
  })

  it('says az is missing when it is not on PATH', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'laq-no-az-'))
    const result = await run(cli, { env: { PATH: empty } })
    expectSignInFailure(result, /^Sign-in failed: the Azure CLI \(az\) is not on PATH/)
  })
})
