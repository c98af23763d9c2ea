import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PolledStatus } from '../../../src/search-job/job-client.js'
import { pollJob, type PollTiming } from '../../../src/search-job/poll-job.js'

const START = Date.parse('2026-11-25T20:00:00Z')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(START)
})

afterEach(() => {
  vi.useRealTimers()
})

/** A client answering the given polls in turn (the last one again when they run out), and the waits before each. */
function scripted(answers: PolledStatus[], timing: Partial<Pick<PollTiming, 'deadline'>> = {}) {
  const waits: number[] = []
  const lines: string[] = []
  let asked = 0
  const client = { status: async () => answers[Math.min(asked++, answers.length - 1)] }
  const options: PollTiming = {
    started: START,
    deadline: START + 60_000,
    pollIntervalMs: 5000,
    sleep: async ms => {
      waits.push(ms)
      vi.setSystemTime(Date.now() + ms)
    },
    info: line => lines.push(line),
    unlessCancelled: work => work,
    ...timing
  }
  return { client, options, waits, lines }
}

const running = (status = 'InProgress', extra: Partial<PolledStatus> = {}): PolledStatus => ({ status: { status, state: 'running', progress: 50 }, ...extra })
const done: PolledStatus = { status: { status: 'Succeeded', state: 'succeeded', progress: 100, records: 7, scannedGb: 0.25 } }

describe('pollJob', () => {
  it('polls every poll-interval until the job ends, logging each answer', async () => {
    const { client, options, waits, lines } = scripted([running('Updating'), running(), done])
    const outcome = await pollJob(client, { operationUrl: 'https://arm/op' }, options)
    expect(outcome).toEqual({ status: done.status, polls: 3 })
    expect(waits).toEqual([5000, 5000, 5000])
    expect(lines).toEqual([
      'Search job Updating: 50 % (after 5.0 s)',
      'Search job InProgress: 50 % (after 10 s)',
      'Search job Succeeded: 100 %, 7 records, 0.25 GB scanned (after 15 s)'
    ])
  })

  it('waits as long as Retry-After asks when that is longer, before the first poll too', async () => {
    const { client, options, waits } = scripted([running('InProgress', { retryAfterMs: 12_000 }), running('InProgress', { retryAfterMs: 1000 }), done])
    await pollJob(client, { operationUrl: 'https://arm/op', retryAfterMs: 8000 }, options)
    expect(waits).toEqual([8000, 12_000, 5000])
  })

  it('stops at the deadline, never sleeping past it', async () => {
    const { client, options, waits } = scripted([running()], { deadline: START + 12_000 })
    const outcome = await pollJob(client, { operationUrl: 'https://arm/op' }, options)
    expect(outcome).toEqual({ timedOut: true, polls: 3 })
    expect(waits).toEqual([5000, 5000, 2000])
  })

  it('asks again after an answer it cannot read', async () => {
    const { client, options, lines } = scripted([{ status: undefined }, { status: { status: 'Failed', state: 'failed', error: { message: 'no' } } }])
    const outcome = await pollJob(client, { operationUrl: 'https://arm/op' }, options)
    expect(outcome).toMatchObject({ polls: 2, status: { state: 'failed' } })
    expect(lines[0]).toBe("The search job's status could not be read (after 5.0 s); asking again.")
  })
})
