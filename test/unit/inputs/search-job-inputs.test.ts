import { describe, expect, it } from 'vitest'
import { CLOUDS } from '../../../src/common/clouds.js'
import { readSettings } from '../../../src/inputs/input-helper.js'
import { inputError, reader } from '../fixtures/inputs.js'

const WORKSPACE =
  '/subscriptions/57947cb5-aadd-4b6c-9e8e-27f545bb7bf5/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/shop-logs'
const BASE: Record<string, string> = {
  mode: 'search-job',
  workspace: WORKSPACE,
  query: 'SigninLogs | where ResultType != 0 | project TimeGenerated, UserPrincipalName',
  'tenant-id': '72f988bf-86f1-41af-91ab-2d7cd011db47',
  'client-id': '0fe3c1b8-6f7e-4a3a-9a3d-0a1b2c3d4e5f',
  'client-secret': 'Zx8Q~s3cr3t.V4lue-NEVER-SHOWN'
}
const NOW = Date.parse('2026-11-25T20:00:00Z')
const ENV = {
  GITHUB_WORKSPACE: '/repo',
  RUNNER_TEMP: '/tmp/runner',
  GITHUB_REPOSITORY: 'contoso/shop',
  GITHUB_RUN_ID: '12345678901'
}

function settings(overrides: Record<string, string> = {}) {
  return readSettings(reader({ ...BASE, ...overrides }), ENV, NOW)
}

function problem(overrides: Record<string, string>) {
  return inputError(() => settings(overrides))
}

describe('readSettings in search-job mode', () => {
  it('fills in every default of a search job', () => {
    const s = settings()
    expect(s.searchJob).toEqual({
      workspace: {
        subscriptionId: '57947cb5-aadd-4b6c-9e8e-27f545bb7bf5',
        resourceGroup: 'rg-logs',
        name: 'shop-logs'
      },
      sourceTable: 'SigninLogs',
      table: expect.stringMatching(/^SigninLogs_12345678901_[0-9a-f]{6}_SRCH$/),
      startTime: '2026-11-24T20:00:00Z',
      endTime: '2026-11-25T20:00:00Z',
      limit: 1000,
      keepTable: false,
      pollIntervalMs: 30_000,
      timeoutMs: 3_600_000,
      description: 'Search job of the log-analytics-query action for contoso/shop run 12345678901.'
    })
    expect(s.timespan).toBe('2026-11-24T20:00:00Z/2026-11-25T20:00:00Z')
    expect(s.output.maxRecords).toBe(1000)
    expect(s.cloud.armEndpoint).toBe(CLOUDS.azurecloud.armEndpoint)
  })

  it('derives a new table name for each run of the step', () => {
    expect(settings().searchJob?.table).not.toBe(settings().searchJob?.table)
  })

  it('reads every search job input', () => {
    const s = settings({
      'search-table': 'Failures_SRCH',
      'keep-search-table': 'TRUE',
      'poll-interval': '90s',
      'job-timeout': 'PT12H',
      'max-records': '250000',
      'start-time': '2025-01-01',
      'end-time': '2025-07-01T00:00:00Z',
      'arm-endpoint': 'https://management.private.example:8443/'
    })
    expect(s.searchJob).toMatchObject({
      table: 'Failures_SRCH',
      keepTable: true,
      pollIntervalMs: 90_000,
      timeoutMs: 12 * 3_600_000,
      limit: 250_000,
      startTime: '2025-01-01T00:00:00Z',
      endTime: '2025-07-01T00:00:00Z'
    })
    expect(s.cloud.armEndpoint).toBe('https://management.private.example:8443')
    expect(s.cloud.armResource).toBe('https://management.azure.com')
  })

  it('takes the ARM endpoint and audience of the chosen cloud', () => {
    const s = settings({ environment: 'AzureUSGovernment' })
    expect(s.cloud.armEndpoint).toBe('https://management.usgovcloudapi.net')
    expect(s.cloud.armResource).toBe('https://management.usgovcloudapi.net')
  })

  it("allows job-timeout up to the service's 24 hours", () => {
    expect(settings({ 'job-timeout': '24h' }).searchJob?.timeoutMs).toBe(86_400_000)
    expect(settings({ 'job-timeout': 'P1D' }).searchJob?.timeoutMs).toBe(86_400_000)
  })

  it('has no search job in query mode', () => {
    const s = readSettings(reader({ ...BASE, mode: '', workspace: '2b2c1f5e-0000-4c5c-9d3a-0123456789ab' }), ENV, NOW)
    expect(s.searchJob).toBeUndefined()
    expect(s.output.maxRecords).toBe(0)
    expect(s.timespan).toBe('P1D')
  })

  it.each([
    [
      { workspace: '2b2c1f5e-0000-4c5c-9d3a-0123456789ab' },
      'workspace',
      /needs the workspace's resource ID.*not its workspace ID \(a GUID\)/
    ],
    [
      { workspace: WORKSPACE.replace('workspaces/shop-logs', 'workspaces/shop-logs/tables/Heartbeat') },
      'workspace',
      /which is not a workspace/
    ],
    [{ 'max-records': '0' }, 'max-records', /out of range: use 1 to 100000000/],
    [{ 'poll-interval': '2h' }, 'poll-interval', /2h is out of range: use 1\.0 s to 1 h\./],
    [{ 'job-timeout': 'P2D' }, 'job-timeout', /P2D is out of range: use 1\.0 s to 24 h\./],
    [{ 'job-timeout': 'soon' }, 'job-timeout', /"soon" is not a duration/],
    [{ query: 'SigninLogs | summarize count()' }, 'query', /uses "summarize"/],
    [{ 'additional-workspaces': 'other-logs' }, 'additional-workspaces', /searches one workspace/],
    [{ 'search-table': 'Failures' }, 'search-table', /does not end with _SRCH/],
    [{ 'arm-endpoint': 'http://localhost' }, 'arm-endpoint', /must use https/]
  ])('refuses %j', (overrides, input, message) => {
    const error = problem(overrides)
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
  })

  it.each(['search-table', 'start-time', 'end-time'])('refuses %s in query mode', name => {
    const error = inputError(() => readSettings(reader({ ...BASE, mode: 'query', [name]: 'x' }), ENV, NOW))
    expect(error.input).toBe(name)
    expect(error.message).toMatch(/is only for mode: search-job/)
  })
})
