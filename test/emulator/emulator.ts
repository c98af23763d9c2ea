import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { makeServerCertificate } from './certificates.js'
import { handleEntra, type IssuedToken } from './entra.js'
import { handleLogs } from './logs-api.js'
import { workspaceTables, type Table } from './tables.js'

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
}

export type Route = 'openid' | 'token' | 'query' | 'admin' | 'unknown'

/** A scripted misbehaviour, used once (or `times` times) by the next matching request. */
export interface Fault {
  route?: Route
  status?: number
  headers?: Record<string, string>
  /** Body to send instead of the normal answer (an object is sent as JSON). */
  body?: string | object
  /** Wait this long before answering. */
  delayMs?: number
  /** Send the normal answer's first N bytes (uncompressed), then cut the connection. */
  resetAfterBytes?: number
  /** Send the normal answer's first N bytes as if it were complete (truncated JSON). */
  truncateAt?: number
  times?: number
}

export interface Emulator {
  url: string
  port: number
  /** PEM bundle to pass as NODE_EXTRA_CA_CERTS to processes that call the emulator. */
  caBundleFile: string
  requests: LoggedRequest[]
  tokens: IssuedToken[]
  faults: Fault[]
  tables: Map<string, Table>
  /** The service's row cap (500,000): longer results are cut and come with a PartialError. */
  rowCap: number
  /**
   * Row counts of the `Series` table, one per query that reads it, in order;
   * the last one stays for every later query (a test scripts a changing series).
   */
  series: number[]
  /** Requests of one route. */
  requestsTo(route: Route): LoggedRequest[]
  close(): Promise<void>
}

export interface Reply {
  status: number
  headers?: Record<string, string>
  body?: string | object
}

export async function startEmulator(options: { port?: number } = {}): Promise<Emulator> {
  const certificate = await makeServerCertificate()
  const sockets = new Set<Duplex>()
  const emulator: Emulator = {
    url: '',
    port: 0,
    caBundleFile: certificate.caBundleFile,
    requests: [],
    tokens: [],
    faults: [],
    tables: workspaceTables(Date.now()),
    rowCap: 500_000,
    series: [],
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
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]))
  const route = routeOf(request.method ?? 'GET', url.pathname)
  const entry: LoggedRequest = { at: Date.now(), method: request.method ?? 'GET', host: headers.host ?? '', path: url.pathname + url.search, headers, body, route, status: 0 }
  if (route !== 'admin') emulator.requests.push(entry)

  const fault = takeFault(emulator, route)
  if (fault?.delayMs) {
    await new Promise(resolve => setTimeout(resolve, fault.delayMs))
    if (request.socket.destroyed) return
  }
  let reply: Reply
  if (fault && (fault.status !== undefined || fault.body !== undefined)) {
    reply = { status: fault.status ?? 200, headers: fault.headers, body: fault.body ?? '' }
  } else {
    reply = answer(emulator, route, request.method ?? 'GET', url, headers, body)
    if (fault?.headers) reply.headers = { ...reply.headers, ...fault.headers }
  }
  entry.status = reply.status
  send(response, reply, headers['accept-encoding'] ?? '', fault)
  if (fault?.resetAfterBytes !== undefined) entry.status = 0
}

function answer(emulator: Emulator, route: Route, method: string, url: URL, headers: Record<string, string>, body: string): Reply {
  switch (route) {
    case 'openid':
    case 'token':
      return handleEntra(emulator, route, url, headers, body)
    case 'query':
      return handleLogs(emulator, url, headers, body)
    case 'admin':
      return admin(emulator, method, url, body)
    default:
      return { status: 404, body: { error: { code: 'PathNotFoundError', message: 'The requested path does not exist' } } }
  }
}

function routeOf(method: string, path: string): Route {
  if (path.startsWith('/emulator/')) return 'admin'
  if (method === 'GET' && /^\/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/.test(path)) return 'openid'
  if (method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) return 'token'
  if (method === 'POST' && /^\/v1\/.+\/query$/.test(path)) return 'query'
  return 'unknown'
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
  return { status: 404 }
}

function takeFault(emulator: Emulator, route: Route): Fault | undefined {
  const index = emulator.faults.findIndex(fault => (fault.route ?? 'query') === route)
  if (index === -1) return undefined
  const fault = emulator.faults[index]
  fault.times = (fault.times ?? 1) - 1
  if (fault.times <= 0) emulator.faults.splice(index, 1)
  return fault
}

function send(response: ServerResponse, reply: Reply, acceptEncoding: string, fault?: Fault): void {
  let text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
  const headers: Record<string, string> = { ...reply.headers }
  if (text !== '' && !Object.keys(headers).some(name => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json; charset=utf-8'
  }
  if (fault?.truncateAt !== undefined) text = text.slice(0, fault.truncateAt)
  let payload: Buffer = Buffer.from(text)
  if (/\bgzip\b/.test(acceptEncoding) && payload.length > 0) {
    payload = gzipSync(payload)
    headers['content-encoding'] = 'gzip'
  }
  if (fault?.resetAfterBytes !== undefined) {
    // Headers and a first part, then the connection drops, as a gateway reset looks.
    const part = fault.resetAfterBytes
    headers['content-length'] = String(payload.length)
    response.writeHead(reply.status, headers)
    const raw = headers['content-encoding'] ? gzipSync(Buffer.from(text)).subarray(0, Math.max(10, Math.floor(part / 4))) : payload.subarray(0, part)
    response.write(raw, () => setTimeout(() => response.socket?.destroy(), 20))
    return
  }
  headers['content-length'] = String(payload.length)
  response.writeHead(reply.status, headers)
  response.end(payload)
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    request.on('data', (chunk: Buffer) => parts.push(chunk))
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    request.on('error', reject)
  })
}
