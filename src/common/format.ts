/** A duration for people: `850 ms`, `2.5 s`, `42 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`
}

/** A duration someone chose, in whole units: `2 s`, `1 min 30 s`, `5 min`, `1 h 30 min`. */
export function formatSpan(ms: number): string {
  if (ms < 1000) return formatDuration(ms)
  const seconds = Math.round(ms / 1000)
  const parts = [
    [Math.floor(seconds / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'min'],
    [seconds % 60, 's']
  ] as const
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

/** A number of records with thousands separators: `1,234,567`. */
export function formatCount(count: number): string {
  return Math.round(count)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Gigabytes as people read them: `0.42 GB`, `12.3 GB`, `1,024 GB`. */
export function formatGb(gb: number): string {
  if (gb >= 100) return `${formatCount(gb)} GB`
  if (gb >= 10) return `${gb.toFixed(1)} GB`
  return `${gb.toFixed(2)} GB`
}

/** A wait of minutes or hours as people read it: `42 s`, `12 min 5 s`, `2 h 3 min`. */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return formatDuration(ms)
  const seconds = Math.round(ms / 1000)
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`
  const minutes = Math.round(seconds / 60)
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
}

/** `1 attempt`, `3 attempts`: a count and its noun, plural when it is not 1. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`
}

/** A size as people read it, in binary units: `512 B`, `1.5 KiB`, `97 MiB`, `1.8 GiB`. */
export function formatBytes(count: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = count
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}
