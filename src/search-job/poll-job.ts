import type { SearchJobClient, StartedJob } from './job-client.js'
import type { JobStatus } from './job-status.js'
import { formatElapsed } from '../common/format.js'
import { formatProgress } from './progress.js'

/** How a wait for a job ended: its final status, or the deadline. */
export type PollOutcome = { status: JobStatus; polls: number } | { timedOut: true; polls: number }

export interface PollTiming {
  /** When the job was created (for the elapsed time in the log). */
  started: number
  /** No poll starts after this. */
  deadline: number
  pollIntervalMs: number
  sleep: (ms: number) => Promise<void>
  /** Where each answer is logged. */
  info: (line: string) => void
  /** Wraps each wait and request: what the run's cancellation holds back. */
  unlessCancelled: <T>(work: Promise<T>) => Promise<T>
}

/**
 * Asks how the job is doing every `pollIntervalMs` (or as long as the
 * service's `Retry-After` asks, when that is longer), logging each answer,
 * until it ends or the deadline passes. An unreadable answer is asked again.
 */
export async function pollJob(client: Pick<SearchJobClient, 'status'>, job: StartedJob, timing: PollTiming): Promise<PollOutcome> {
  let wait = Math.max(timing.pollIntervalMs, job.retryAfterMs ?? 0)
  let polls = 0
  for (;;) {
    const left = timing.deadline - Date.now()
    if (left <= 0) return { timedOut: true, polls }
    await timing.unlessCancelled(timing.sleep(Math.min(wait, left)))
    const polled = await timing.unlessCancelled(client.status(job.operationUrl))
    polls++
    const elapsed = Date.now() - timing.started
    if (polled.status) {
      timing.info(formatProgress(polled.status, elapsed))
      if (polled.status.state !== 'running') return { status: polled.status, polls }
    } else {
      timing.info(`The search job's status could not be read (after ${formatElapsed(elapsed)}); asking again.`)
    }
    wait = Math.max(timing.pollIntervalMs, polled.retryAfterMs ?? 0)
  }
}
