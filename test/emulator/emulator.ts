import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { X509Certificate } from 'node:crypto'
import { makeServerCertificate } from './certificates.js'
import type { AppCredentials } from './client-assertion.js'
import { cloudOfArmHost, cloudOfAuthority, cloudOfQueryHost, hostName } from './clouds.js'
import { CLIENT_ID, FEDERATED_SUBJECT, GITHUB_ISSUER } from './directory.js'
import { handleEntra, mintToken, type IssuedToken } from './entra.js'
import { GitHubOidc } from './github-oidc.js'
import { addExportTable, type ExportTableSpec } from './export-tables.js'
import type { StreamFault } from './export-stream.js'
import type { LazyTable } from './lazy-tables.js'
import { handleLogs, type QueryLogEntry } from './logs-api.js'
import { QueryGate, SERVICE_LIMITS, type QueryLimits, type QueryStats } from './query-gate.js'
import { defaultMachineIdentities, handleManagedIdentity, type MachineIdentities } from './managed-identity.js'
import {
  CANCEL_SEARCH_PATH,
  DEFAULT_SEARCH_JOB_BEHAVIOUR,
  handleSearchJobs,
  OPERATION_PATH,
  TABLE_PATH,
  type SearchJob,
  type SearchJobBehaviour
} from './search-jobs.js'
import { workspaceTables, type Table } from './tables.js'

/** gzip as the service sends it; the fastest level, since any level is gzip to the client. */
const gzipped = (raw: Buffer): Buffer => gzipSync(raw, { level: 1 })

/**
 * An emulator of Entra ID and the Azure Monitor Logs API, over HTTPS on
 * loopback, behaving as the contract (`../shared/contract/`) says the real
 * services do. Tests start one per file, send the real bundled action at it,
 * and read its request log; faults are queued to make it misbehave on cue.
 */

export interface LoggedRequest {
  /** Milliseconds since the epoch when the request arrived. */
  at: number
  method: string
  /** The Host header: which service the client thought it was talking to. */
  host: string
  path: string
  headers: Record<string, string>
  body: string
  route: Route
  /** Status sent (0 when the connection was cut instead). */
  status: number
  /** The client's port: tells a request that came through a proxy's tunnel from a direct one. */
  remotePort: number
}

export type Route =
  | 'openid'
  | 'token'
  | 'query'
  | 'github-oidc'
  | 'managed-identity'
  | 'table'
  | 'cancel-search'
  | 'operation'
  | 'admin'
  | 'unknown'

/** A scripted misbehaviour, used once (or `times` times) by the next matching request. */
export interface Fault {
  route?: Route
  status?: number
  headers?: Record<string, string>
  /** Body to send instead of the normal answer (an object is sent as JSON). */
  body?: string | object
  /** Body bytes to send as they are, in base64 (bytes that are not UTF-8); instead of `body`. */
  bodyBase64?: string
  /** Wait this long before answering. */
  delayMs?: number
  /** Send the normal answer's first N bytes (uncompressed), then cut the connection. */
  resetAfterBytes?: number
  /** Send the normal answer's first N bytes as if it were complete (truncated JSON). */
  truncateAt?: number
  /** Send the normal answer's first N bytes (uncompressed), then nothing more: the connection stays open. */
  stallAfterBytes?: number
  /** Send the normal answer (uncompressed) one byte every this many milliseconds: never silent, never done. */
  trickleEveryMs?: number
  times?: number
  /** Only for a request whose body holds this text (a query over one window of two, say). */
  bodyIncludes?: string
}

export interface Emulator extends QueryLimits {
  url: string
  port: number
  /** The emulator's CA, to pass as NODE_EXTRA_CA_CERTS to processes that call the emulator only. */
  caFile: string
  /** The system's extra CAs and the emulator's, for NODE_EXTRA_CA_CERTS of a shell that also calls other hosts. */
  caBundleFile: string
  requests: LoggedRequest[]
  tokens: IssuedToken[]
  faults: Fault[]
  tables: Map<string, Table>
  /** The service's row cap (500,000): longer results are cut and come with a PartialError. */
  rowCap: number
  /** The service's cap on an answer's raw JSON (104,000,000 bytes): the rows that fit, then a PartialError. */
  byteCap: number
  /**
   * Generated tables of up to millions of rows, by name in lower case (export-tables.ts): define one with
   * `addExportTable(emulator, spec)`. Search jobs over them register their `…_SRCH` results here too.
   */
  exportTables: Map<string, LazyTable>
  /** Time each query takes on the server before its first byte (0). */
  serverTimeMs: number
  /** Pace of an export answer's body on its connection, bytes a second (0: as fast as the client reads). */
  bytesPerSecond: number
  /** Throttling counters: running, most running at once, queued, 429s (query-gate.ts). */
  queryStats: QueryStats
  /** Every query that passed the token, workspace and body checks, in order of arrival. */
  queryLog: QueryLogEntry[]
  /** Admits queries per identity under the limits above. */
  queryGate: QueryGate
  /**
   * Row counts of the `Series` table, one per query that reads it, in order;
   * the last one stays for every later query (a test scripts a changing series).
   */
  series: number[]
  /** Lifetime of the access tokens handed out; msal asks again for one with less than 5 minutes left. */
  tokenLifetimeSeconds: number
  /** The app registration's certificates, trusted subject names and federated credentials. */
  app: AppCredentials
  /** GitHub's ID token service for Actions. */
  github: GitHubOidc
  /** The identities the managed identity endpoint (IMDS) serves. */
  machine: MachineIdentities
  /** Uploads a certificate (PEM) to the app registration. */
  registerCertificate(pem: string): void
  /**
   * An access token as Entra ID would issue it for `audience` (default: the registered app), accepted by the Logs API.
   */
  mintToken(audience: string, clientId?: string): string
  /** Search jobs by results table (lower case), until their table is deleted. */
  searchJobs: Map<string, SearchJob>
  /** How the next search jobs behave. */
  searchJobBehaviour: SearchJobBehaviour
  /** Requests of one route. */
  requestsTo(route: Route): LoggedRequest[]
  close(): Promise<void>
}

export interface Reply {
  status: number
  headers?: Record<string, string>
  /** Writes the whole answer itself (a streamed export answer); the fault's byte limits apply as it goes. */
  stream?: (response: ServerResponse, headers: Record<string, string>, fault?: StreamFault) => Promise<void>
  /** Called once the response is over (sent, or its connection closed): frees the query's slot. */
  done?: () => void
  body?: string | object
  /** A body built once in both forms (large answers): sent as it is. */
  prebuilt?: { raw: Buffer; gzip: Buffer }
}

export async function startEmulator(options: { port?: number } = {}): Promise<Emulator> {
  const certificate = await makeServerCertificate()
  const sockets = new Set<Duplex>()
  const gate = new QueryGate()
  const emulator: Emulator = {
    ...SERVICE_LIMITS,
    rateLimit: { ...SERVICE_LIMITS.rateLimit },
    byteCap: 104_000_000,
    exportTables: new Map(),
    serverTimeMs: 0,
    bytesPerSecond: 0,
    queryStats: gate.stats,
    queryLog: [],
    queryGate: gate,
    url: '',
    port: 0,
    caFile: certificate.caFile,
    caBundleFile: certificate.caBundleFile,
    requests: [],
    tokens: [],
    faults: [],
    tables: workspaceTables(Date.now()),
    rowCap: 500_000,
    series: [],
    tokenLifetimeSeconds: 3599,
    app: {
      certificates: [],
      trustedSubjects: [],
      federatedCredentials: [{ issuer: GITHUB_ISSUER, subject: FEDERATED_SUBJECT }]
    },
    github: new GitHubOidc(),
    machine: defaultMachineIdentities(),
    registerCertificate: pem => emulator.app.certificates.push(new X509Certificate(pem)),
    mintToken: (audience, clientId = CLIENT_ID) => mintToken(emulator, audience, clientId),
    searchJobs: new Map(),
    searchJobBehaviour: { ...DEFAULT_SEARCH_JOB_BEHAVIOUR },
    requestsTo: route => emulator.requests.filter(request => request.route === route),
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
  const server: Server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (request, response) => {
    void handle(emulator, request, response)
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('tlsClientError', () => {})
  await new Promise<void>(resolve => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  emulator.port = (server.address() as AddressInfo).port
  emulator.url = `https://127.0.0.1:${emulator.port}`
  return emulator
}

async function handle(emulator: Emulator, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request)
  const url = new URL(request.url ?? '/', 'https://emulator')
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])
  )
  const route = routeOf(request.method ?? 'GET', url.pathname, headers.host ?? '')
  const entry: LoggedRequest = {
    at: Date.now(),
    method: request.method ?? 'GET',
    host: headers.host ?? '',
    path: url.pathname + url.search,
    headers,
    body,
    route,
    status: 0,
    remotePort: request.socket.remotePort ?? 0
  }
  if (route !== 'admin') emulator.requests.push(entry)

  const fault = takeFault(emulator, route, body)
  if (fault?.delayMs) {
    await new Promise(resolve => setTimeout(resolve, fault.delayMs))
    if (request.socket.destroyed) return
  }
  const closed = new AbortController()
  response.once('close', () => closed.abort())
  let reply: Reply
  if (fault && (fault.status !== undefined || fault.body !== undefined || fault.bodyBase64 !== undefined)) {
    reply = { status: fault.status ?? 200, headers: fault.headers, body: fault.body ?? '' }
    if (fault.bodyBase64 !== undefined) {
      const raw = Buffer.from(fault.bodyBase64, 'base64')
      reply.prebuilt = { raw, gzip: gzipped(raw) }
    }
  } else {
    reply = await answer(emulator, route, request.method ?? 'GET', url, headers, body, closed.signal)
    if (fault?.headers) reply.headers = { ...reply.headers, ...fault.headers }
  }
  if (reply.done) {
    if (closed.signal.aborted) reply.done()
    else closed.signal.addEventListener('abort', reply.done, { once: true })
  }
  if (request.socket.destroyed) return
  entry.status = reply.status
  send(response, reply, headers['accept-encoding'] ?? '', fault)
  if (fault?.resetAfterBytes !== undefined || fault?.stallAfterBytes !== undefined) entry.status = 0
}

function answer(
  emulator: Emulator,
  route: Route,
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal
): Reply | Promise<Reply> {
  switch (route) {
    case 'openid':
    case 'token':
      return handleEntra(emulator, route, url, headers, body)
    case 'query':
      return handleLogs(emulator, url, headers, body, signal)
    case 'github-oidc':
      return emulator.github.handle(url, headers)
    case 'managed-identity':
      return handleManagedIdentity(emulator, url, headers)
    case 'table':
    case 'cancel-search':
    case 'operation':
      return handleSearchJobs(emulator, route, method, url, headers, body)
    case 'admin':
      return admin(emulator, method, url, body)
    default:
      return {
        status: 404,
        body: { error: { code: 'PathNotFoundError', message: 'The requested path does not exist' } }
      }
  }
}

const isArmHost = (host: string) => cloudOfArmHost(host) !== undefined

/** Each service: its requests, and the real host that serves it (the emulator's own names serve all). */
const ROUTES: { route: Route; method: string; path: RegExp; servedBy: (host: string) => boolean }[] = [
  {
    route: 'openid',
    method: 'GET',
    path: /^\/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/,
    servedBy: host => cloudOfAuthority(host) !== undefined
  },
  {
    route: 'token',
    method: 'POST',
    path: /^\/[^/]+\/oauth2\/v2\.0\/token$/,
    servedBy: host => cloudOfAuthority(host) !== undefined
  },
  { route: 'query', method: 'POST', path: /^\/v1\/.+\/query$/, servedBy: host => cloudOfQueryHost(host) !== undefined },
  {
    route: 'github-oidc',
    method: 'GET',
    path: /^\/_apis\/.+\/idtoken$/,
    servedBy: host => host === 'pipelines.actions.githubusercontent.com'
  },
  { route: 'managed-identity', method: 'GET', path: /^\/metadata\/identity\/oauth2\/token\/?$/, servedBy: () => false },
  ...['PUT', 'GET', 'DELETE'].map(method => ({
    route: 'table' as const,
    method,
    path: TABLE_PATH,
    servedBy: isArmHost
  })),
  { route: 'cancel-search', method: 'POST', path: CANCEL_SEARCH_PATH, servedBy: isArmHost },
  { route: 'operation', method: 'GET', path: OPERATION_PATH, servedBy: isArmHost }
]

function routeOf(method: string, path: string, host: string): Route {
  if (path.startsWith('/emulator/')) return 'admin'
  const name = hostName(host)
  const own = name === '127.0.0.1' || name === 'localhost' || name.endsWith('.emulator.test')
  const match = ROUTES.find(entry => entry.method === method && entry.path.test(path) && (own || entry.servedBy(name)))
  return match?.route ?? 'unknown'
}

/** Out-of-process control, for the demo and the workflow: queue faults, script the series, read the log. */
function admin(emulator: Emulator, method: string, url: URL, body: string): Reply {
  if (method === 'POST' && url.pathname === '/emulator/faults') {
    emulator.faults.push(...(JSON.parse(body) as Fault[]))
    return { status: 204 }
  }
  if (method === 'POST' && url.pathname === '/emulator/series') {
    emulator.series = JSON.parse(body) as number[]
    return { status: 204 }
  }
  if (method === 'GET' && url.pathname === '/emulator/requests') return { status: 200, body: emulator.requests }
  if (method === 'POST' && url.pathname === '/emulator/export-tables') {
    const table = addExportTable(emulator, JSON.parse(body) as ExportTableSpec)
    return { status: 200, body: { name: table.name, rows: table.rows, first: table.timeOf(0) } }
  }
  if (method === 'GET' && url.pathname === '/emulator/queries') {
    return { status: 200, body: { stats: emulator.queryStats, log: emulator.queryLog } }
  }
  return { status: 404 }
}

function takeFault(emulator: Emulator, route: Route, body: string): Fault | undefined {
  const index = emulator.faults.findIndex(
    fault =>
      (fault.route ?? 'query') === route && (fault.bodyIncludes === undefined || body.includes(fault.bodyIncludes))
  )
  if (index === -1) return undefined
  const fault = emulator.faults[index]
  fault.times = (fault.times ?? 1) - 1
  if (fault.times <= 0) emulator.faults.splice(index, 1)
  return fault
}

function send(response: ServerResponse, reply: Reply, acceptEncoding: string, fault?: Fault): void {
  const headers: Record<string, string> = { ...reply.headers }
  if (reply.stream) {
    // A failure half-way is the connection's end, as on the real service.
    reply.stream(response, headers, fault).catch(() => response.destroy())
    return
  }
  let raw: Buffer
  if (reply.prebuilt) {
    raw = reply.prebuilt.raw
  } else {
    raw = Buffer.from(
      reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    )
  }
  if (raw.length > 0 && !Object.keys(headers).some(name => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json; charset=utf-8'
  }
  if (fault?.truncateAt !== undefined) raw = raw.subarray(0, fault.truncateAt)
  if (fault?.trickleEveryMs !== undefined) return trickle(response, reply.status, headers, raw, fault.trickleEveryMs)
  const gzip = /\bgzip\b/.test(acceptEncoding) && raw.length > 0
  // The prebuilt gzip form only fits the whole body.
  const payload = !gzip ? raw : reply.prebuilt && raw === reply.prebuilt.raw ? reply.prebuilt.gzip : gzipped(raw)
  if (gzip) headers['content-encoding'] = 'gzip'
  headers['content-length'] = String(payload.length)
  response.writeHead(reply.status, headers)
  const cutAt = fault?.resetAfterBytes ?? fault?.stallAfterBytes
  if (cutAt !== undefined) {
    // Headers and a first part; then the connection drops (a gateway reset) or just goes quiet.
    const part = gzip ? Math.max(10, Math.floor((cutAt * payload.length) / Math.max(1, raw.length))) : cutAt
    response.write(payload.subarray(0, part), () => {
      if (fault?.resetAfterBytes !== undefined) setTimeout(() => response.socket?.destroy(), 20)
    })
    return
  }
  response.end(payload)
}

/** A server that always has one more byte to send, just in time to keep the connection from going idle. */
function trickle(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  raw: Buffer,
  everyMs: number
): void {
  response.writeHead(status, { ...headers, 'content-length': String(raw.length) })
  let sent = 0
  const timer = setInterval(() => {
    if (sent < raw.length - 1) response.write(raw.subarray(sent, ++sent))
  }, everyMs)
  response.on('close', () => clearInterval(timer))
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    request.on('data', (chunk: Buffer) => parts.push(chunk))
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    request.on('error', reject)
  })
}
