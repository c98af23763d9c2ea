import * as core from '@actions/core'

/**
 * What happens when the runner cancels the step. It sends SIGINT, then SIGTERM
 * 7.5 s later, then kills the process 2.5 s after that (contract §6). Work that
 * leaves something behind (a search job, a billable table) registers a cleanup;
 * on the first signal every cleanup runs, within a time budget, and the process
 * exits non-zero. Later signals do not interrupt the cleanups.
 */

/** Work to finish before the process exits, such as cancelling a job. */
export type Cleanup = (signal: NodeJS.Signals) => Promise<void>

export interface CancellationOptions {
  /** Where signals arrive: `process`. */
  signals: Pick<NodeJS.EventEmitter, 'on' | 'off'>
  /** Ends the process. */
  exit: (code: number) => void
  /** The most time the cleanups get before the process exits anyway. */
  budgetMs: number
  /** For the log. */
  info: (message: string) => void
  /** Marks the step failed with one line. */
  fail: (message: string) => void
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/** Cleanups to run on cancellation, and whether one is under way. */
export class Cancellation {
  private readonly cleanups = new Set<Cleanup>()
  private signal: NodeJS.Signals | undefined
  private readonly handle = (signal: NodeJS.Signals) => void this.cancel(signal)

  constructor(private readonly options: CancellationOptions) {}

  /** True once a signal has arrived: the cleanups own the rest of the run. */
  get cancelling(): boolean {
    return this.signal !== undefined
  }

  /** Registers a cleanup; the returned function removes it (call it once the work is done). */
  onCancel(cleanup: Cleanup): () => void {
    if (this.cleanups.size === 0 && !this.cancelling) for (const signal of SIGNALS) this.options.signals.on(signal, this.handle)
    this.cleanups.add(cleanup)
    return () => {
      this.cleanups.delete(cleanup)
      if (this.cleanups.size === 0 && !this.cancelling) for (const signal of SIGNALS) this.options.signals.off(signal, this.handle)
    }
  }

  private async cancel(signal: NodeJS.Signals): Promise<void> {
    if (this.signal) {
      this.options.info(`${signal} received while cleaning up after ${this.signal}; finishing the clean-up first.`)
      return
    }
    this.signal = signal
    this.options.info(`${signal} received: the run is being cancelled; cleaning up before exiting.`)
    let timer: NodeJS.Timeout | undefined
    const budget = new Promise<'late'>(resolve => (timer = setTimeout(() => resolve('late'), this.options.budgetMs)))
    const done = Promise.allSettled([...this.cleanups].map(cleanup => cleanup(signal)))
    const outcome = await Promise.race([done, budget])
    clearTimeout(timer)
    if (outcome === 'late') this.options.info(`The clean-up took longer than ${this.options.budgetMs / 1000} s; exiting without waiting for it.`)
    this.options.fail(`The run was cancelled (${signal}).`)
    this.options.exit(1)
  }

  /**
   * `promise`, unless the run is being cancelled when it settles: then it never
   * settles, so the interrupted work does not carry on beside its cleanup.
   */
  async unlessCancelled<T>(promise: Promise<T>): Promise<T> {
    try {
      const value = await promise
      if (this.cancelling) return forever()
      return value
    } catch (error) {
      if (this.cancelling) return forever()
      throw error
    }
  }
}

function forever(): Promise<never> {
  return new Promise(() => {})
}

/** The process's cancellation: signals from the runner, 8 s to clean up (the runner kills at 10 s). */
export const cancellation = new Cancellation({
  signals: process,
  // Exit once what was written to stdout has gone out (pipes are asynchronous on some systems).
  exit: code => void process.stdout.write('', () => process.exit(code)),
  budgetMs: 8000,
  info: message => core.info(message),
  fail: message => core.setFailed(message)
})

/** Registers work to finish when the runner cancels the step; returns the function that removes it. */
export function onCancel(cleanup: Cleanup): () => void {
  return cancellation.onCancel(cleanup)
}
