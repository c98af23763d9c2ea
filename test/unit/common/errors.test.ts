import { describe, expect, it } from 'vitest'
import { ActionError, describeError, InputError, oneLine, quoted } from '../../../src/common/errors.js'

describe('describeError', () => {
  it('gives an error the user can act on as it is, on one line', () => {
    expect(describeError(new InputError('timeout', 'must be 1 to 600.\nGive seconds.'))).toBe(
      "Input 'timeout': must be 1 to 600. Give seconds."
    )
    expect(describeError(new ActionError('The query failed: Bad syntax'))).toBe('The query failed: Bad syntax')
  })

  it('calls anything else unexpected, a bug', () => {
    expect(describeError(new TypeError('x is undefined'))).toBe('Unexpected error: x is undefined')
    expect(describeError('thrown text')).toBe('Unexpected error: thrown text')
  })
})

describe('oneLine', () => {
  it('folds every line break and the space around it into one space', () => {
    expect(oneLine('  a\r\n   b\rc\n\n d  ')).toBe('a b c d')
  })
})

describe('quoted', () => {
  it('quotes a value as JSON, so line breaks and quotes show, and shortens a long one', () => {
    expect(quoted('a"b\nc')).toBe('"a\\"b\\nc"')
    expect(quoted('x'.repeat(300))).toBe(JSON.stringify(`${'x'.repeat(99)}…`))
  })
})

describe('InputError', () => {
  it('names the input', () => {
    const error = new InputError('max-count', 'is not a number.')
    expect(error).toBeInstanceOf(ActionError)
    expect(error.input).toBe('max-count')
    expect(error.message).toBe("Input 'max-count': is not a number.")
  })
})
