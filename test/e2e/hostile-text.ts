/**
 * Hostile text, and a reader of the job log that finds what the runner would
 * execute in it. Shared by the end-to-end tests and the fuzz test.
 */

/** Marks every payload, so a test can tell them from the action's own words. */
export const MARK = 'PWNED'

/** Each way text can try to start a runner command or a new line. */
export const PAYLOADS = [
  `::add-mask::${MARK}1`,
  `x\n::error::${MARK}2`,
  `x\r::stop-commands::${MARK}3`,
  `x##[error]${MARK}4`,
  `x\u2028::warning::${MARK}5`,
  `x\u0085::notice::${MARK}6`,
  `x\r\n  ::set-output name=count::${MARK}7`,
  `\u001b[2K\u001b[1A::debug::${MARK}8`,
  `x\v::group::${MARK}9`,
  `x\f::endgroup::${MARK}10`,
  `x\u2029##[set-env name=A]${MARK}11`
]

export const HOSTILE = PAYLOADS.join(' ')
/** Short enough to stay whole where the log shortens a value (40 characters). */
export const HOSTILE_SHORT = `\n::error::${MARK}\r##[warning]${MARK}`

/** Every character a reader of the log may take for the end of a line. */
export const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/

/** The commands the action itself writes, and the properties of annotations. */
const OWN_COMMANDS = new Set(['error', 'warning', 'notice', 'debug', 'group', 'endgroup', 'add-mask'])
const PROPERTIES = new Set(['title', 'file', 'line', 'col', 'endLine', 'endColumn'])

/**
 * The lines of `stdout` that hostile text turned into a runner command: a
 * `##[` anywhere in a line that holds a payload, or a `::name::` line that
 * the action did not write (an unknown command, a mask, a property the action
 * does not set, or data that begins with a payload: the action's own messages
 * never begin with service text).
 */
export function injectedCommands(stdout: string): string[] {
  const injected: string[] = []
  for (const line of stdout.split(LINE_BREAKS)) {
    if (!line.includes(MARK)) continue
    if (line.includes('##[')) {
      injected.push(line)
      continue
    }
    const command = /^\s*::([^\s:]+)([^:]*)::(.*)$/.exec(line)
    if (!command) continue
    const [, name, properties, data] = command
    const names = properties
      .trim()
      .split(',')
      .filter(property => property !== '')
      .map(property => property.split('=')[0])
    if (
      !OWN_COMMANDS.has(name) ||
      name === 'add-mask' ||
      names.some(key => !PROPERTIES.has(key)) ||
      data.startsWith(MARK) ||
      /^\s*::/.test(data)
    ) {
      injected.push(line)
    }
  }
  return injected
}

/** Line breaks other than the `\n` between lines, and raw escape characters. */
export function strayLineBreaks(stdout: string): string[] {
  // eslint-disable-next-line no-control-regex
  return [...stdout.matchAll(/\r|[\v\f\u0085\u2028\u2029\u001b]/g)].map(match =>
    JSON.stringify(stdout.slice(Math.max(0, match.index - 20), match.index + 20))
  )
}
