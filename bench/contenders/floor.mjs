// The floor: what any Node script does with fetch — sign in, POST the query,
// JSON.parse the whole answer, turn rows into objects, write them as JSON.
import { writeFile } from 'node:fs/promises'

const { EMULATOR_URL: url, TENANT_ID, CLIENT_ID, CLIENT_SECRET, WORKSPACE_ID, QUERY, OUT_FILE } = process.env
const tokenResponse = await fetch(`${url}/${TENANT_ID}/oauth2/v2.0/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    scope: 'https://api.loganalytics.io/.default'
  })
})
const { access_token: token } = await tokenResponse.json()
const response = await fetch(`${url}/v1/workspaces/${WORKSPACE_ID}/query`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
  body: JSON.stringify({ query: QUERY, timespan: 'P1D' })
})
const body = await response.json()
const [table] = body.tables
const names = table.columns.map(column => column.name)
const records = table.rows.map(row => Object.fromEntries(names.map((name, i) => [name, row[i]])))
await writeFile(OUT_FILE, JSON.stringify(records))
console.log(records.length)
