import { expect } from 'vitest'
import { InputError } from '../../src/errors.js'
import type { InputReader } from '../../src/inputs/input-reader.js'

/** An InputReader over a plain object, as core.getInput would read INPUT_* variables. */
export function reader(inputs: Record<string, string>): InputReader {
  const map = new Map(Object.entries(inputs))
  return name => map.get(name) ?? ''
}

/** The error of class `type` that `action` throws (fails the test when it throws none or another error). */
export function thrown<T extends Error>(action: () => unknown, type: new (...args: never[]) => T): T {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(type)
    return error as T
  }
  throw new Error(`no ${type.name} was thrown`)
}

/** The InputError `action` throws (fails the test when it throws none or another error). */
export function inputError(action: () => unknown): InputError {
  return thrown(action, InputError)
}
