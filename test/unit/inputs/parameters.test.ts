import { describe, expect, it } from 'vitest'
import { readParameters, readQueryParameters } from '../../../src/inputs/parameters.js'
import { inputError, reader } from '../fixtures/inputs.js'

const read = (parameters: string) => readParameters(reader({ parameters }))

describe('readParameters', () => {
  it('reads nothing from an empty input', () => {
    expect(read('')).toEqual([])
    expect(read('\n  \n# only a comment\n')).toEqual([])
  })

  it('reads name = value and name:type = value lines, skipping blank lines and # comments', () => {
    const text =
      '# when the release went out\r\nrelease = v1.2.3\n\n  deployed : datetime =2026-11-01T08:30:00Z  \nmax_rows:LONG=5'
    expect(read(text)).toEqual([
      { name: 'release', type: 'string', value: 'v1.2.3', literal: '"v1.2.3"' },
      { name: 'deployed', type: 'datetime', value: '2026-11-01T08:30:00Z', literal: 'datetime(2026-11-01T08:30:00Z)' },
      { name: 'max_rows', type: 'long', value: '5', literal: 'long(5)' }
    ])
  })

  it('takes the rest of the line as the value: = : # and quotes inside it are text', () => {
    expect(read("search_text = a=b: c # not a comment 'x'")[0].value).toBe("a=b: c # not a comment 'x'")
    expect(read('empty =')[0]).toMatchObject({ value: '', literal: '""' })
  })

  it('reads a value in double quotes as one JSON string: line breaks, spaces at the ends, a quote', () => {
    expect(read('message = "  two\\nlines \\"quoted\\"  "')[0].value).toBe('  two\nlines "quoted"  ')
    expect(read('n:long = "42"')[0].literal).toBe('long(42)')
  })

  it('reads a dynamic value as JSON, a string included', () => {
    expect(read('tag:dynamic = "eu"')[0]).toMatchObject({ value: '"eu"', literal: 'parse_json("\\u0022eu\\u0022")' })
  })

  it('takes 100 parameters and a 64 KiB value', () => {
    expect(read(Array.from({ length: 100 }, (_, i) => `p${i} = ${i}`).join('\n'))).toHaveLength(100)
    expect(read(`big = ${'x'.repeat(64 * 1024)}`)[0].value).toHaveLength(64 * 1024)
  })
})

describe('readQueryParameters', () => {
  it('takes no parameters in a search job, and an empty input there is no mistake', () => {
    expect(readQueryParameters(reader({ parameters: '  \n' }), 'T', 'search-job')).toEqual([])
    expect(inputError(() => readQueryParameters(reader({ parameters: 'a = 1' }), 'T', 'search-job')).input).toBe(
      'parameters'
    )
  })
})
