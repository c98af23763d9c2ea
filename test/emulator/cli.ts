/**
 * Starts the emulator on its own and prints what a client needs to reach it,
 * for the demo, the workflow and manual runs:
 *   npx tsx test/emulator/cli.ts [--port N] [--write-env FILE] [--large]
 * With --write-env (not --env-file: tsx would take that as Node's own flag), it appends NODE_EXTRA_CA_CERTS and
 * EMULATOR_URL lines to FILE
 * (use $GITHUB_ENV in a workflow) and keeps running until killed.
 */
import { appendFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import * as directory from './directory.js'
import { startEmulator } from './emulator.js'
import { LARGE_TABLE, largeTableBody } from './large-table.js'

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'write-env': { type: 'string' }, large: { type: 'boolean' } }
})
const emulator = await startEmulator({ port: values.port ? Number(values.port) : undefined })
const settings = {
  url: emulator.url,
  caBundleFile: emulator.caBundleFile,
  tenantId: directory.TENANT_ID,
  clientId: directory.CLIENT_ID,
  clientSecret: directory.CLIENT_SECRET,
  workspaceId: directory.WORKSPACE_ID,
  workspaceResourceId: directory.WORKSPACE_RESOURCE_ID,
  // --large: build the max-size answer now rather than on the first query.
  ...(values.large && largeSettings())
}

function largeSettings() {
  const body = largeTableBody()
  return {
    largeTable: LARGE_TABLE,
    largeRows: body.rows,
    largeBytes: body.raw.length,
    largeGzipBytes: body.gzip.length
  }
}
if (values['write-env']) {
  appendFileSync(values['write-env'], `NODE_EXTRA_CA_CERTS=${emulator.caBundleFile}\nEMULATOR_URL=${emulator.url}\n`)
}
console.log(JSON.stringify(settings, null, 2))
