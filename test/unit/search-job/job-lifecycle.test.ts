import { describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/common/errors.js'
import type { QueryOutcome } from '../../../src/logs/exact-query.js'
import { isFinal, next, RE_READS, type JobEvent, type JobPhase } from '../../../src/search-job/job-lifecycle.js'
import type { JobStatus } from '../../../src/search-job/job-status.js'

const ok = (count: number): QueryOutcome => ({
  status: 'ok',
  result: { columns: [], count, written: count, preview: [], tables: 1 },
  count,
  truncated: false
})
const succeeded: JobStatus = { status: 'Succeeded', state: 'succeeded', records: 7 }
const creating: JobPhase = { name: 'creating' }
const polling: JobPhase = { name: 'polling', operationUrl: 'https://arm/op', retryAfterMs: undefined, polls: 2 }
const reading: JobPhase = { name: 'reading', status: succeeded, polls: 3, elapsedMs: 15_000, reReads: 0 }
const cleaning: JobPhase = { name: 'cleaning', cancelJob: true, then: { name: 'timed-out' } }
const error = new ActionError('broken')

describe('next', () => {
  it('creating → polling when the table is created, → refused (nothing to clean) when the service refuses', () => {
    expect(next(creating, { type: 'created', operationUrl: 'https://arm/op', retryAfterMs: 8000 })).toEqual({
      name: 'polling',
      operationUrl: 'https://arm/op',
      retryAfterMs: 8000,
      polls: 0
    })
    expect(next(creating, { type: 'refused', error })).toEqual({ name: 'refused', error })
  })

  it('polling → polling while the job runs or its status is unreadable, counting the polls and keeping the last Retry-After', () => {
    const runningStatus: JobStatus = { status: 'InProgress', state: 'running' }
    expect(next(polling, { type: 'polled', status: runningStatus, retryAfterMs: 9000, elapsedMs: 1 })).toEqual({
      ...polling,
      retryAfterMs: 9000,
      polls: 3
    })
    expect(next(polling, { type: 'polled', status: undefined, elapsedMs: 1 })).toEqual({
      ...polling,
      retryAfterMs: undefined,
      polls: 3
    })
  })

  it('polling → reading when the job succeeds', () => {
    expect(next(polling, { type: 'polled', status: succeeded, elapsedMs: 15_000 })).toEqual({
      name: 'reading',
      status: succeeded,
      polls: 3,
      elapsedMs: 15_000,
      reReads: 0
    })
  })

  it('polling → cleaning (the table only) → failed when the job fails or is cancelled by someone else', () => {
    const failed = next(polling, {
      type: 'polled',
      status: { status: 'Failed', state: 'failed', error: { message: 'no' } },
      elapsedMs: 1
    })
    expect(failed).toEqual({
      name: 'cleaning',
      cancelJob: false,
      then: { name: 'failed', error: new ActionError('The search job failed: no') }
    })
    const cancelled = next(polling, { type: 'polled', status: { status: 'Canceled', state: 'canceled' }, elapsedMs: 1 })
    expect(cancelled).toMatchObject({
      cancelJob: false,
      then: { error: new ActionError('The search job was cancelled by the service or by someone else.') }
    })
  })

  it('polling → cleaning (the job and the table) → timed-out at the deadline', () => {
    const timedOut = next(polling, { type: 'deadline' })
    expect(timedOut).toEqual(cleaning)
    expect(next(timedOut, { type: 'cleaned', deleted: true })).toEqual({ name: 'timed-out', deleted: true })
  })

  it(`reading → reading while the count disagrees with the job's, ${RE_READS} times at most; then → cleaning → done`, () => {
    let phase: JobPhase = reading
    for (let reRead = 1; reRead <= RE_READS; reRead++) {
      phase = next(phase, { type: 'read', outcome: ok(5) })
      expect(phase).toEqual({ ...reading, reReads: reRead })
    }
    const done = { name: 'done', status: succeeded, polls: 3, elapsedMs: 15_000, outcome: ok(5) }
    expect(next(phase, { type: 'read', outcome: ok(5) })).toEqual({ name: 'cleaning', cancelJob: false, then: done })
    expect(next(reading, { type: 'read', outcome: ok(7) })).toEqual({
      name: 'cleaning',
      cancelJob: false,
      then: { ...done, outcome: ok(7) }
    })
    expect(
      next({ name: 'cleaning', cancelJob: false, then: done } as JobPhase, { type: 'cleaned', deleted: false })
    ).toEqual({ ...done, deleted: false })
  })

  it('an error → cleaning → failed: the job is cancelled while it may still run', () => {
    expect(next(creating, { type: 'error', error })).toEqual({
      name: 'cleaning',
      cancelJob: true,
      then: { name: 'failed', error }
    })
    expect(next(polling, { type: 'error', error })).toEqual({
      name: 'cleaning',
      cancelJob: true,
      then: { name: 'failed', error }
    })
    expect(next(reading, { type: 'error', error })).toEqual({
      name: 'cleaning',
      cancelJob: false,
      then: { name: 'failed', error }
    })
    expect(next(cleaning, { type: 'error', error })).toEqual({ name: 'failed', error, deleted: false })
  })

  it('cancel → cancelled, with the clean-up to start, unless one is under way', () => {
    expect(next(creating, { type: 'cancel' })).toEqual({ name: 'cancelled', cleanup: { cancelJob: true } })
    expect(next(polling, { type: 'cancel' })).toEqual({ name: 'cancelled', cleanup: { cancelJob: true } })
    expect(next(reading, { type: 'cancel' })).toEqual({ name: 'cancelled', cleanup: { cancelJob: false } })
    expect(next(cleaning, { type: 'cancel' })).toEqual({ name: 'cancelled', cleanup: undefined })
  })

  it('a run that is over stays over, whatever comes', () => {
    const finals: JobPhase[] = [
      { name: 'done', status: succeeded, polls: 1, elapsedMs: 1, outcome: ok(7), deleted: true },
      { name: 'timed-out', deleted: true },
      { name: 'failed', error, deleted: true },
      { name: 'refused', error },
      { name: 'cancelled', cleanup: { cancelJob: true } }
    ]
    const events: JobEvent[] = [
      { type: 'cancel' },
      { type: 'error', error },
      { type: 'cleaned', deleted: false },
      { type: 'deadline' }
    ]
    for (const phase of finals) {
      expect(isFinal(phase)).toBe(true)
      for (const event of events) expect(next(phase, event)).toBe(phase)
    }
    for (const phase of [creating, polling, reading, cleaning]) expect(isFinal(phase)).toBe(false)
  })

  it('refuses an event its state does not expect', () => {
    expect(() => next(creating, { type: 'deadline' })).toThrow('Search job: no transition from creating on deadline.')
    expect(() => next(reading, { type: 'cleaned', deleted: true })).toThrow(
      'Search job: no transition from reading on cleaned.'
    )
  })
})
