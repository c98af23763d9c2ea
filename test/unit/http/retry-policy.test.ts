import { describe, expect, it } from 'vitest'
import {
  backoffMs,
  DEFAULT_BACKOFF,
  isRetryableStatus,
  RETRYABLE_NETWORK_CODES,
  retryAfterMs
} from '../../../src/http/retry-policy.js'

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504, 507, 599])('retries %d', status => {
    expect(isRetryableStatus(status)).toBe(true)
  })

  it.each([200, 204, 301, 400, 401, 403, 404, 409, 410, 413, 501, 505, 600])('does not retry %d', status => {
    expect(isRetryableStatus(status)).toBe(false)
  })
})

describe('RETRYABLE_NETWORK_CODES', () => {
  it('holds the connection failures the SDK retries', () => {
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN'])
      expect(RETRYABLE_NETWORK_CODES.has(code)).toBe(true)
    for (const code of ['ENOENT', 'EACCES', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT'])
      expect(RETRYABLE_NETWORK_CODES.has(code)).toBe(false)
  })
})

describe('retryAfterMs', () => {
  const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')

  it('reads Retry-After seconds', () => {
    expect(retryAfterMs({ 'retry-after': '5' }, now)).toBe(5000)
    expect(retryAfterMs({ 'retry-after': '0' }, now)).toBe(0)
    expect(retryAfterMs({ 'retry-after': ' 120 ' }, now)).toBe(120_000)
    expect(retryAfterMs({ 'retry-after': '1.5' }, now)).toBe(1500)
  })

  it('reads Retry-After as an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2026 07:28:30 GMT' }, now)).toBe(30_000)
    expect(retryAfterMs({ 'retry-after': 'Wednesday, 21-Oct-26 07:29:00 GMT' }, now)).toBe(60_000)
  })

  it('waits nothing for an HTTP date in the past', () => {
    expect(retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2026 07:27:00 GMT' }, now)).toBe(0)
  })

  it('reads retry-after-ms and x-ms-retry-after-ms', () => {
    expect(retryAfterMs({ 'retry-after-ms': '250' }, now)).toBe(250)
    expect(retryAfterMs({ 'x-ms-retry-after-ms': '1200' }, now)).toBe(1200)
    expect(retryAfterMs({ 'x-ms-retry-after-ms': '0' }, now)).toBe(0)
  })

  it('prefers retry-after-ms, then x-ms-retry-after-ms, then Retry-After', () => {
    expect(retryAfterMs({ 'retry-after': '9', 'x-ms-retry-after-ms': '800', 'retry-after-ms': '300' }, now)).toBe(300)
    expect(retryAfterMs({ 'retry-after': '9', 'x-ms-retry-after-ms': '800' }, now)).toBe(800)
  })

  it('skips a millisecond header that holds no number', () => {
    expect(retryAfterMs({ 'retry-after-ms': 'soon', 'retry-after': '2' }, now)).toBe(2000)
    expect(retryAfterMs({ 'retry-after-ms': '-5', 'x-ms-retry-after-ms': '40' }, now)).toBe(40)
  })

  it('takes the first of repeated headers', () => {
    expect(retryAfterMs({ 'retry-after': ['3', '9'] } as unknown as Parameters<typeof retryAfterMs>[0], now)).toBe(3000)
  })

  it.each([
    {},
    { 'retry-after': '' },
    { 'retry-after': '   ' },
    { 'retry-after': 'soon' },
    { 'retry-after': 'in 5 minutes' },
    { 'retry-after-ms': 'x' }
  ])('gives undefined for %j', headers => {
    expect(retryAfterMs(headers, now)).toBeUndefined()
  })

  it.each(['-1', '1,5', '1 2', '1.5.5'])('gives undefined for the garbage Retry-After %j', value => {
    expect(retryAfterMs({ 'retry-after': value }, now)).toBeUndefined()
  })
})

describe('backoffMs', () => {
  it('doubles from 1 s with no jitter in the middle', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retry => backoffMs(retry, 0.5))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 64000
    ])
  })

  it('is capped at 64 s before jitter', () => {
    expect(backoffMs(8, 0.5)).toBe(64000)
    expect(backoffMs(30, 0.5)).toBe(64000)
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 1000, maxMs: 64000 })
  })

  it('jitters by ±20 %', () => {
    expect(backoffMs(1, 0)).toBe(800)
    expect(backoffMs(1, 1)).toBe(1200)
    expect(backoffMs(3, 0)).toBe(3200)
    expect(backoffMs(3, 0.999999)).toBe(4800)
    for (let retry = 1; retry <= 12; retry++) {
      const middle = Math.min(64000, 1000 * 2 ** (retry - 1))
      for (const random of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999]) {
        const wait = backoffMs(retry, random)
        expect(wait).toBeGreaterThanOrEqual(Math.floor(middle * 0.8))
        expect(wait).toBeLessThanOrEqual(Math.ceil(middle * 1.2))
      }
    }
  })

  it('grows with each retry for the same jitter, until the cap', () => {
    let previous = 0
    for (let retry = 1; retry <= 7; retry++) {
      const wait = backoffMs(retry, 0.3)
      expect(wait).toBeGreaterThan(previous)
      previous = wait
    }
    expect(backoffMs(8, 0.3)).toBe(64000)
    expect(backoffMs(9, 1)).toBe(64000)
  })

  it('uses Math.random when no jitter is given, staying in bounds', () => {
    for (let i = 0; i < 200; i++) {
      const wait = backoffMs(2)
      expect(wait).toBeGreaterThanOrEqual(1600)
      expect(wait).toBeLessThanOrEqual(2400)
    }
  })

  it('honours other options', () => {
    expect(backoffMs(1, 0.5, { baseMs: 10, maxMs: 50 })).toBe(10)
    expect(backoffMs(4, 0.5, { baseMs: 10, maxMs: 50 })).toBe(50)
    expect(backoffMs(4, 1, { baseMs: 10, maxMs: 50 })).toBe(50) // the cap holds after jitter too
  })
})
