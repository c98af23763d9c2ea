/**
 * Starts the emulator on its own and prints what a client needs to reach it,
 * for the demo, the workflow and manual runs:
 *   npx tsx test/emulator/cli.ts [--port N] [--env-file FILE]
 * With --env-file, it appends NODE_EXTRA_CA_CERTS and EMULATOR_URL lines to FILE
 * (use $GITHUB_ENV in a workflow) and keeps running until killed.
 */
import { appendFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import * as directory from './directory.js'
import { startEmulator } from './emulator.js'

const { values } = parseArgs({ options: { port: { type: 'string' }, 'env-file': { type: 'string' } } })
const emulator = await startEmulator({ port: values.port ? Number(values.port) : undefined })
const settings = {
  url: emulator.url,
  caBundleFile: emulator.caBundleFile,
  tenantId: directory.TENANT_ID,
  clientId: directory.CLIENT_ID,
  workspaceId: directory.WORKSPACE_ID,
  workspaceResourceId: directory.WORKSPACE_RESOURCE_ID
}
if (values['env-file']) {
  appendFileSync(values['env-file'], `NODE_EXTRA_CA_CERTS=${emulator.caBundleFile}\nEMULATOR_URL=${emulator.url}\n`)
}
console.log(JSON.stringify(settings, null, 2))
