import { describe, expect, it } from 'vitest'
import type { Cleanup } from '../../../src/common/cancellation.js'
import { ActionError } from '../../../src/common/errors.js'
import type { QueryOutcome } from '../../../src/logs/exact-query.js'
import type { SearchJobSettings } from '../../../src/settings.js'
import { JobRefusedError, type PolledStatus, type StartedJob } from '../../../src/search-job/job-client.js'
import { SearchJobRun, type SearchJobIo } from '../../../src/search-job/run-search-job.js'

const START = Date.parse('2026-11-25T20:00:00Z')

const JOB: SearchJobSettings = {
  workspace: { subscriptionId: 'sub-1', resourceGroup: 'rg-shop', name: 'shop-logs' },
  sourceTable: 'AppEvents',
  table: 'Orders_1_SRCH',
  startTime: '2026-11-01T00:00:00Z',
  endTime: '2026-11-25T00:00:00Z',
  limit: 1000,
  keepTable: false,
  pollIntervalMs: 5000,
  timeoutMs: 60_000,
  description: 'test'
}

const DELETE_COMMAND =
  'az monitor log-analytics workspace table delete --subscription sub-1 --resource-group rg-shop --workspace-name shop-logs --name Orders_1_SRCH --yes'

const running = (extra: Partial<PolledStatus> = {}, status = 'InProgress'): PolledStatus => ({
  status: { status, state: 'running', progress: 50 },
  ...extra
})
const succeeded = (records = 7): PolledStatus => ({
  status: { status: 'Succeeded', state: 'succeeded', progress: 100, records, scannedGb: 0.25 }
})
const ok = (count: number): QueryOutcome => ({
  status: 'ok',
  result: { columns: [], count, written: count, preview: [], tables: 1 },
  count,
  truncated: false
})

/** What a step does: answers, or throws, or (a function) anything else. */
type Step<T> = T | Error | (() => Promise<T>)

function answer<T>(step: Step<T>): Promise<T> {
  if (typeof step === 'function') return (step as () => Promise<T>)()
  return step instanceof Error ? Promise.reject(step) : Promise.resolve(step)
}

interface Script {
  job?: Partial<SearchJobSettings>
  start?: Step<StartedJob>
  /** The polls' answers in turn; the last one again when they run out. */
  polls?: Step<PolledStatus>[]
  /** The reads' answers in turn; the last one again when they run out. */
  reads?: Step<QueryOutcome>[]
  cancel?: Step<void>
  deleteTable?: Step<void>
  /** Called on each sleep, before time moves on. */
  onSleep?: (ms: number) => void
}

/**
 * A run with a fake clock (a sleep moves time on at once), a fake client and
 * reader, and a fake cancellation: `calls` is its story, requests and waits in
 * order; `lines` its log, `warnings` its warnings.
 */
function scripted(script: Script = {}) {
  const job = { ...JOB, ...script.job }
  const calls: string[] = []
  const lines: string[] = []
  const warnings: { text: string; title?: string }[] = []
  const cancellations = new Set<Cleanup>()
  let now = START
  let polls = 0
  let reads = 0
  const polled = script.polls ?? [running(), succeeded()]
  const read = script.reads ?? [ok(7)]
  const io: SearchJobIo = {
    client: {
      start: async query => {
        calls.push(`start ${query}`)
        return answer(script.start ?? { operationUrl: 'https://management.azure.com/operation/1' })
      },
      status: async url => {
        calls.push(`status ${url}`)
        return answer(polled[Math.min(polls++, polled.length - 1)])
      },
      cancel: async () => {
        calls.push('cancel')
        return answer(script.cancel ?? undefined)
      },
      deleteTable: async () => {
        calls.push('delete')
        return answer(script.deleteTable ?? undefined)
      }
    },
    read: async () => {
      calls.push('read')
      return answer(read[Math.min(reads++, read.length - 1)])
    },
    clock: {
      now: () => now,
      sleep: async ms => {
        calls.push(`sleep ${ms}`)
        script.onSleep?.(ms)
        now += ms
      }
    },
    log: line => lines.push(line),
    warning: (text, annotation) => warnings.push({ text, title: annotation.title }),
    onCancel: cleanup => {
      cancellations.add(cleanup)
      return () => cancellations.delete(cleanup)
    }
  }
  const run = new SearchJobRun(job, io)
  /** Cancels the run as a signal would: every registered clean-up, awaited. */
  const cancelRun = () => Promise.all([...cancellations].map(async cleanup => cleanup()))
  return { run, calls, lines, warnings, cancellations, cancelRun }
}

/** Whether `promise` has settled once everything pending has run. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  void promise.then(
    () => (settled = true),
    () => (settled = true)
  )
  for (let i = 0; i < 50; i++) await new Promise(resolve => setImmediate(resolve))
  return settled
}

/** Resolves when `calls` holds `call`, and lets the run be held there: the step answers only on `release`. */
function holdAt() {
  let release!: () => void
  let reached!: () => void
  const released = new Promise<void>(resolve => (release = resolve))
  const reachedAt = new Promise<void>(resolve => (reached = resolve))
  return {
    step: async <T>(value: T): Promise<T> => {
      reached()
      await released
      return value
    },
    reachedAt,
    release: () => release()
  }
}

describe('SearchJobRun', () => {
  it('creates the table, polls until the job succeeds, reads the table and deletes it', async () => {
    const { run, calls, lines, warnings, cancellations } = scripted({
      polls: [running({}, 'Updating'), running(), succeeded(7)]
    })
    const outcome = await run.run('AppEvents | where Level == "Error"')
    expect(calls).toEqual([
      'start AppEvents | where Level == "Error"',
      'sleep 5000',
      'status https://management.azure.com/operation/1',
      'sleep 5000',
      'status https://management.azure.com/operation/1',
      'sleep 5000',
      'status https://management.azure.com/operation/1',
      'read',
      'delete'
    ])
    expect(lines).toEqual([
      'Creating table Orders_1_SRCH for the records of AppEvents the query finds (at most 1,000): this starts the search job.',
      'The search job started; asking how it is doing every 5.0 s, for at most 1 min (job-timeout).',
      'Search job Updating: 50 % (after 5.0 s)',
      'Search job InProgress: 50 % (after 10 s)',
      'Search job Succeeded: 100 %, 7 records, 0.25 GB scanned (after 15 s)',
      'The search job succeeded in 15 s after 3 polls; reading table Orders_1_SRCH.',
      'The search job scanned 0.25 GB (search jobs are billed by the data they scan).',
      'Deleted table Orders_1_SRCH.'
    ])
    expect(outcome).toEqual({
      ...ok(7),
      searchJob: {
        table: 'Orders_1_SRCH',
        startTime: JOB.startTime,
        endTime: JOB.endTime,
        scannedGb: 0.25,
        records: 7,
        polls: 3,
        elapsedMs: 15_000,
        kept: false,
        deleted: true
      }
    })
    expect(run.phase.name).toBe('done')
    expect(warnings).toEqual([])
    expect(cancellations.size).toBe(0)
  })

  it('keeps the table with keep-search-table, and says it is billed', async () => {
    const { run, calls, lines } = scripted({ job: { keepTable: true } })
    const outcome = await run.run('AppEvents')
    expect(calls).not.toContain('delete')
    expect(calls).not.toContain('cancel')
    expect(lines.at(-1)).toBe(
      'Kept table Orders_1_SRCH (keep-search-table): it is billed as an Analytics table until you delete it.'
    )
    expect(lines).not.toContain('Deleted table Orders_1_SRCH.')
    expect(outcome.searchJob).toMatchObject({ kept: true, deleted: false })
  })

  it('cleans up nothing when the service refuses to create the table', async () => {
    const refused = new JobRefusedError('Azure Resource Manager refused creating the table (HTTP 403).')
    const { run, calls, warnings, cancellations } = scripted({ start: refused })
    await expect(run.run('AppEvents')).rejects.toBe(refused)
    expect(calls).toEqual(['start AppEvents'])
    expect(run.phase.name).toBe('refused')
    expect(warnings).toEqual([])
    expect(cancellations.size).toBe(0)
  })

  it('cancels the job and deletes the table when creating it fails otherwise', async () => {
    const error = new ActionError(
      'The service accepted the search job (HTTP 202) but gave no Azure-AsyncOperation header to follow it by.'
    )
    const { run, calls } = scripted({ start: error })
    await expect(run.run('AppEvents')).rejects.toBe(error)
    expect(calls).toEqual(['start AppEvents', 'cancel', 'delete'])
    expect(run.phase.name).toBe('failed')
  })

  it("ends with the service's error when the job fails, and deletes the table without cancelling it", async () => {
    const { run, calls, lines } = scripted({
      polls: [
        { status: { status: 'Failed', state: 'failed', error: { code: 'BadQuery', message: 'The query is wrong.' } } }
      ]
    })
    await expect(run.run('AppEvents')).rejects.toThrow(
      new ActionError('The search job failed: The query is wrong. [BadQuery]')
    )
    expect(calls.slice(-2)).toEqual(['status https://management.azure.com/operation/1', 'delete'])
    expect(lines.at(-1)).toBe('Deleted table Orders_1_SRCH.')
    expect(run.phase).toMatchObject({ name: 'failed', deleted: true })
  })

  it('ends when the service or someone else cancels the job', async () => {
    const { run, calls } = scripted({ polls: [running(), { status: { status: 'Canceled', state: 'canceled' } }] })
    await expect(run.run('AppEvents')).rejects.toThrow(
      new ActionError('The search job was cancelled by the service or by someone else.')
    )
    expect(calls.filter(call => call === 'cancel' || call === 'delete')).toEqual(['delete'])
  })

  it('cancels the job and deletes the table when a poll fails', async () => {
    const error = new ActionError("Azure Resource Manager answered HTTP 500 asking for the search job's status.")
    const { run, calls } = scripted({ polls: [running(), error] })
    await expect(run.run('AppEvents')).rejects.toBe(error)
    expect(calls.slice(-3)).toEqual(['status https://management.azure.com/operation/1', 'cancel', 'delete'])
  })

  it('deletes the table (the job is over) when reading it fails', async () => {
    const error = new ActionError('The query failed.')
    const { run, calls } = scripted({ reads: [error] })
    await expect(run.run('AppEvents')).rejects.toBe(error)
    expect(calls.slice(-2)).toEqual(['read', 'delete'])
  })

  describe('job-timeout', () => {
    it('stops polling at job-timeout, never sleeping past it, then cancels the job and deletes the table', async () => {
      const { run, calls, lines } = scripted({ job: { timeoutMs: 12_000 }, polls: [running()] })
      await expect(run.run('AppEvents')).rejects.toThrow(
        new ActionError(
          'The search job did not finish within job-timeout (12 s): it was cancelled and table Orders_1_SRCH was deleted. Raise job-timeout (at most 24 h), or search a shorter range.'
        )
      )
      expect(calls.slice(1)).toEqual([
        'sleep 5000',
        'status https://management.azure.com/operation/1',
        'sleep 5000',
        'status https://management.azure.com/operation/1',
        'sleep 2000',
        'status https://management.azure.com/operation/1',
        'cancel',
        'delete'
      ])
      expect(lines.at(-1)).toBe('Deleted table Orders_1_SRCH.')
      expect(run.phase).toMatchObject({ name: 'timed-out', deleted: true })
    })

    it('says the table is kept with keep-search-table', async () => {
      const { run, calls } = scripted({ job: { timeoutMs: 5000, keepTable: true }, polls: [running()] })
      await expect(run.run('AppEvents')).rejects.toThrow(/it was cancelled and table Orders_1_SRCH is kept\. /)
      expect(calls.slice(-2)).toEqual(['status https://management.azure.com/operation/1', 'cancel'])
    })

    it('says the table could not be deleted, and warns with the command that deletes it', async () => {
      const { run, warnings } = scripted({
        job: { timeoutMs: 5000 },
        polls: [running()],
        deleteTable: new ActionError('Azure Resource Manager answered HTTP 403.')
      })
      await expect(run.run('AppEvents')).rejects.toThrow(
        /it was cancelled and table Orders_1_SRCH could not be deleted\. /
      )
      expect(warnings).toEqual([
        {
          text: `Could not delete table Orders_1_SRCH: Azure Resource Manager answered HTTP 403. Delete the table yourself so that it is not billed: ${DELETE_COMMAND}`,
          title: 'Search job clean-up'
        }
      ])
    })
  })

  it('waits as long as Retry-After asks when that is longer than poll-interval, before the first poll too', async () => {
    const { run, calls } = scripted({
      start: { operationUrl: 'https://management.azure.com/operation/1', retryAfterMs: 8000 },
      polls: [running({ retryAfterMs: 12_000 }), running({ retryAfterMs: 1000 }), succeeded()]
    })
    await run.run('AppEvents')
    expect(calls.filter(call => call.startsWith('sleep'))).toEqual(['sleep 8000', 'sleep 12000', 'sleep 5000'])
  })

  it('asks again after a status answer it cannot read', async () => {
    const { run, lines } = scripted({ polls: [{ status: undefined }, succeeded()] })
    const outcome = await run.run('AppEvents')
    expect(lines).toContain("The search job's status could not be read (after 5.0 s); asking again.")
    expect(outcome.searchJob.polls).toBe(2)
  })

  it('warns with the command that deletes the table when the delete fails, and still answers', async () => {
    const { run, lines, warnings } = scripted({ deleteTable: new Error('socket hang up') })
    const outcome = await run.run('AppEvents')
    expect(outcome).toMatchObject({ status: 'ok', count: 7, searchJob: { deleted: false } })
    expect(lines).not.toContain('Deleted table Orders_1_SRCH.')
    expect(warnings).toEqual([
      {
        text: `Could not delete table Orders_1_SRCH: Unexpected error: socket hang up Delete the table yourself so that it is not billed: ${DELETE_COMMAND}`,
        title: 'Search job clean-up'
      }
    ])
  })

  it('warns, and still deletes the table, when cancelling the job fails', async () => {
    const { run, calls, warnings } = scripted({
      job: { timeoutMs: 5000 },
      polls: [running()],
      cancel: new ActionError('HTTP 500.')
    })
    await expect(run.run('AppEvents')).rejects.toThrow(/was deleted/)
    expect(calls.slice(-2)).toEqual(['cancel', 'delete'])
    expect(warnings.map(warning => warning.text)).toEqual([
      `Could not cancel the search job of Orders_1_SRCH: HTTP 500. Delete the table yourself so that it is not billed: ${DELETE_COMMAND}`
    ])
  })

  describe('the count the job reported', () => {
    it('reads the table again when it holds fewer records than the job reported, until they agree', async () => {
      const { run, calls, lines } = scripted({ polls: [succeeded(7)], reads: [ok(5), ok(7)] })
      const outcome = await run.run('AppEvents')
      expect(calls.slice(-4)).toEqual(['read', 'sleep 5000', 'read', 'delete'])
      expect(lines).toContain('Table Orders_1_SRCH holds 5 records, the job reported 7; reading it again in 5.0 s.')
      expect(outcome).toMatchObject({ status: 'ok', count: 7 })
    })

    it('reads it again 3 times, then answers partial: a count that disagrees with the job cannot be trusted', async () => {
      const { run, calls, lines } = scripted({ polls: [succeeded(7)], reads: [ok(5)] })
      const outcome = await run.run('AppEvents')
      expect(calls.filter(call => call === 'read')).toHaveLength(4)
      expect(lines.filter(line => line.includes('reading it again'))).toHaveLength(3)
      expect(lines.slice(-2)).toEqual([
        'The search job scanned 0.25 GB (search jobs are billed by the data they scan).',
        'Deleted table Orders_1_SRCH.'
      ])
      expect(outcome).toMatchObject({
        status: 'partial',
        count: 5,
        truncated: true,
        partial: { message: 'the search job reported 7 records, but table Orders_1_SRCH returned 5', truncated: false },
        countIsExact: false
      })
    })

    it('trusts the table when the job reported no count', async () => {
      const { run, calls } = scripted({
        polls: [{ status: { status: 'Succeeded', state: 'succeeded' } }],
        reads: [ok(5)]
      })
      expect(await run.run('AppEvents')).toMatchObject({ status: 'ok', count: 5 })
      expect(calls.filter(call => call === 'read')).toHaveLength(1)
    })
  })

  describe('a cancelled run', () => {
    it('mid-poll: cancels the job and deletes the table once, and never settles', async () => {
      const held = holdAt()
      const { run, calls, cancelRun } = scripted({ polls: [() => held.step(running())] })
      const running_ = run.run('AppEvents')
      await held.reachedAt
      await Promise.all([cancelRun(), cancelRun()])
      expect(run.phase.name).toBe('cancelled')
      held.release()
      expect(await hasSettled(running_)).toBe(false)
      expect(calls).toEqual([
        'start AppEvents',
        'sleep 5000',
        'status https://management.azure.com/operation/1',
        'cancel',
        'delete'
      ])
    })

    it('during a wait: no poll follows it', async () => {
      const { run, calls, cancelRun } = scripted({ onSleep: () => void cancelRun() })
      expect(await hasSettled(run.run('AppEvents'))).toBe(false)
      expect(calls).toEqual(['start AppEvents', 'sleep 5000', 'cancel', 'delete'])
    })

    it('while creating the table: cancels the job and deletes the table, even if the creation is then refused', async () => {
      const held = holdAt()
      const { run, calls, cancelRun } = scripted({
        start: () => held.step(undefined).then(() => Promise.reject(new JobRefusedError('no')))
      })
      const running_ = run.run('AppEvents')
      await held.reachedAt
      await cancelRun()
      held.release()
      expect(await hasSettled(running_)).toBe(false)
      expect(calls).toEqual(['start AppEvents', 'cancel', 'delete'])
    })

    it('mid-read: deletes the table once (the job is over), and neither reads again nor settles', async () => {
      const held = holdAt()
      const { run, calls, lines, cancelRun } = scripted({ polls: [succeeded(7)], reads: [() => held.step(ok(5))] })
      const running_ = run.run('AppEvents')
      await held.reachedAt
      await cancelRun()
      held.release()
      expect(await hasSettled(running_)).toBe(false)
      expect(calls.slice(-2)).toEqual(['read', 'delete'])
      expect(lines.at(-1)).toBe('Deleted table Orders_1_SRCH.')
    })

    it('while cleaning up after job-timeout: joins the clean-up under way, never starts another', async () => {
      const held = holdAt()
      const { run, calls, cancelRun } = scripted({
        job: { timeoutMs: 5000 },
        polls: [running()],
        cancel: () => held.step(undefined)
      })
      const running_ = run.run('AppEvents')
      await held.reachedAt
      const cancelled = cancelRun()
      held.release()
      await cancelled
      expect(await hasSettled(running_)).toBe(false)
      expect(calls.slice(-2)).toEqual(['cancel', 'delete'])
    })

    it('after the run: nothing is left registered to clean up', async () => {
      const { run, cancellations } = scripted({ polls: [{ status: { status: 'Failed', state: 'failed' } }] })
      await expect(run.run('AppEvents')).rejects.toThrow('The search job failed.')
      expect(cancellations.size).toBe(0)
    })
  })
})
