import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOUDS } from '../../../src/common/clouds.js'
import { InputError } from '../../../src/common/errors.js'
import { readSettings } from '../../../src/inputs/input-helper.js'
import { reader } from '../fixtures/inputs.js'

const WORKSPACE = '2b2c1f5e-0000-4c5c-9d3a-0123456789ab'
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const CLIENT = '0fe3c1b8-6f7e-4a3a-9a3d-0a1b2c3d4e5f'
const SECRET = 'Zx8Q~s3cr3t.V4lue-NEVER-SHOWN'
const RESOURCE =
  '/subscriptions/57947cb5-aadd-4b6c-9e8e-27f545bb7bf5/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws'

const BASE: Record<string, string> = {
  workspace: WORKSPACE,
  query: 'Heartbeat | count',
  'tenant-id': TENANT,
  'client-id': CLIENT,
  'client-secret': SECRET
}

let root: string
let repo: string
let runnerTemp: string
let env: NodeJS.ProcessEnv

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'input-helper-'))
  repo = join(root, 'repo')
  runnerTemp = join(root, 'runner-temp')
  mkdirSync(join(repo, 'queries', 'folder.kql'), { recursive: true })
  mkdirSync(join(repo, 'out-dir'), { recursive: true })
  mkdirSync(runnerTemp)
  writeFileSync(
    join(repo, 'queries', 'errors.kql'),
    '\uFEFF\n  AppExceptions\n| where SeverityLevel >= 3\n| count  \n\n'
  )
  writeFileSync(join(repo, 'queries', 'blank.kql'), ' \r\n\t\n')
  writeFileSync(join(repo, 'queries', 'nul.kql'), 'Heartbeat\0| count')
  writeFileSync(join(repo, 'queries', 'huge.kql'), `Heartbeat // ${'x'.repeat(1024 * 1024)}`)
  writeFileSync(join(repo, 'notes.txt'), 'not a folder')
  mkdirSync(join(root, 'outside'))
  writeFileSync(join(root, 'outside', 'secret.kql'), 'Heartbeat')
  symlinkSync(join(root, 'outside', 'secret.kql'), join(repo, 'queries', 'linked.kql'))
  symlinkSync(join(root, 'outside'), join(repo, 'linked-out'))
  env = { GITHUB_WORKSPACE: repo, RUNNER_TEMP: runnerTemp }
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

function settings(overrides: Record<string, string> = {}) {
  return readSettings(reader({ ...BASE, ...overrides }), env)
}

function inputError(overrides: Record<string, string>): InputError {
  try {
    settings(overrides)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('no InputError was thrown')
}

describe('readSettings defaults', () => {
  it('fills in every default', () => {
    const s = settings()
    expect(s.target).toEqual({ kind: 'workspace', id: WORKSPACE })
    expect(s.additionalWorkspaces).toEqual([])
    expect(s.query).toBe('Heartbeat | count')
    expect(s.timespan).toBe('P1D')
    expect(s.cloud).toEqual(CLOUDS.azurecloud)
    expect(s.cloud.queryEndpoint).toBe('https://api.loganalytics.io')
    expect(s.cloud.authorityHost).toBe('https://login.microsoftonline.com')
    expect(s.customAuthority).toBe(false)
    expect(s.credential).toEqual({ kind: 'client-secret', tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET })
    expect(s.output.format).toBe('json')
    expect(s.output.maxRecords).toBe(0)
    expect(s.gate).toEqual({ maxCount: undefined, minCount: undefined })
    expect(s.timeoutSeconds).toBe(180)
    expect(s.retry).toEqual({ maxRetries: 4, maxRetryTimeMs: 300_000 })
    expect(s.summary).toBe(true)
  })

  it.each(['json', 'ndjson', 'csv'])('puts the %s records file in RUNNER_TEMP with the format as extension', format => {
    const { output } = settings({ 'output-format': format })
    expect(dirname(output.file)).toBe(runnerTemp)
    expect(basename(output.file)).toMatch(new RegExp(`^log-analytics-query-[0-9a-f]{8}\\.${format}$`))
  })

  it('gives each run its own default records file', () => {
    expect(settings().output.file).not.toBe(settings().output.file)
  })

  it('does not touch the shared default env when one is passed', () => {
    const s = readSettings(reader(BASE), { RUNNER_TEMP: runnerTemp })
    expect(dirname(s.output.file)).toBe(runnerTemp)
  })
})

describe('readSettings overrides', () => {
  it('reads a resource ID target and additional workspaces', () => {
    const s = settings({
      workspace: RESOURCE,
      'additional-workspaces': `${WORKSPACE.toUpperCase()}\nother-workspace # the staging one\n${RESOURCE}, third-ws`
    })
    expect(s.target).toEqual({ kind: 'resource', id: RESOURCE })
    expect(s.additionalWorkspaces).toEqual([WORKSPACE.toUpperCase(), 'other-workspace', RESOURCE, 'third-ws'])
  })

  it.each([
    ['24h', 'PT24H'],
    ['all', undefined],
    ['pt15m', 'PT15M'],
    ['2026-11-01T00:00:00Z/2026-11-02T00:00:00Z', '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z']
  ])('reads timespan %j as %s', (timespan, iso) => {
    expect(settings({ timespan }).timespan).toBe(iso)
  })

  it.each(['azureusgovernment', 'AzureChinaCloud'])('switches every endpoint with environment %s', environment => {
    const cloud = settings({ environment }).cloud
    expect(cloud).toEqual(CLOUDS[environment.toLowerCase() as keyof typeof CLOUDS])
  })

  it('overrides the endpoint and the authority host with their origins', () => {
    const s = settings({
      environment: 'azureusgovernment',
      endpoint: 'https://localhost:8443/v1/',
      'authority-host': 'https://127.0.0.1:9443/tenant'
    })
    expect(s.cloud.queryEndpoint).toBe('https://localhost:8443')
    expect(s.cloud.authorityHost).toBe('https://127.0.0.1:9443')
    expect(s.cloud.queryResource).toBe(CLOUDS.azureusgovernment.queryResource)
    expect(s.cloud.oidcAudience).toBe(CLOUDS.azureusgovernment.oidcAudience)
    expect(s.customAuthority).toBe(true)
  })

  it('reads the output settings, resolving output-file against GITHUB_WORKSPACE', () => {
    const s = settings({ 'output-format': 'CSV', 'output-file': 'out/records.csv', 'max-records': '1000' })
    expect(s.output).toEqual({
      file: join(repo, 'out', 'records.csv'),
      format: 'csv',
      maxRecords: 1000,
      csvFormulas: 'escape',
      roots: [realpathSync(repo), realpathSync(runnerTemp)]
    })
  })

  it('keeps an absolute output-file inside the workspace or RUNNER_TEMP', () => {
    for (const file of [join(repo, 'r.json'), join(runnerTemp, 'new', 'r.json')])
      expect(settings({ 'output-file': file }).output.file).toBe(file)
  })

  it('reads gate, timeout, retry and summary', () => {
    const s = settings({
      'max-count': '5',
      'min-count': '1',
      timeout: '600',
      'max-retries': '0',
      'max-retry-time': '30',
      summary: 'FALSE'
    })
    expect(s.gate).toEqual({ maxCount: '5', minCount: '1' })
    expect(s.timeoutSeconds).toBe(600)
    expect(s.retry).toEqual({ maxRetries: 0, maxRetryTimeMs: 30_000 })
    expect(s.summary).toBe(false)
  })

  it('accepts min-count equal to max-count', () => {
    expect(settings({ 'max-count': '0', 'min-count': '0' }).gate).toEqual({ maxCount: '0', minCount: '0' })
  })

  it('reads creds instead of client-secret', () => {
    const s = settings({
      'client-secret': '',
      'client-id': '',
      'tenant-id': '',
      creds: JSON.stringify({ clientId: CLIENT, clientSecret: 'from-creds', tenantId: TENANT })
    })
    expect(s.credential).toEqual({
      kind: 'client-secret',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'from-creds'
    })
  })

  it('reads query-file relative to GITHUB_WORKSPACE, without BOM and surrounding blank space', () => {
    const s = settings({ query: '', 'query-file': 'queries/errors.kql' })
    expect(s.query).toBe('AppExceptions\n| where SeverityLevel >= 3\n| count')
  })

  it('reads an absolute query-file', () => {
    expect(settings({ query: '', 'query-file': join(repo, 'queries', 'errors.kql') }).query).toMatch(/^AppExceptions/)
  })
})

describe('readSettings rejects bad inputs', () => {
  const many = Array.from({ length: 101 }, (_, i) => `workspace-${String(i).padStart(3, '0')}`).join('\n')

  const cases: [string, Record<string, string>, string][] = [
    ['no workspace', { workspace: '' }, 'workspace'],
    ['a workspace that is neither form', { workspace: 'my-workspace' }, 'workspace'],
    ['a workspace GUID typo', { workspace: WORKSPACE.slice(0, -1) }, 'workspace'],
    ['an unknown environment', { environment: 'azurestack' }, 'environment'],
    ['an http authority-host', { 'authority-host': 'http://login.microsoftonline.com' }, 'authority-host'],
    ['an endpoint that is not a URL', { endpoint: 'api.loganalytics.io' }, 'endpoint'],
    ['an endpoint with a password', { endpoint: 'https://me:pw@api.loganalytics.io' }, 'endpoint'],
    ['a timespan that is not one', { timespan: 'yesterday' }, 'timespan'],
    ['a zero timespan', { timespan: '0h' }, 'timespan'],
    ['an interval that ends before it starts', { timespan: '2026-11-02T00:00:00Z/2026-11-01T00:00:00Z' }, 'timespan'],
    ['both query and query-file', { 'query-file': 'queries/errors.kql' }, 'query'],
    ['neither query nor query-file', { query: '' }, 'query'],
    ['a query-file that does not exist', { query: '', 'query-file': 'queries/missing.kql' }, 'query-file'],
    ['a query-file that is a folder', { query: '', 'query-file': 'queries/folder.kql' }, 'query-file'],
    ['an empty query-file', { query: '', 'query-file': 'queries/blank.kql' }, 'query-file'],
    ['a bad additional workspace', { 'additional-workspaces': `${WORKSPACE}\nbad name!` }, 'additional-workspaces'],
    ['101 additional workspaces', { 'additional-workspaces': many }, 'additional-workspaces'],
    ['an unknown output-format', { 'output-format': 'xml' }, 'output-format'],
    ['a negative max-records', { 'max-records': '-1' }, 'max-records'],
    ['a fractional max-records', { 'max-records': '1.5' }, 'max-records'],
    ['an output-file that is a folder', { 'output-file': 'out-dir' }, 'output-file'],
    ['an absolute output-file outside', { 'output-file': '/etc/records.json' }, 'output-file'],
    ['an output-file out of the workspace by ../', { 'output-file': '../records.json' }, 'output-file'],
    [
      'an output-file in a linked folder that leads outside',
      { 'output-file': 'linked-out/records.json' },
      'output-file'
    ],
    ['an output-file under a regular file', { 'output-file': 'notes.txt/records.json' }, 'output-file'],
    ['an absolute query-file outside', { query: '', 'query-file': '/etc/hostname' }, 'query-file'],
    ['a query-file out of the workspace by ../', { query: '', 'query-file': '../outside/secret.kql' }, 'query-file'],
    ['a query-file linked to a file outside', { query: '', 'query-file': 'queries/linked.kql' }, 'query-file'],
    ['a query-file with a NUL byte', { query: '', 'query-file': 'queries/nul.kql' }, 'query-file'],
    ['a query-file over 1 MiB', { query: '', 'query-file': 'queries/huge.kql' }, 'query-file'],
    ['an inline query over 1 MiB', { query: `Heartbeat // ${'é'.repeat(512 * 1024)}` }, 'query'],
    ['an inline query with a NUL byte', { query: 'Heartbeat\0' }, 'query'],
    ['a max-count that is not a number', { 'max-count': 'five' }, 'max-count'],
    ['a negative min-count', { 'min-count': '-3' }, 'min-count'],
    ['min-count above max-count', { 'max-count': '2', 'min-count': '3' }, 'min-count'],
    ['a zero timeout', { timeout: '0' }, 'timeout'],
    ['a timeout over 600', { timeout: '601' }, 'timeout'],
    ['too many max-retries', { 'max-retries': '11' }, 'max-retries'],
    ['a max-retry-time over an hour', { 'max-retry-time': '3601' }, 'max-retry-time'],
    ['a summary that is not a boolean', { summary: 'yes' }, 'summary'],
    ['no client-id', { 'client-id': '' }, 'client-id'],
    ['a client-id that is not a GUID', { 'client-id': 'my-app' }, 'client-id'],
    ['no tenant-id', { 'tenant-id': '' }, 'tenant-id'],
    ['a tenant-id that is neither GUID nor domain', { 'tenant-id': 'not a tenant' }, 'tenant-id'],
    ['no client-secret', { 'client-secret': '' }, 'client-secret'],
    ['creds and client-secret', { creds: JSON.stringify({ clientSecret: 'x' }) }, 'creds'],
    ['malformed creds', { 'client-secret': '', creds: `{"clientSecret": "${SECRET}"` }, 'creds'],
    [
      'creds without clientSecret',
      { 'client-secret': '', creds: JSON.stringify({ clientId: CLIENT, tenantId: TENANT }) },
      'creds'
    ],
    [
      'creds conflicting with client-id',
      { 'client-secret': '', creds: JSON.stringify({ clientId: TENANT, clientSecret: SECRET, tenantId: TENANT }) },
      'client-id'
    ]
  ]

  it.each(cases)('rejects %s, naming the input on one line', (_, overrides, input) => {
    const error = inputError(overrides)
    expect(error.input).toBe(input)
    expect(error.message.startsWith(`Input '${input}': `)).toBe(true)
    expect(error.message.length).toBeGreaterThan(`Input '${input}': `.length + 10)
    expect(error.message).not.toMatch(/[\r\n]/)
    expect(error.message).not.toContain(SECRET)
  })

  it('says where it looked for a missing query-file', () => {
    const error = inputError({ query: '', 'query-file': 'queries/missing.kql' })
    expect(error.message).toContain(join(repo, 'queries', 'missing.kql'))
    expect(error.message).toContain('does not exist')
    expect(error.message).toContain('GITHUB_WORKSPACE')
  })

  it('tells a folder and an empty file apart', () => {
    expect(inputError({ query: '', 'query-file': 'queries/folder.kql' }).message).toContain('is a folder')
    expect(inputError({ query: '', 'query-file': 'queries/blank.kql' }).message).toContain('is empty')
  })

  it('suggests a file name inside an output-file folder', () => {
    expect(inputError({ 'output-file': 'out-dir', 'output-format': 'csv' }).message).toContain(
      join(repo, 'out-dir', 'records.csv')
    )
  })

  it('says where a link leads and which folders are allowed', () => {
    expect(inputError({ query: '', 'query-file': 'queries/linked.kql' }).message).toBe(
      `Input 'query-file': ${join(repo, 'queries', 'linked.kql')} leads to ${realpathSync(join(root, 'outside', 'secret.kql'))}, which is outside the workspace (GITHUB_WORKSPACE); ` +
        'keep the .kql file in the repository and give its path relative to the repository root (GITHUB_WORKSPACE).'
    )
    const outside = join(root, 'elsewhere', 'r.json')
    expect(inputError({ 'output-file': outside }).message).toBe(
      `Input 'output-file': ${outside} is outside the workspace (GITHUB_WORKSPACE) and RUNNER_TEMP; write the records under the repository or leave output-file empty for a file in RUNNER_TEMP.`
    )
    expect(inputError({ 'output-file': join(root, 'outside') }).message).toContain(
      'is outside the workspace (GITHUB_WORKSPACE) and RUNNER_TEMP'
    )
    expect(inputError({ 'output-file': 'notes.txt/records.json' }).message).toContain(
      `${join(repo, 'notes.txt')} is a file, not a folder`
    )
  })

  it('takes a query of exactly 1 MiB', () => {
    const query = `Heartbeat //${'x'.repeat(1024 * 1024 - 'Heartbeat //'.length)}`
    expect(settings({ query }).query).toBe(query)
    expect(inputError({ query: `${query}x` }).message).toBe(
      "Input 'query': the query is 1,048,577 bytes, over the limit of 1 MiB (1,048,576 bytes); shorten the query."
    )
  })

  it('checks the workspace before anything else', () => {
    expect(inputError({ workspace: 'x', timespan: 'bad', 'client-id': '' }).input).toBe('workspace')
  })

  it.each([
    ['workspace', { workspace: `${WORKSPACE}\n${WORKSPACE}` }],
    ['timespan', { timespan: 'P1D\nPT1H' }],
    ['environment', { environment: 'azurecloud\nazureusgovernment' }],
    ['max-count', { 'max-count': '5\n6' }],
    ['client-id', { 'client-id': 'my\napp' }]
  ])('keeps the message of a multi-line %s on one line', (input, overrides) => {
    const error = inputError(overrides)
    expect(error.input).toBe(input)
    expect(error.message).not.toMatch(/[\r\n]/)
  })
})
