/**
 * Times as short axis labels: `14:00` within one day, `11-02 14:00` across
 * days, `2026-11-02` for whole days, with seconds only when some have them.
 * Text that is not a time stays as it is.
 */
export function timeLabels(texts: string[]): string[] {
  const times = texts.map(text => Date.parse(text))
  if (times.some(Number.isNaN)) return texts
  const iso = times.map(time => new Date(time).toISOString())
  const days = new Set(iso.map(text => text.slice(0, 10)))
  const years = new Set(iso.map(text => text.slice(0, 4)))
  if (iso.every(text => text.slice(11, 23) === '00:00:00.000')) return iso.map(text => (years.size > 1 ? text.slice(0, 10) : text.slice(5, 10)))
  const seconds = iso.some(text => text.slice(17, 23) !== '00.000')
  const clock = (text: string) => text.slice(11, seconds ? 19 : 16)
  return iso.map(text => (days.size > 1 ? `${text.slice(5, 10)} ${clock(text)}` : clock(text)))
}
