import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { EMULATED_HOSTS } from '../emulator/certificates.js'

/** One tunnel the proxy opened. */
export interface Tunnel {
  /** `host:port` the client asked for. */
  target: string
  /** The local port of the proxy's connection to the emulator: the emulator logs it as the request's remote port. */
  upstreamPort: number
}

/**
 * An HTTPS proxy on loopback, as `https_proxy` names one: it answers CONNECT
 * for the hosts the emulator plays (the real clouds' and GitHub's names) and
 * tunnels every one of them to the emulator, never to the real host; anything
 * else is refused. It logs each tunnel.
 */
export interface ConnectProxy {
  url: string
  tunnels: Tunnel[]
  /** CONNECT targets refused. */
  refused: string[]
  close(): Promise<void>
}

export async function startConnectProxy(emulatorPort: number): Promise<ConnectProxy> {
  const sockets = new Set<Socket>()
  const proxy: ConnectProxy = {
    url: '',
    tunnels: [],
    refused: [],
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
  const server: Server = createServer((_, response) => {
    response.writeHead(405, { 'content-type': 'text/plain' }).end('This proxy only tunnels (CONNECT).\n')
  })
  server.on('connect', (request, client: Socket, head: Buffer) => {
    sockets.add(client)
    const target = request.url ?? ''
    const host = target.replace(/:\d+$/, '').toLowerCase()
    if (!EMULATED_HOSTS.includes(host)) {
      proxy.refused.push(target)
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const upstream = connect(emulatorPort, '127.0.0.1', () => {
      proxy.tunnels.push({ target, upstreamPort: upstream.localPort ?? 0 })
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    const close = () => {
      upstream.destroy()
      client.destroy()
    }
    upstream.on('error', close)
    client.on('error', close)
    upstream.on('close', () => sockets.delete(upstream))
    client.on('close', () => sockets.delete(client))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return proxy
}
