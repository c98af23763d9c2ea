import { describe, expect, it } from 'vitest'
import { CLOUDS } from '../../../src/common/clouds.js'
import { buildQueryRequest } from '../../../src/logs/query-request.js'

const WORKSPACE = '2b2c1f5e-0000-4c5c-9d3a-0123456789ab'
const RESOURCE =
  '/subscriptions/57947cb5-aadd-4b6c-9e8e-27f545bb7bf5/resourceGroups/my-rg/providers/Microsoft.OperationalInsights/workspaces/my-ws'

type Spec = Parameters<typeof buildQueryRequest>[1]

function spec(overrides: Partial<Spec> = {}): Spec {
  return {
    target: { kind: 'workspace', id: WORKSPACE },
    query: 'Heartbeat | where Computer == "a\\"b" | count',
    timespan: 'PT1H',
    workspaces: [],
    serverTimeoutSeconds: 180,
    ...overrides
  }
}

const PUBLIC = CLOUDS.azurecloud.queryEndpoint

describe('buildQueryRequest', () => {
  it('posts to the workspace query URL', () => {
    expect(buildQueryRequest(PUBLIC, spec()).url).toBe(`https://api.loganalytics.io/v1/workspaces/${WORKSPACE}/query`)
  })

  it('posts to the resource-centric URL for a resource ID', () => {
    const request = buildQueryRequest(PUBLIC, spec({ target: { kind: 'resource', id: RESOURCE } }))
    expect(request.url).toBe(`https://api.loganalytics.io/v1${RESOURCE}/query`)
    expect(new URL(request.url).pathname).toBe(`/v1${RESOURCE}/query`)
  })

  it('encodes odd characters in resource names, keeping the slashes', () => {
    const id =
      '/subscriptions/57947cb5-aadd-4b6c-9e8e-27f545bb7bf5/resourceGroups/rg/providers/Microsoft.Web/sites/app%name&x'
    const url = buildQueryRequest(PUBLIC, spec({ target: { kind: 'resource', id } })).url
    expect(url).toBe(
      'https://api.loganalytics.io/v1/subscriptions/57947cb5-aadd-4b6c-9e8e-27f545bb7bf5/resourceGroups/rg/providers/Microsoft.Web/sites/app%25name%26x/query'
    )
  })

  it('uses the cloud query endpoint', () => {
    expect(buildQueryRequest(CLOUDS.azurechinacloud.queryEndpoint, spec()).url).toBe(
      `https://api.loganalytics.azure.cn/v1/workspaces/${WORKSPACE}/query`
    )
    expect(buildQueryRequest('https://localhost:8443', spec()).url).toBe(
      `https://localhost:8443/v1/workspaces/${WORKSPACE}/query`
    )
  })

  it('sends the query and timespan as JSON', () => {
    const { body } = buildQueryRequest(PUBLIC, spec())
    expect(JSON.parse(body)).toEqual({ query: 'Heartbeat | where Computer == "a\\"b" | count', timespan: 'PT1H' })
  })

  it('sends no timespan for all retained data', () => {
    const body = JSON.parse(buildQueryRequest(PUBLIC, spec({ timespan: undefined })).body) as Record<string, unknown>
    expect(body).toEqual({ query: spec().query })
    expect('timespan' in body).toBe(false)
  })

  it('sends additional workspaces only when there are some', () => {
    expect('workspaces' in (JSON.parse(buildQueryRequest(PUBLIC, spec()).body) as object)).toBe(false)
    const body = JSON.parse(buildQueryRequest(PUBLIC, spec({ workspaces: ['other-ws', RESOURCE] })).body) as Record<
      string,
      unknown
    >
    expect(body.workspaces).toEqual(['other-ws', RESOURCE])
  })

  it('sends an interval timespan as it is', () => {
    const timespan = '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z'
    expect((JSON.parse(buildQueryRequest(PUBLIC, spec({ timespan })).body) as { timespan: string }).timespan).toBe(
      timespan
    )
  })

  it('sends JSON content type and asks for statistics and render', () => {
    const { headers } = buildQueryRequest(PUBLIC, spec())
    expect(headers['content-type']).toBe('application/json')
    expect(headers.accept).toBe('application/json')
    const prefer = headers.prefer.split(',')
    expect(prefer).toContain('wait=180')
    expect(prefer).toContain('include-statistics=true')
    expect(prefer).toContain('include-render=true')
  })

  it.each([1, 30, 600])('asks the server to wait %d seconds', timeoutSeconds => {
    const { headers } = buildQueryRequest(PUBLIC, spec({ serverTimeoutSeconds: timeoutSeconds }))
    expect(headers.prefer).toMatch(new RegExp(`(^|,)wait=${timeoutSeconds}(,|$)`))
  })

  it('sends no authorization header itself', () => {
    const { headers } = buildQueryRequest(PUBLIC, spec())
    expect(Object.keys(headers).map(name => name.toLowerCase())).not.toContain('authorization')
  })
})
