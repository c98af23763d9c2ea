import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import type { Emulator } from '../emulator/emulator.js'
import { startConnectProxy, type ConnectProxy } from './connect-proxy.js'
import { githubOidcEnv, OIDC_INPUTS } from './harness.js'
import { emulatorPerFile, runLogged } from './search-job-helpers.js'

/**
 * A search job in each cloud, by the real host names tunnelled to the emulator
 * through a loopback proxy: no endpoint overrides, so the action uses exactly
 * the Azure Resource Manager host and token scope `environment` says (contract §1).
 */

let emulator: Emulator
let proxy: ConnectProxy
emulatorPerFile(started => (emulator = started))
beforeAll(async () => {
  proxy = await startConnectProxy(emulator.port)
})
afterAll(() => proxy.close())

const GITHUB_HOST = 'pipelines.actions.githubusercontent.com'

describe('a search job in each cloud, through the proxy', () => {
  it.each([
    ['azurecloud', 'management.azure.com', 'api.loganalytics.io'],
    ['azureusgovernment', 'management.usgovcloudapi.net', 'api.loganalytics.us'],
    ['azurechinacloud', 'management.chinacloudapi.cn', 'api.loganalytics.azure.cn']
  ])('%s: the job on %s with its own token, the records from %s', async (environment, armHost, queryHost) => {
    const inputs = {
      ...OIDC_INPUTS,
      mode: 'search-job',
      workspace: WORKSPACE_RESOURCE_ID,
      query: 'Heartbeat',
      timespan: '30m',
      'poll-interval': '1s',
      environment,
      'authority-host': '',
      endpoint: '',
      'arm-endpoint': ''
    }
    emulator.searchJobBehaviour = { polls: 1, outcome: 'Succeeded' }
    const result = await runLogged(
      emulator,
      inputs,
      {},
      { env: { https_proxy: proxy.url, ...githubOidcEnv(emulator, { host: GITHUB_HOST }) } }
    )
    expect(result.exitCode, result.stdout).toBe(0)
    const scopes = result.requests.filter(r => r.route === 'token').map(r => new URLSearchParams(r.body).get('scope'))
    expect(scopes.sort()).toEqual([`https://${armHost}/.default`, `https://${queryHost}/.default`].sort())
    const steps = result.requests
      .filter(r => !['github-oidc', 'token', 'openid'].includes(r.route))
      .map(r => `${r.method} ${r.route} ${r.host}`)
    expect(steps).toEqual([
      `PUT table ${armHost}`,
      `GET operation ${armHost}`,
      `POST query ${queryHost}`, // the results table counted first (split: auto) …
      `POST query ${queryHost}`, // … then read
      `DELETE table ${armHost}`
    ])
    expect(result.outputs.count).toBe('6')
  })
})
