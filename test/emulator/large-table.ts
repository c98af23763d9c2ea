import { gzipSync } from 'node:zlib'
import { BIG_LONG, Raw, serializeCell, type Cell, type Column } from './tables.js'
import { hex } from './hex.js'

/**
 * A result as large as the service sends: a realistic request-log schema with
 * every column type, as many rows as fit in the service's ~104 MB answer cap
 * (or `rows`), serialised once and kept with its gzip form, so that serving it
 * costs the emulator next to nothing while a client is being measured.
 */

export const LARGE_TABLE = 'AppRequestsMax'
/** The service's cap on the raw JSON of one answer (contract §3). */
export const ANSWER_CAP_BYTES = 104_000_000

export const LARGE_COLUMNS: Column[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Id', type: 'guid' },
  { name: 'Name', type: 'string' },
  { name: 'Url', type: 'string' },
  { name: 'Success', type: 'bool' },
  { name: 'ResultCode', type: 'string' },
  { name: 'DurationMs', type: 'real' },
  { name: 'PerformanceBucket', type: 'string' },
  { name: 'ItemCount', type: 'int' },
  { name: 'Properties', type: 'dynamic' },
  { name: 'Measurements', type: 'dynamic' },
  { name: 'OperationId', type: 'string' },
  { name: 'ParentId', type: 'string' },
  { name: 'SessionId', type: 'string' },
  { name: 'UserId', type: 'string' },
  { name: 'AppVersion', type: 'string' },
  { name: 'AppRoleName', type: 'string' },
  { name: 'ClientIP', type: 'string' },
  { name: 'ClientCity', type: 'string' },
  { name: 'Bytes', type: 'long' },
  { name: 'Elapsed', type: 'timespan' },
  { name: 'Cost', type: 'decimal' },
  { name: 'ResourceGUID', type: 'guid' }
]

const CITIES = ['Amsterdam', 'Dublin', 'Paris', 'Seattle', 'Singapore', 'São Paulo', 'Zürich', 'Tokyo']
const ROUTES = [
  '/api/orders',
  '/api/cart/items',
  '/api/payments/capture',
  '/api/inventory/reserve',
  '/health',
  '/api/users/me'
]

function guid(seed: number): string {
  const a = Math.imul(seed, 2654435761)
  const b = Math.imul(seed ^ 0x5bd1e995, 40503)
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(a >>> 4, 3)}-8${hex(b >>> 3, 3)}-${hex(a ^ b, 8)}${hex(seed, 4)}`
}

/** Row `i`: deterministic, varied, every type, nulls now and then, a long beyond 2^53 every 1000 rows. */
export function largeRow(i: number, start: number): Cell[] {
  const route = ROUTES[i % ROUTES.length]
  const failed = i % 17 === 0
  const duration = ((i * 7919) % 100000) / 37
  return [
    new Date(start + i * 250).toISOString(),
    guid(i),
    `GET ${route}`,
    `https://shop.example.com${route}?page=${i % 50}&sort=desc&session=${hex(i * 31, 8)}`,
    !failed,
    failed ? '500' : '200',
    duration,
    duration < 250 ? '<250ms' : duration < 1000 ? '250ms-1sec' : '1sec-3sec',
    1 + (i % 3),
    JSON.stringify({
      'ai.operation.name': `GET ${route}`,
      userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13${i % 10}.0.0.0 Safari/537.36`,
      region: i % 2 ? 'westeurope' : 'northeurope',
      retry: i % 5,
      tags: ['web', `v${i % 4}`]
    }),
    i % 11 === 0 ? null : JSON.stringify({ queueTimeMs: i % 97, dbCalls: i % 7, cacheHitRatio: (i % 100) / 100 }),
    hex(i * 2654435761, 8) + hex(i, 8) + hex(i * 97, 16),
    hex(i * 40503, 16),
    guid(i >>> 4),
    `user-${hex(i % 5003, 6)}`,
    `1.${i % 9}.${i % 31}`,
    i % 3 ? 'shop-api' : 'shop-web',
    `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    CITIES[i % CITIES.length],
    i % 1000 === 0 ? new Raw(BIG_LONG) : i * 1537,
    `00:00:0${i % 10}.${String(i % 1000).padStart(3, '0')}`,
    `${i % 1000}.${String(i % 97).padStart(4, '0')}`,
    guid(7)
  ]
}

/** The Properties cell of row `i`, serialised: it repeats every 60 rows (6 routes, and i mod 10, 2, 5 and 4). */
const PROPERTIES = Array.from({ length: 60 }, (_, k) => serializeCell(largeRow(k, 0)[9]))
const RESOURCE_GUID = serializeCell(guid(7))

/**
 * `largeRow(i, start)` as the JSON of its row, written directly: the same bytes
 * as serialising its cells (test/e2e/emulator-export.test.ts checks), in half
 * the time, for the ~104 MB answer built at every test run. No text cell holds
 * a character JSON escapes, so quotes around it serialise it.
 */
export function largeRowJson(i: number, start: number): string {
  const route = ROUTES[i % ROUTES.length]
  const failed = i % 17 === 0
  const duration = ((i * 7919) % 100000) / 37
  const bucket = duration < 250 ? '<250ms' : duration < 1000 ? '250ms-1sec' : '1sec-3sec'
  const measurements =
    i % 11 === 0
      ? 'null'
      : `"{\\"queueTimeMs\\":${i % 97},\\"dbCalls\\":${i % 7},\\"cacheHitRatio\\":${(i % 100) / 100}}"`
  return (
    `["${new Date(start + i * 250).toISOString()}","${guid(i)}","GET ${route}",` +
    `"https://shop.example.com${route}?page=${i % 50}&sort=desc&session=${hex(i * 31, 8)}",${!failed},` +
    `"${failed ? '500' : '200'}",${duration},"${bucket}",${1 + (i % 3)},${PROPERTIES[i % 60]},${measurements},` +
    `"${hex(i * 2654435761, 8) + hex(i, 8) + hex(i * 97, 16)}","${hex(i * 40503, 16)}","${guid(i >>> 4)}",` +
    `"user-${hex(i % 5003, 6)}","1.${i % 9}.${i % 31}","${i % 3 ? 'shop-api' : 'shop-web'}",` +
    `"10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}","${CITIES[i % CITIES.length]}",` +
    `${i % 1000 === 0 ? BIG_LONG : i * 1537},"00:00:0${i % 10}.${String(i % 1000).padStart(3, '0')}",` +
    `"${i % 1000}.${String(i % 97).padStart(4, '0')}",${RESOURCE_GUID}]`
  )
}

interface LargeBody {
  rows: number
  raw: Buffer
  gzip: Buffer
}

const cache = new Map<number, LargeBody>()
const CHUNK_BYTES = 8 << 20

/** The answer for `rows` rows (0: as many as fit under the cap), built once per size. */
export function largeTableBody(rows = 0): LargeBody {
  const cached = cache.get(rows)
  if (cached) return cached
  const start = Date.UTC(2026, 10, 24)
  const head = `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(LARGE_COLUMNS)},"rows":[`
  const tail = ']}]}'
  // Each row goes into bytes at once: 100 MB of strings held until the end would cost more in garbage collection
  // than making them.
  const chunks: Buffer[] = []
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES)
  let used = chunk.write(head)
  let size = used + tail.length
  let count = 0
  for (; rows === 0 || count < rows; count++) {
    const line = `${count === 0 ? '' : ','}${largeRowJson(count, start)}`
    const bytes = Buffer.byteLength(line)
    if (rows === 0 && size + bytes > ANSWER_CAP_BYTES) break
    if (used + bytes > chunk.length) {
      chunks.push(chunk.subarray(0, used))
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes))
      used = 0
    }
    used += chunk.write(line, used)
    size += bytes
  }
  chunks.push(chunk.subarray(0, used), Buffer.from(tail))
  const raw = Buffer.concat(chunks)
  const body = { rows: count, raw, gzip: gzipSync(raw, { level: 1 }) }
  cache.set(rows, body)
  return body
}
