import { describe, expect, it } from 'vitest'
import { LeadingRecords } from '../../../src/records/leading-records.js'
import type { Column } from '../../../src/wire/columns.js'
import { rowCells } from '../fixtures/row-cells.js'

const COLUMNS: Column[] = [
  { name: 'Id', type: 'long' },
  { name: 'Text', type: 'string' },
  { name: 'Bag', type: 'dynamic' }
]

function collect(budget: number, rows: string[][]): string {
  const records = new LeadingRecords(budget)
  records.begin(COLUMNS)
  for (const row of rows) records.row(rowCells(row))
  records.end()
  return records.text()
}

describe('LeadingRecords', () => {
  it('is [] without rows', () => {
    expect(collect(1024, [])).toBe('[]')
    expect(new LeadingRecords(1024).text()).toBe('[]')
  })

  it('writes compact records keyed by column, a long digit for digit, a dynamic as the JSON it holds', () => {
    const text = collect(1024, [['9007199254740993', '"a \\"b\\"\\n"', '"{ \\"k\\": [1, 2] }"']])
    expect(text).toBe('[{"Id":9007199254740993,"Text":"a \\"b\\"\\n","Bag":{"k":[1,2]}}]')
    expect(JSON.parse(text)).toEqual([{ Id: 2 ** 53, Text: 'a "b"\n', Bag: { k: [1, 2] } }])
  })

  it('keeps whole records only, stopping at the first that would cross the budget', () => {
    const row = (i: number) => [String(i), JSON.stringify('x'.repeat(20)), 'null']
    const one = '{"Id":0,"Text":"xxxxxxxxxxxxxxxxxxxx","Bag":null}'.length
    const rows = Array.from({ length: 10 }, (_, i) => row(i))
    const exactlyThree = 2 + 3 * one + 2
    expect(JSON.parse(collect(exactlyThree, rows))).toHaveLength(3)
    expect(JSON.parse(collect(exactlyThree - 1, rows))).toHaveLength(2)
    expect(Buffer.byteLength(collect(exactlyThree - 1, rows))).toBeLessThanOrEqual(exactlyThree - 1)
    expect(collect(one, rows)).toBe('[]')
  })

  it('does not skip a large record to take a smaller one after it', () => {
    const text = collect(100, [
      ['1', '"small"', 'null'],
      ['2', JSON.stringify('x'.repeat(200)), 'null'],
      ['3', '"small"', 'null']
    ])
    expect((JSON.parse(text) as { Id: number }[]).map(record => record.Id)).toEqual([1])
  })
})
