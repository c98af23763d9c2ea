/** Axis labels for times, and the dates they leave out. */
export interface TimeLabels {
  labels: string[]
  /** The day (`2026-11-01`) or days (`2026-10-31 to 2026-11-01`) of labels that show only the time of day. */
  dates?: string
}

/**
 * Times as short axis labels: the time of day (`14:00`, with seconds only when
 * some have them) whenever that tells them apart, the dates going to the axis
 * title; `11-02 14:00` otherwise; `11-02` (or `2026-11-02` across years) for
 * whole days. Text that is not a time stays as it is.
 */
export function timeLabels(texts: string[]): TimeLabels {
  const times = texts.map(text => Date.parse(text))
  if (times.some(Number.isNaN)) return { labels: texts }
  const iso = times.map(time => new Date(time).toISOString())
  const years = new Set(iso.map(text => text.slice(0, 4)))
  if (iso.every(text => text.slice(11, 23) === '00:00:00.000'))
    return { labels: iso.map(text => (years.size > 1 ? text.slice(0, 10) : text.slice(5, 10))) }
  const seconds = iso.some(text => text.slice(17, 23) !== '00.000')
  const clocks = iso.map(text => text.slice(11, seconds ? 19 : 16))
  if (new Set(clocks).size === clocks.length) {
    const days = [...new Set(iso.map(text => text.slice(0, 10)))].sort()
    return { labels: clocks, dates: days.length === 1 ? days[0] : `${days[0]} to ${days[days.length - 1]}` }
  }
  return { labels: iso.map((text, i) => `${text.slice(5, 10)} ${clocks[i]}`) }
}

/** An axis title with the time zone and any dates the labels leave out: `TimeGenerated (UTC, 2026-11-01)`. */
export function timeAxisTitle(name: string, labels: TimeLabels): string {
  return `${name} (UTC${labels.dates ? `, ${labels.dates}` : ''})`
}
