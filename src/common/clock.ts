/** Time as the action sees it: the waits between samples, polls and retries. Unit tests pass a fake one. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now(), sleep }
