// The official SDK doing the same job: @azure/identity signs in, @azure/monitor-query-logs
// queries and types the cells, and the rows are written as JSON objects.
import { writeFile } from 'node:fs/promises'
import { ClientSecretCredential } from '@azure/identity'
import { LogsQueryClient } from '@azure/monitor-query-logs'

const { EMULATOR_URL: url, TENANT_ID, CLIENT_ID, CLIENT_SECRET, WORKSPACE_ID, QUERY, OUT_FILE } = process.env
const credential = new ClientSecretCredential(TENANT_ID, CLIENT_ID, CLIENT_SECRET, {
  authorityHost: url,
  disableInstanceDiscovery: true
})
const client = new LogsQueryClient(credential, { endpoint: `${url}/v1`, audience: 'https://api.loganalytics.io' })
const result = await client.queryWorkspace(WORKSPACE_ID, QUERY, { duration: 'P1D' }, { serverTimeoutInSeconds: 600 })
if (result.status !== 'Success') throw new Error(`query ${result.status}`)
const [table] = result.tables
const names = table.columnDescriptors.map(column => column.name)
const records = table.rows.map(row => Object.fromEntries(names.map((name, i) => [name, row[i]])))
await writeFile(OUT_FILE, JSON.stringify(records))
console.log(records.length)
