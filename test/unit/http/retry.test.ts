import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ActionError } from '../../../src/common/errors.js'
import { TransientError, withRetries, type RetryLog } from '../../../src/http/retry.js'

interface Harness {
  waits: number[]
  logged: [string, number, string, number][]
  log: RetryLog
  /** Sleeps by moving the (fake) clock forward. */
  sleep: (ms: number) => Promise<void>
}

function harness(): Harness {
  const waits: number[] = []
  const logged: [string, number, string, number][] = []
  return {
    waits,
    logged,
    log: { retrying: (what, attempt, reason, waitMs) => logged.push([what, attempt, reason, waitMs]) },
    sleep: async ms => {
      waits.push(ms)
      vi.setSystemTime(Date.now() + ms)
    }
  }
}

/** An operation that fails with the given errors, one per attempt, then answers `done`. */
function failing(errors: Error[]): { operation: (attempt: number) => Promise<string>; attempts: number[] } {
  const attempts: number[] = []
  return {
    attempts,
    operation: async attempt => {
      attempts.push(attempt)
      const error = errors[attempts.length - 1]
      if (error) throw error
      return 'done'
    }
  }
}

const SETTINGS = { maxRetries: 4, maxRetryTimeMs: 300_000 }

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-11-01T00:00:00Z'))
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('the promise did not reject')
}

describe('withRetries', () => {
  it('returns the first success without waiting', async () => {
    const h = harness()
    const { operation, attempts } = failing([])
    const counter = { attempts: 0 }
    await expect(withRetries('query', operation, SETTINGS, h.log, counter, h.sleep)).resolves.toBe('done')
    expect(attempts).toEqual([1])
    expect(h.waits).toEqual([])
    expect(counter.attempts).toBe(1)
  })

  it('retries transient errors with exponential back-off, numbering the attempts', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const h = harness()
    const { operation, attempts } = failing([
      new TransientError('HTTP 503'),
      new TransientError('HTTP 502'),
      new TransientError('ECONNRESET')
    ])
    const counter = { attempts: 0 }
    await expect(withRetries('query', operation, SETTINGS, h.log, counter, h.sleep)).resolves.toBe('done')
    expect(attempts).toEqual([1, 2, 3, 4])
    expect(h.waits).toEqual([1000, 2000, 4000])
    expect(counter.attempts).toBe(4)
    expect(h.logged).toEqual([
      ['query', 1, 'HTTP 503', 1000],
      ['query', 2, 'HTTP 502', 2000],
      ['query', 3, 'ECONNRESET', 4000]
    ])
  })

  it('waits what the server asked for', async () => {
    const h = harness()
    const { operation } = failing([
      new TransientError('HTTP 429', 7000),
      new TransientError('HTTP 429', 0),
      new TransientError('HTTP 503', 123)
    ])
    await withRetries('query', operation, SETTINGS, h.log, undefined, h.sleep)
    expect(h.waits).toEqual([7000, 0, 123])
  })

  it('does not retry other errors', async () => {
    const h = harness()
    const failure = new ActionError('bad query')
    const { operation, attempts } = failing([failure])
    const counter = { attempts: 0 }
    expect(await rejection(withRetries('query', operation, SETTINGS, h.log, counter, h.sleep))).toBe(failure)
    expect(attempts).toEqual([1])
    expect(h.waits).toEqual([])
    expect(counter.attempts).toBe(1)

    const plain = new TypeError('a bug')
    expect(await rejection(withRetries('query', failing([plain]).operation, SETTINGS, h.log, undefined, h.sleep))).toBe(
      plain
    )
  })

  it('stops a non-transient error that follows transient ones', async () => {
    const h = harness()
    const failure = new Error('HTTP 400')
    const { operation, attempts } = failing([new TransientError('HTTP 503', 10), failure])
    expect(await rejection(withRetries('query', operation, SETTINGS, h.log, undefined, h.sleep))).toBe(failure)
    expect(attempts).toEqual([1, 2])
  })

  it('gives up after max-retries with an ActionError naming the attempts', async () => {
    const h = harness()
    const { operation, attempts } = failing(
      Array.from({ length: 10 }, () => new TransientError('HTTP 503 Service Unavailable', 1000))
    )
    const counter = { attempts: 0 }
    const error = await rejection(
      withRetries('query', operation, { maxRetries: 2, maxRetryTimeMs: 300_000 }, h.log, counter, h.sleep)
    )
    expect(error).toBeInstanceOf(ActionError)
    expect(error).not.toBeInstanceOf(TransientError)
    expect(error.message).toContain('HTTP 503 Service Unavailable')
    expect(error.message).toContain('gave up after 3 attempts')
    expect(error.message).toContain('max-retries is 2')
    expect(error.message).toContain('in 2.0 s')
    expect(attempts).toEqual([1, 2, 3])
    expect(h.waits).toEqual([1000, 1000])
    expect(counter.attempts).toBe(3)
  })

  it('makes one attempt when max-retries is 0', async () => {
    const h = harness()
    const { operation, attempts } = failing([new TransientError('HTTP 504', 10)])
    const error = await rejection(
      withRetries('query', operation, { maxRetries: 0, maxRetryTimeMs: 300_000 }, h.log, undefined, h.sleep)
    )
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain('gave up after 1 attempt ')
    expect(attempts).toEqual([1])
    expect(h.waits).toEqual([])
  })

  it('gives up when the next wait would pass max-retry-time', async () => {
    const h = harness()
    const { operation, attempts } = failing(Array.from({ length: 10 }, () => new TransientError('HTTP 429', 4000)))
    const error = await rejection(
      withRetries('query', operation, { maxRetries: 10, maxRetryTimeMs: 10_000 }, h.log, undefined, h.sleep)
    )
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain('HTTP 429')
    expect(error.message).toContain('gave up after 3 attempts in 8.0 s')
    expect(error.message).toContain('waiting 4.0 s more would pass max-retry-time, 10 s')
    expect(attempts).toEqual([1, 2, 3])
    expect(h.waits).toEqual([4000, 4000])
  })

  it('does not start a wait the server asked for that is beyond max-retry-time', async () => {
    const h = harness()
    const { operation, attempts } = failing([new TransientError('HTTP 429', 120_000)])
    const error = await rejection(
      withRetries('query', operation, { maxRetries: 4, maxRetryTimeMs: 60_000 }, h.log, undefined, h.sleep)
    )
    expect(error.message).toContain('max-retry-time')
    expect(attempts).toEqual([1])
    expect(h.waits).toEqual([])
    expect(h.logged).toEqual([])
  })

  it('counts the time the operation itself takes against max-retry-time', async () => {
    const h = harness()
    const attempts: number[] = []
    const slow = async (attempt: number): Promise<string> => {
      attempts.push(attempt)
      vi.setSystemTime(Date.now() + 5000)
      throw new TransientError('timed out', 1000)
    }
    const error = await rejection(
      withRetries('query', slow, { maxRetries: 10, maxRetryTimeMs: 11_500 }, h.log, undefined, h.sleep)
    )
    // 5 s + 1 s wait + 5 s = 11 s; another 1 s wait would pass 11.5 s.
    expect(error.message).toContain('max-retry-time')
    expect(attempts).toEqual([1, 2])
    expect(h.waits).toEqual([1000])
  })

  it('adds to a shared attempt counter', async () => {
    const h = harness()
    const counter = { attempts: 0 }
    await withRetries('token', failing([new TransientError('a', 1)]).operation, SETTINGS, h.log, counter, h.sleep)
    await withRetries(
      'query',
      failing([new TransientError('b', 1), new TransientError('c', 1)]).operation,
      SETTINGS,
      h.log,
      counter,
      h.sleep
    )
    expect(counter.attempts).toBe(5)
  })
})
