/**
 * Starts the emulator on its own and prints what a client needs to reach it,
 * for the demo, the workflow, the bench and manual runs:
 *   npx tsx test/emulator/cli.ts [--port N] [--write-env FILE] [--large]
 *     [--export-table NAME:ROWS[:narrow|wide[:SPAN_MS]]]… [--server-time-ms N] [--bytes-per-second N]
 * With --write-env (not --env-file: tsx would take that as Node's own flag), it appends NODE_EXTRA_CA_CERTS and
 * EMULATOR_URL lines to FILE
 * (use $GITHUB_ENV in a workflow) and keeps running until killed.
 * --export-table (repeatable) defines a generated export table (export-tables.ts; span default one hour);
 * --server-time-ms is the time each query takes before its first byte, --bytes-per-second the pace of an export
 * table's answer on its connection. The service's caps, queueing and rate limit always apply.
 */
import { appendFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import * as directory from './directory.js'
import { startEmulator } from './emulator.js'
import { addExportTable } from './export-tables.js'
import { LARGE_TABLE, largeTableBody } from './large-table.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'write-env': { type: 'string' },
    large: { type: 'boolean' },
    'export-table': { type: 'string', multiple: true },
    'server-time-ms': { type: 'string' },
    'bytes-per-second': { type: 'string' }
  }
})
const emulator = await startEmulator({ port: values.port ? Number(values.port) : undefined })
emulator.serverTimeMs = Number(values['server-time-ms'] ?? 0)
emulator.bytesPerSecond = Number(values['bytes-per-second'] ?? 0)
const exportTables = (values['export-table'] ?? []).map(definition => {
  const [name, rows, shape = 'narrow', spanMs] = definition.split(':')
  if (!name || !(Number(rows) > 0) || (shape !== 'narrow' && shape !== 'wide')) {
    throw new Error(`--export-table ${definition}: expected NAME:ROWS[:narrow|wide[:SPAN_MS]]`)
  }
  const table = addExportTable(emulator, {
    name,
    rows: Number(rows),
    shape,
    ...(spanMs && { spanMs: Number(spanMs) })
  })
  return { name: table.name, rows: table.rows, shape, first: table.timeOf(0), last: table.timeOf(table.rows - 1) }
})
const settings = {
  url: emulator.url,
  caFile: emulator.caFile,
  caBundleFile: emulator.caBundleFile,
  tenantId: directory.TENANT_ID,
  clientId: directory.CLIENT_ID,
  clientSecret: directory.CLIENT_SECRET,
  workspaceId: directory.WORKSPACE_ID,
  workspaceResourceId: directory.WORKSPACE_RESOURCE_ID,
  serverTimeMs: emulator.serverTimeMs,
  bytesPerSecond: emulator.bytesPerSecond,
  rowCap: emulator.rowCap,
  byteCap: emulator.byteCap,
  maxConcurrentQueries: emulator.maxConcurrentQueries,
  rateLimit: emulator.rateLimit,
  ...(exportTables.length > 0 && { exportTables }),
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
