import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/emulator.js'
import { decodeJwt } from '../emulator/jwt.js'
import { startConnectProxy, type ConnectProxy } from './connect-proxy.js'
import { githubOidcEnv, OIDC_INPUTS, runAction, type ActionRun, type RunOptions } from './harness.js'

/**
 * The real clouds' host names, reached through a loopback proxy that tunnels
 * them to the emulator (and never anywhere else): `authority-host` and
 * `endpoint` are unset, so the action uses exactly what `environment` says.
 */

let emulator: Emulator
let proxy: ConnectProxy
beforeAll(async () => {
  emulator = await startEmulator()
  proxy = await startConnectProxy(emulator.port)
})
afterAll(async () => {
  await proxy.close()
  await emulator.close()
})

interface ProxiedRun extends ActionRun {
  requests: LoggedRequest[]
  /** Tunnels the proxy opened during the run. */
  tunnels: ConnectProxy['tunnels']
}

async function run(inputs: Record<string, string>, options: RunOptions = {}): Promise<ProxiedRun> {
  const from = emulator.requests.length
  const tunnelsFrom = proxy.tunnels.length
  const result = await runAction(emulator, { query: 'Heartbeat | take 2', ...inputs }, options)
  return { ...result, requests: emulator.requests.slice(from), tunnels: proxy.tunnels.slice(tunnelsFrom) }
}

/** True when the request came through one of the proxy's tunnels. */
function throughProxy(request: LoggedRequest, tunnels: ConnectProxy['tunnels']): boolean {
  return tunnels.some(tunnel => tunnel.upstreamPort === request.remotePort)
}

const routed = (requests: LoggedRequest[], route: LoggedRequest['route']) =>
  requests.filter(request => request.route === route)
const GITHUB_HOST = 'pipelines.actions.githubusercontent.com'

describe('each cloud, through the proxy', () => {
  it.each([
    [
      'azurecloud',
      'login.microsoftonline.com',
      'https://api.loganalytics.io/.default',
      'api://AzureADTokenExchange',
      'api.loganalytics.io'
    ],
    [
      'azureusgovernment',
      'login.microsoftonline.us',
      'https://api.loganalytics.us/.default',
      'api://AzureADTokenExchangeUSGov',
      'api.loganalytics.us'
    ],
    [
      'azurechinacloud',
      'login.partner.microsoftonline.cn',
      'https://api.loganalytics.azure.cn/.default',
      'api://AzureADTokenExchangeChina',
      'api.loganalytics.azure.cn'
    ]
  ])(
    '%s: token from %s for %s with audience %s, query to %s',
    async (environment, loginHost, scope, audience, queryHost) => {
      const result = await run(
        { ...OIDC_INPUTS, environment, 'authority-host': '', endpoint: '' },
        { env: { https_proxy: proxy.url, ...githubOidcEnv(emulator, { host: GITHUB_HOST }) } }
      )
      expect(result.exitCode, result.stdout).toBe(0)
      expect(result.requests.map(request => `${request.route} ${request.host}`)).toEqual([
        `github-oidc ${GITHUB_HOST}`,
        `token ${loginHost}`,
        `query ${queryHost}`
      ])
      const [idTokenRequest] = routed(result.requests, 'github-oidc')
      expect(new URL(idTokenRequest.path, 'https://x').searchParams.get('audience')).toBe(audience)
      const token = new URLSearchParams(routed(result.requests, 'token')[0].body)
      expect(token.get('scope')).toBe(scope)
      expect(decodeJwt(token.get('client_assertion') ?? '')?.payload.aud).toBe(audience)
      expect(result.requests.every(request => throughProxy(request, result.tunnels))).toBe(true)
      expect(result.tunnels.map(tunnel => tunnel.target).sort()).toEqual(
        [`${GITHUB_HOST}:443`, `${loginHost}:443`, `${queryHost}:443`].sort()
      )
      expect(result.outputs.count).toBe('2')
    }
  )

  it('refuses a token for another cloud: the scope and the authority must switch together', async () => {
    // The emulator answers as US Government Entra ID would to a request for the public cloud's Logs API.
    const result = await run(
      { environment: 'azureusgovernment', 'authority-host': 'https://login.microsoftonline.com', endpoint: '' },
      { env: { https_proxy: proxy.url } }
    )
    expect(result.exitCode).toBe(1)
    expect(result.errors[0]).toMatch(
      /AADSTS500011: The resource principal named https:\/\/api\.loganalytics\.us was not found/
    )
  })

  it('takes the proxy from HTTPS_PROXY as well', async () => {
    const result = await run({ 'authority-host': '', endpoint: '' }, { env: { HTTPS_PROXY: proxy.url } })
    expect(result.exitCode).toBe(0)
    expect(result.requests.map(request => `${request.route} ${request.host}`)).toEqual([
      'token login.microsoftonline.com',
      'query api.loganalytics.io'
    ])
    expect(result.requests.every(request => throughProxy(request, result.tunnels))).toBe(true)
  })
})

describe('no_proxy', () => {
  const privateCloud = () => ({
    'authority-host': `https://login.emulator.test:${emulator.port}`,
    endpoint: `https://logs.emulator.test:${emulator.port}`
  })

  it('sends every request of a private cloud through the proxy', async () => {
    const result = await run(privateCloud(), { env: { https_proxy: proxy.url } })
    expect(result.exitCode).toBe(0)
    expect(new Set(result.requests.map(request => request.route))).toEqual(new Set(['openid', 'token', 'query']))
    expect(result.requests.every(request => throughProxy(request, result.tunnels))).toBe(true)
    expect(new Set(result.tunnels.map(tunnel => tunnel.target))).toEqual(
      new Set([`login.emulator.test:${emulator.port}`, `logs.emulator.test:${emulator.port}`])
    )
  })

  it('bypasses the proxy for the hosts no_proxy names', async () => {
    const result = await run(privateCloud(), { env: { https_proxy: proxy.url, no_proxy: 'localhost,.emulator.test' } })
    expect(result.exitCode).toBe(0)
    expect(result.requests.length).toBeGreaterThanOrEqual(2)
    expect(result.requests.some(request => throughProxy(request, proxy.tunnels))).toBe(false)
    expect(result.tunnels).toEqual([])
  })

  it('bypasses it only for those hosts', async () => {
    const result = await run(privateCloud(), { env: { https_proxy: proxy.url, no_proxy: `logs.emulator.test` } })
    expect(result.exitCode).toBe(0)
    for (const request of result.requests) {
      expect(throughProxy(request, result.tunnels), `${request.route} ${request.host}`).toBe(request.route !== 'query')
    }
  })
})
