import { ActionError } from '../common/errors.js'
import type { QueryOutcome } from '../logs/exact-query.js'
import type { JobStatus } from './job-status.js'

/** How often the results table is read again when it holds fewer records than the job reported. */
export const RE_READS = 3

/** What cleaning up does besides deleting the table (unless it is kept): cancel the job, when it may still run. */
export interface CleanupPlan {
  cancelJob: boolean
}

/** How a run ends once the table is cleaned up: with the records read, at job-timeout, or with an error. */
export type Ending =
  | { name: 'done'; status: JobStatus; polls: number; elapsedMs: number; outcome: QueryOutcome }
  | { name: 'timed-out' }
  | { name: 'failed'; error: unknown }

/**
 * Where a search job's run is (contract §4):
 * `creating → polling → reading → cleaning → done`, or `cleaning → timed-out | failed`,
 * or `refused` (the table was never created: nothing to clean), or `cancelled`
 * (the run's cancellation owns the clean-up, and the run never settles).
 */
export type JobPhase =
  | { name: 'creating' }
  /** Waiting (as long as `poll-interval`, or the service's longer `Retry-After`), then asking how the job is doing. */
  | { name: 'polling'; operationUrl: string; retryAfterMs: number | undefined; polls: number }
  /** Reading the results table; `reReads` times again already, as its count disagreed with the job's. */
  | { name: 'reading'; status: JobStatus; polls: number; elapsedMs: number; reReads: number }
  /** Cancelling the job (when it may still run) and deleting the table (unless kept), once, before `then`. */
  | ({ name: 'cleaning'; then: Ending } & CleanupPlan)
  | (Ending & { deleted: boolean })
  | { name: 'refused'; error: unknown }
  /** `cleanup` is the plan the cancellation starts; undefined when the clean-up was under way already. */
  | { name: 'cancelled'; cleanup: CleanupPlan | undefined }

/** What happens to a run: each answer of its I/O, the deadline, an error, or the run's cancellation. */
export type JobEvent =
  | { type: 'created'; operationUrl: string; retryAfterMs?: number }
  /** The service refused to create the table. */
  | { type: 'refused'; error: unknown }
  /** job-timeout passed before a poll. */
  | { type: 'deadline' }
  /** One poll's answer (`status` undefined when unreadable), `elapsedMs` after the run started. */
  | { type: 'polled'; status: JobStatus | undefined; retryAfterMs?: number; elapsedMs: number }
  | { type: 'read'; outcome: QueryOutcome }
  | { type: 'cleaned'; deleted: boolean }
  /** A step failed (anything but a refused creation). */
  | { type: 'error'; error: unknown }
  /** The run was cancelled (SIGINT, SIGTERM). */
  | { type: 'cancel' }

/** The states in which the run is over (or, `cancelled`, handed to its cancellation). */
export function isFinal(phase: JobPhase): boolean {
  return (
    phase.name === 'done' ||
    phase.name === 'timed-out' ||
    phase.name === 'failed' ||
    phase.name === 'refused' ||
    phase.name === 'cancelled'
  )
}

/** Whether the table holds a count other than the records the job reported, and may be read again. */
export function readAgain(phase: Extract<JobPhase, { name: 'reading' }>, outcome: QueryOutcome): boolean {
  const reported = phase.status.records
  return reported !== undefined && outcome.count !== reported && phase.reReads < RE_READS
}

/** The one place the run's transitions are decided: the state after `event` in `phase`. */
export function next(phase: JobPhase, event: JobEvent): JobPhase {
  if (isFinal(phase)) return phase
  if (event.type === 'cancel') {
    // The job may run until it is known to have ended; a clean-up under way is not started again.
    if (phase.name === 'cleaning') return { name: 'cancelled', cleanup: undefined }
    return { name: 'cancelled', cleanup: { cancelJob: phase.name !== 'reading' } }
  }
  if (event.type === 'error') {
    if (phase.name === 'cleaning') return { name: 'failed', error: event.error, deleted: false }
    return { name: 'cleaning', cancelJob: phase.name !== 'reading', then: { name: 'failed', error: event.error } }
  }
  switch (phase.name) {
    case 'creating':
      if (event.type === 'created')
        return { name: 'polling', operationUrl: event.operationUrl, retryAfterMs: event.retryAfterMs, polls: 0 }
      if (event.type === 'refused') return { name: 'refused', error: event.error }
      break
    case 'polling':
      if (event.type === 'deadline') return { name: 'cleaning', cancelJob: true, then: { name: 'timed-out' } }
      if (event.type === 'polled') return polled(phase, event)
      break
    case 'reading':
      if (event.type === 'read') {
        if (readAgain(phase, event.outcome)) return { ...phase, reReads: phase.reReads + 1 }
        const { status, polls, elapsedMs } = phase
        return {
          name: 'cleaning',
          cancelJob: false,
          then: { name: 'done', status, polls, elapsedMs, outcome: event.outcome }
        }
      }
      break
    case 'cleaning':
      if (event.type === 'cleaned') return { ...phase.then, deleted: event.deleted }
      break
  }
  throw new Error(`Search job: no transition from ${phase.name} on ${event.type}.`)
}

function polled(phase: Extract<JobPhase, { name: 'polling' }>, event: Extract<JobEvent, { type: 'polled' }>): JobPhase {
  const { status, retryAfterMs, elapsedMs } = event
  const polls = phase.polls + 1
  if (!status || status.state === 'running') return { ...phase, retryAfterMs, polls }
  if (status.state === 'succeeded') return { name: 'reading', status, polls, elapsedMs, reReads: 0 }
  // The job ended by itself: there is nothing to cancel, only the table to delete.
  return {
    name: 'cleaning',
    cancelJob: false,
    then: { name: 'failed', error: new ActionError(jobEndedMessage(status)) }
  }
}

/** Why a job that failed, or that the service (or someone else) cancelled, did not succeed. */
function jobEndedMessage(status: JobStatus): string {
  const reason = status.error?.message
    ? `: ${status.error.message}${status.error.code ? ` [${status.error.code}]` : ''}`
    : '.'
  return status.state === 'failed'
    ? `The search job failed${reason}`
    : `The search job was cancelled by the service or by someone else${reason}`
}
