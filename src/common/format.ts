/** A duration for people: `850 ms`, `2.5 s`, `42 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`
}

/** A duration someone chose, in whole units: `2 s`, `1 min 30 s`, `5 min`, `1 h 30 min`. */
export function formatSpan(ms: number): string {
  if (ms < 1000) return formatDuration(ms)
  const seconds = Math.round(ms / 1000)
  const parts = [[Math.floor(seconds / 3600), 'h'], [Math.floor((seconds % 3600) / 60), 'min'], [seconds % 60, 's']] as const
  return parts
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) => `${amount} ${unit}`)
    .join(' ')
}

/** A time of day in UTC, to the second: `12:03:05 UTC`. */
export function formatClock(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`
}

/** `text` cut to at most `max` characters, an ellipsis marking the cut. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
