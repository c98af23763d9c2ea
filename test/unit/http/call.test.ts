import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/common/errors.js'
import { call, callForText, type CallOptions } from '../../../src/http/call.js'
import { TransientError, type RetryLog } from '../../../src/http/retry.js'
import { readText } from '../../../src/http/send.js'

/** A loopback server answering each request with the next scripted answer (the last one again when they run out). */
let server: Server
let url: string
let script: { status: number; body: string; headers?: Record<string, string> }[] = []
let seen: { authorization: string | undefined }[] = []
beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ authorization: request.headers.authorization })
    const answer = script[Math.min(seen.length - 1, script.length - 1)]
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
    response.end(answer.body)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/thing`
})
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

function options(lines: string[], maxRetries = 3): CallOptions {
  const log: RetryLog = {
    retrying: (what, attempt, reason, waitMs) => lines.push(`${what} ${attempt}: ${reason} (${waitMs} ms)`)
  }
  return {
    what: 'thing',
    retry: { maxRetries, maxRetryTimeMs: 10_000 },
    log,
    counter: { attempts: 0 },
    describe: (status, text) => `HTTP ${status}: ${text}`
  }
}

function start(answers: typeof script): void {
  script = answers
  seen = []
}

describe('call', () => {
  it('retries throttling and gateway trouble, as Retry-After asks, with a fresh request each time', async () => {
    start([
      { status: 429, body: 'slow down', headers: { 'retry-after-ms': '10' } },
      { status: 503, body: 'busy', headers: { 'retry-after-ms': '20' } },
      { status: 200, body: '{"ok":true}' }
    ])
    const lines: string[] = []
    let token = 0
    const how = options(lines)
    const answer = await callForText(
      () => ({ method: 'GET', url, headers: { authorization: `Bearer t${++token}` }, idleTimeoutMs: 5000 }),
      how
    )
    expect(answer).toMatchObject({ status: 200, text: '{"ok":true}' })
    expect(seen.map(request => request.authorization)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t3'])
    expect(lines).toEqual(['thing 1: HTTP 429: slow down (10 ms)', 'thing 2: HTTP 503: busy (20 ms)'])
    expect(how.counter?.attempts).toBe(3)
  })

  it('hands any other answer to read, unretried', async () => {
    start([{ status: 404, body: 'no such thing' }])
    const lines: string[] = []
    const answer = await callForText(() => ({ method: 'GET', url, idleTimeoutMs: 5000 }), options(lines))
    expect(answer).toMatchObject({ status: 404, text: 'no such thing' })
    expect(lines).toEqual([])
  })

  it('gives up after max-retries with the last answer described', async () => {
    start([{ status: 500, body: 'broken', headers: { 'retry-after-ms': '1' } }])
    const error = await callForText(() => ({ method: 'GET', url, idleTimeoutMs: 5000 }), options([], 1)).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toMatch(/^HTTP 500: broken \(gave up after 2 attempts in .*; max-retries is 1\)$/)
    expect(seen).toHaveLength(2)
  })

  it('retries when read says the answer was cut off', async () => {
    start([
      { status: 200, body: 'half' },
      { status: 200, body: 'whole' }
    ])
    const read = await call(
      () => ({ method: 'GET', url, idleTimeoutMs: 5000 }),
      { ...options([]), retry: { maxRetries: 1, maxRetryTimeMs: 10_000 } },
      async response => {
        const text = await readText(response)
        if (text === 'half') throw new TransientError('cut off', 1)
        return text
      }
    )
    expect(read).toBe('whole')
  })
})
