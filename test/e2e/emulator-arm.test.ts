import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { describe, expect, it } from 'vitest'
import { CLIENT_ID, TENANT_ID, WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import type { Emulator } from '../emulator/emulator.js'
import { emulatorPerFile } from './search-job-helpers.js'

let emulator: Emulator
emulatorPerFile(started => (emulator = started))

/** One HTTPS request to the emulator, as Azure Resource Manager would get it. */
function call(
  method: string,
  path: string,
  token: string,
  body = ''
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}${path}`,
      {
        method,
        ca: readFileSync(emulator.caFile),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      },
      response => {
        let text = ''
        response.setEncoding('utf8').on('data', chunk => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }))
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

function token(audience: string): string {
  const value = `test.${audience}.${Math.random()}`
  emulator.tokens.push({ token: value, audience, clientId: CLIENT_ID, tenantId: TENANT_ID })
  return value
}

const TABLE = `${WORKSPACE_RESOURCE_ID}/tables/Heartbeat_SRCH?api-version=2025-02-01`
const BODY = JSON.stringify({
  properties: {
    searchResults: {
      query: 'Heartbeat',
      limit: 10,
      startSearchTime: '2000-01-01T00:00:00Z',
      endSearchTime: '2100-01-01T00:00:00Z'
    }
  }
})

describe("the emulator's Azure Resource Manager", () => {
  it("refuses a Logs API token with ARM's audience error", async () => {
    const answer = await call('PUT', TABLE, token('https://api.loganalytics.io'), BODY)
    expect(answer.status).toBe(401)
    expect(JSON.parse(answer.body).error.code).toBe('InvalidAuthenticationTokenAudience')
    expect(emulator.searchJobs.size).toBe(0)
  })

  it('walks a job through Updating, InProgress and Succeeded, then serves and deletes its table', async () => {
    emulator.searchJobBehaviour = { polls: 3, outcome: 'Succeeded' }
    const arm = token('https://management.azure.com')
    const created = await call('PUT', TABLE, arm, BODY)
    expect(created.status).toBe(202)
    expect(created.body).toBe('')
    const operation = new URL(String(created.headers['azure-asyncoperation']))
    expect(String(created.headers.location)).toContain('/tables/Heartbeat_SRCH/operationresults/')
    const statuses: string[] = []
    for (let i = 0; i < 4; i++)
      statuses.push(JSON.parse((await call('GET', operation.pathname + operation.search, arm)).body).status)
    expect(statuses).toEqual(['Updating', 'InProgress', 'Succeeded', 'Succeeded'])
    const table = JSON.parse((await call('GET', TABLE, arm)).body)
    expect(table.properties.provisioningState).toBe('Succeeded')
    expect(table.properties.schema.tableType).toBe('SearchResults')
    expect(table.properties.schema.columns.map((c: { name: string }) => c.name).slice(-3)).toEqual([
      '_OriginalType',
      '_OriginalItemId',
      '_OriginalTimeGenerated'
    ])
    expect(emulator.tables.get('heartbeat_srch')?.rows).toHaveLength(10)
    expect((await call('DELETE', TABLE, arm)).status).toBe(202)
    expect((await call('GET', TABLE, arm)).status).toBe(404)
    expect(emulator.tables.has('heartbeat_srch')).toBe(false)
  })

  it('refuses what the service refuses', async () => {
    const arm = token('https://management.azure.com')
    const summarize = JSON.stringify({
      properties: {
        searchResults: {
          query: 'Heartbeat | summarize count()',
          limit: 10,
          startSearchTime: '2026-01-01T00:00:00Z',
          endSearchTime: '2026-01-02T00:00:00Z'
        }
      }
    })
    expect((await call('PUT', TABLE, arm, summarize)).status).toBe(400)
    expect((await call('PUT', TABLE.replace('_SRCH', ''), arm, BODY)).status).toBe(400)
    expect((await call('PUT', TABLE.replace('2025-02-01', '2099-01-01'), arm, BODY)).status).toBe(400)
    expect(JSON.parse((await call('PUT', TABLE.replace('rg-shop', 'rg-nope'), arm, BODY)).body).error.code).toBe(
      'ResourceGroupNotFound'
    )
  })
})
