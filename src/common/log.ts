import * as core from '@actions/core'

/**
 * The one way text reaches the job log, annotations and the step's failure
 * message. Whatever the service, a file or an input says is hostile: every line
 * passes through `safeLine`, so nothing in it can begin a runner command
 * (`::cmd::`, or the older `##[cmd]` the runner finds anywhere in a line) and no
 * line break of any kind survives. No other module in src/ writes to the log.
 */

/** Characters the runner, a log viewer or a Markdown renderer may treat as the end of a line. */
export const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g
/** Other control characters (ANSI escapes, NUL, DEL, C1): shown as `\u001b`, never sent raw. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g
/** The legacy command form `##[name …]`, which the runner accepts anywhere in a line. */
const LEGACY_COMMAND = /##\[/g
/** Shown in place of a line break. */
const BREAK_MARK = ' ⏎ '
/** A longer line is cut: a service message of megabytes must not become a log line of megabytes. */
export const MAX_LINE = 8 * 1024

/**
 * `text` as one inert log line: line breaks shown as ` ⏎ `, control characters
 * escaped, `##[` broken up, a leading `::` (after white space, as the runner
 * trims) prefixed so it is not a command, and text past `MAX_LINE` characters cut.
 */
export function safeLine(text: string): string {
  const cut = text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length - MAX_LINE} more characters)` : text
  const flat = cut
    .replace(LINE_BREAKS, BREAK_MARK)
    .replace(CONTROLS, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(LEGACY_COMMAND, '#\u200b#[')
  return /^\s*::/.test(flat) ? `› ${flat}` : flat
}

export interface AnnotationProps {
  title?: string
}

function props(annotation: AnnotationProps | undefined): core.AnnotationProperties | undefined {
  return annotation?.title === undefined ? undefined : { title: safeLine(annotation.title) }
}

/** Writes to the job log; every argument is made safe first. */
export const log = {
  info(text: string): void {
    core.info(safeLine(text))
  },
  debug(text: string): void {
    core.debug(safeLine(text))
  },
  warning(text: string, annotation?: AnnotationProps): void {
    core.warning(safeLine(text), props(annotation))
  },
  error(text: string, annotation?: AnnotationProps): void {
    core.error(safeLine(text), props(annotation))
  },
  /** Marks the step failed with one line. */
  fail(text: string): void {
    core.setFailed(safeLine(text))
  },
  /** Runs `body` inside a collapsible group of the log. */
  group<T>(name: string, body: () => Promise<T>): Promise<T> {
    return core.group(safeLine(name), body)
  }
}
