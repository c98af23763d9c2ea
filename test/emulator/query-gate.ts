/**
 * The Logs API's throttling per identity (contract §3): at most 5 queries of
 * one caller run at once and the others queue, first come first served; a
 * query that waits longer than the queue limit (3 minutes), finds 200 already
 * waiting, or comes after 200 requests in 30 seconds gets 429 with
 * `Retry-After`. A query "runs" from its admission until its answer has gone
 * out (or its connection closed), so a slow client holds its slot as on the
 * real service. Counters are kept for tests to assert on.
 */

export interface QueryLimits {
  /** Queries of one identity that run at once (5). */
  maxConcurrentQueries: number
  /** Queries of one identity that may wait (200); one more is refused at once. */
  maxQueuedQueries: number
  /** How long a query may wait for a slot (180,000 ms) before it is refused. */
  queueWaitLimitMs: number
  /** Requests of one identity per window (200 per 30,000 ms). */
  rateLimit: { requests: number; windowMs: number }
}

export const SERVICE_LIMITS: QueryLimits = {
  maxConcurrentQueries: 5,
  maxQueuedQueries: 200,
  queueWaitLimitMs: 180_000,
  rateLimit: { requests: 200, windowMs: 30_000 }
}

export interface QueryStats {
  /** Queries running now, over all identities. */
  running: number
  /** The most queries seen running at once (over all identities). */
  maxRunning: number
  /** Queries waiting now, and the most seen waiting at once. */
  queued: number
  maxQueued: number
  /** 429s sent because of the queue (full, or waited too long) and because of the rate limit. */
  throttledByQueue: number
  throttledByRate: number
}

export type Admission =
  | { admitted: true; queuedMs: number; release: () => void }
  | { admitted: false; reason: 'queue' | 'rate'; retryAfterSeconds: number; message: string }
  | { admitted: false; reason: 'gone' }

interface Waiter {
  admit: () => void
}

interface Caller {
  running: number
  queue: Waiter[]
  /** Arrival times of the requests inside the rate window. */
  recent: number[]
}

export class QueryGate {
  readonly stats: QueryStats = {
    running: 0,
    maxRunning: 0,
    queued: 0,
    maxQueued: 0,
    throttledByQueue: 0,
    throttledByRate: 0
  }
  private readonly callers = new Map<string, Caller>()

  /** Waits for a slot for `identity`'s query; `signal` fires when its client goes away. */
  admit(identity: string, limits: QueryLimits, signal: AbortSignal): Promise<Admission> {
    const caller = this.caller(identity)
    const now = Date.now()
    const { requests, windowMs } = limits.rateLimit
    while (caller.recent.length > 0 && caller.recent[0] <= now - windowMs) caller.recent.shift()
    if (caller.recent.length >= requests) {
      this.stats.throttledByRate++
      return Promise.resolve({
        admitted: false,
        reason: 'rate',
        retryAfterSeconds: Math.max(1, Math.ceil((caller.recent[0] + windowMs - now) / 1000)),
        message: `Rate limit of ${requests} requests per ${windowMs / 1000} seconds is exceeded.`
      })
    }
    caller.recent.push(now)
    if (caller.running < limits.maxConcurrentQueries && caller.queue.length === 0) {
      return Promise.resolve(this.start(caller, 0))
    }
    if (caller.queue.length >= limits.maxQueuedQueries) {
      this.stats.throttledByQueue++
      return Promise.resolve(this.refuse(limits, `${caller.queue.length} queries are already waiting`))
    }
    return new Promise(resolve => {
      const leave = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', gone)
        caller.queue.splice(caller.queue.indexOf(waiter), 1)
        this.stats.queued--
      }
      const waiter: Waiter = {
        admit: () => {
          leave()
          resolve(this.start(caller, Date.now() - now))
        }
      }
      const timer = setTimeout(() => {
        leave()
        this.stats.throttledByQueue++
        resolve(this.refuse(limits, `the query waited ${limits.queueWaitLimitMs / 1000} s for one of its slots`))
      }, limits.queueWaitLimitMs)
      const gone = () => {
        leave()
        resolve({ admitted: false, reason: 'gone' })
      }
      signal.addEventListener('abort', gone, { once: true })
      caller.queue.push(waiter)
      this.stats.queued++
      this.stats.maxQueued = Math.max(this.stats.maxQueued, this.stats.queued)
    })
  }

  private caller(identity: string): Caller {
    let caller = this.callers.get(identity)
    if (!caller) this.callers.set(identity, (caller = { running: 0, queue: [], recent: [] }))
    return caller
  }

  private start(caller: Caller, queuedMs: number): Admission {
    caller.running++
    this.stats.running++
    this.stats.maxRunning = Math.max(this.stats.maxRunning, this.stats.running)
    let released = false
    return {
      admitted: true,
      queuedMs,
      release: () => {
        if (released) return
        released = true
        caller.running--
        this.stats.running--
        caller.queue[0]?.admit()
      }
    }
  }

  private refuse(limits: QueryLimits, why: string): Admission {
    return {
      admitted: false,
      reason: 'queue',
      retryAfterSeconds: Math.max(1, Math.ceil(limits.queueWaitLimitMs / 60_000)),
      message: `Too many concurrent queries: at most ${limits.maxConcurrentQueries} of a caller run at once and ${why}.`
    }
  }
}
