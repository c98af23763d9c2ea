import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readText, send } from '../../../src/http/send.js'
import { TransientError } from '../../../src/http/retry.js'

/**
 * A server that never goes silent and never finishes: one byte every 50 ms,
 * of the status line and headers (`/headers`) or of the body.
 */
let server: Server
let url: string
beforeAll(async () => {
  server = createServer(socket => {
    socket.once('data', request => {
      const slowHeaders = request.toString('latin1').startsWith('GET /headers')
      const text = slowHeaders
        ? 'HTTP/1.1 200 OK\r\nx-slow: ' + 'a'.repeat(10_000)
        : 'HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n' + 'b'.repeat(100_000)
      let sent = slowHeaders ? 0 : text.indexOf('\r\n\r\n') + 5
      if (!slowHeaders) socket.write(text.slice(0, sent))
      const timer = setInterval(() => socket.write(text.charAt(sent++)), 50)
      socket.on('close', () => clearInterval(timer))
      socket.on('error', () => clearInterval(timer))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

describe('send: the deadline of an attempt', () => {
  it('cuts off a body that trickles in, though the connection is never idle', async () => {
    const started = Date.now()
    const response = await send({ method: 'GET', url: `${url}/body`, idleTimeoutMs: 5_000, deadlineMs: 600 })
    const error = await readText(response).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransientError)
    expect((error as Error).message).toMatch(/^the answer from 127\.0\.0\.1:\d+ took longer than 1 s$/)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('cuts off headers that trickle in', async () => {
    const started = Date.now()
    const error = await send({
      method: 'GET',
      url: `${url}/headers`,
      idleTimeoutMs: 5_000,
      deadlineMs: 600,
      silenceHint: 'raise timeout'
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransientError)
    expect((error as Error).message).toMatch(/took longer than 1 s: raise timeout$/)
    expect(Date.now() - started).toBeLessThan(3_000)
  })
})
