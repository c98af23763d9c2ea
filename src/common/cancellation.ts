import { log } from './log.js'

/** Work to undo when the run is cancelled (cancel a search job, delete a table…). */
export type Cleanup = () => Promise<void> | void

const cleanups = new Set<Cleanup>()

/**
 * How long cleanups may take before the process exits anyway. The runner sends
 * SIGTERM 7.5 s after SIGINT and kills the process 2.5 s later; a search job's
 * cleanup is two Azure Resource Manager requests (cancel the job, delete its table).
 */
const CLEANUP_BUDGET_MS = 5000

/** The first signal received: later ones do not start the cleanup again. */
let cancelledBy: NodeJS.Signals | undefined

/** Registers `cleanup` for a cancellation; returns the function that unregisters it. */
export function onCancel(cleanup: Cleanup): () => void {
  cleanups.add(cleanup)
  return () => cleanups.delete(cleanup)
}

/**
 * When the runner cancels the job it sends SIGINT, then SIGTERM. Either way:
 * no half-written records file stays behind, registered cleanups run (for a
 * bounded time), the step is marked failed and the process exits at once,
 * which also aborts the requests in flight.
 */
export function exitOnCancel(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cancel(signal))
  }
}

async function cancel(signal: NodeJS.Signals): Promise<void> {
  if (cancelledBy) {
    log.info(`${signal} received while cleaning up after ${cancelledBy}; finishing the clean-up first.`)
    return
  }
  cancelledBy = signal
  log.fail(`The run was cancelled (${signal}).`)
  const pending = Promise.allSettled([...cleanups].map(async cleanup => cleanup()))
  await Promise.race([pending, new Promise(resolve => setTimeout(resolve, CLEANUP_BUDGET_MS).unref())])
  process.exit(signal === 'SIGINT' ? 130 : 143)
}
