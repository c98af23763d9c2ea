import { describe, expect, it } from 'vitest'
import { NUMERIC_TYPES, toColumns } from '../../../src/wire/columns.js'

describe('toColumns', () => {
  it('reads names and lower-cases types', () => {
    expect(
      toColumns([
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'Count', type: 'Long' },
        { name: 'Data', type: 'DYNAMIC' }
      ])
    ).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Count', type: 'long' },
      { name: 'Data', type: 'dynamic' }
    ])
  })

  it('treats a column without a type as a string column', () => {
    expect(toColumns([{ name: 'a' }, { name: 'b', type: 5 }])).toEqual([
      { name: 'a', type: 'string' },
      { name: 'b', type: 'string' }
    ])
  })

  it('drops members other than name and type', () => {
    expect(toColumns([{ name: 'a', type: 'int', isHidden: true }])).toEqual([{ name: 'a', type: 'int' }])
  })

  it.each([
    ['an object', { a: 'long' }],
    ['null', null],
    ['a string', 'columns']
  ])('rejects %s', (_, value) => {
    expect(() => toColumns(value)).toThrow(/not an array/)
  })

  it.each([
    ['null', [null]],
    ['a number name', [{ name: 1, type: 'long' }]],
    ['a missing name', [{ name: 'a' }, { type: 'long' }]]
  ])('rejects a column with %s', (_, value) => {
    expect(() => toColumns(value)).toThrow(/column \d has no name/)
  })

  it('rejects two columns of one name, and takes names that differ in case', () => {
    expect(() => toColumns([{ name: 'a', type: 'long' }, { name: 'b' }, { name: 'a', type: 'string' }])).toThrow(
      'two columns are named "a"'
    )
    expect(toColumns([{ name: 'a' }, { name: 'A' }]).map(column => column.name)).toEqual(['a', 'A'])
  })
})

describe('NUMERIC_TYPES', () => {
  it('holds the numeric Kusto types only', () => {
    for (const type of ['int', 'long', 'real', 'decimal']) expect(NUMERIC_TYPES.has(type)).toBe(true)
    for (const type of ['string', 'bool', 'datetime', 'guid', 'timespan', 'dynamic'])
      expect(NUMERIC_TYPES.has(type)).toBe(false)
  })
})
