import { shorten } from './format.js'

/**
 * Errors the user can act on. Their message is the one line the job log shows:
 * what is wrong and how to fix it. Anything else that escapes is a bug and is
 * reported as such, with its stack in the debug log only.
 */
export class ActionError extends Error {
  override name = 'ActionError'
}

/** A bad input, found before any network call. */
export class InputError extends ActionError {
  override name = 'InputError'
  constructor(
    readonly input: string,
    problem: string
  ) {
    super(`Input '${input}': ${problem}`)
  }
}

/** A user's value inside a message: quoted, line breaks escaped, long values shortened. */
export function quoted(value: string): string {
  return JSON.stringify(shorten(value, 100))
}

/** The one line to show for any error. */
export function describeError(error: unknown): string {
  const message =
    error instanceof ActionError
      ? error.message
      : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`
  return oneLine(message)
}

/** Text with its line breaks folded into spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim()
}
