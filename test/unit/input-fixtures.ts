import { expect } from 'vitest'
import { InputError } from '../../src/errors.js'
import type { InputReader } from '../../src/inputs/input-reader.js'

/** An InputReader over a plain object, as core.getInput would read INPUT_* variables. */
export function reader(inputs: Record<string, string>): InputReader {
  const map = new Map(Object.entries(inputs))
  return name => map.get(name) ?? ''
}

/** The InputError `action` throws (fails the test when it throws none or another error). */
export function inputError(action: () => unknown): InputError {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('no InputError was thrown')
}
