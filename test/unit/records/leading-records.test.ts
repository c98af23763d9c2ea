import { describe, expect, it } from 'vitest'
import { joinLeadingRecords, LeadingRecords } from '../../../src/records/leading-records.js'
import type { Column } from '../../../src/wire/columns.js'
import { pick, random } from '../fixtures/random.js'
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

describe('joinLeadingRecords', () => {
  const bytes = (text: string) => Buffer.byteLength(text)
  /** Arrays that each hold every record their answer wrote. */
  const complete = (arrays: string[]) => arrays.map(text => ({ text, written: (JSON.parse(text) as unknown[]).length }))

  it('is [] for no arrays and for empty ones', () => {
    expect(joinLeadingRecords(complete([]), 1024)).toBe('[]')
    expect(joinLeadingRecords(complete(['[]', '[]', '[]']), 1024)).toBe('[]')
    expect(joinLeadingRecords(complete(['[{"a":1}]']), 2)).toBe('[]')
    expect(joinLeadingRecords(complete(['[{"a":1}]']), 0)).toBe('[]')
  })

  it('joins the records of several arrays in order, empty arrays among them', () => {
    expect(joinLeadingRecords(complete(['[{"a":1}]', '[]', '[{"a":2},{"a":3}]', '[]', '[{}]']), 1024)).toBe(
      '[{"a":1},{"a":2},{"a":3},{}]'
    )
  })

  it('keeps records whose strings hold commas, brackets and escaped quotes, and nested values, whole', () => {
    const records = [
      '{"s":"a,b]},{\\"x\\":[1]"}',
      '{"n":{"k":[1,{"z":"}"}],"e":[]},"t":"\\\\"}',
      '{"q":"\\"","c":",","b":"[[{"}',
      '{"u":"✓ 𝄞","d":[[],[[]],{}]}'
    ]
    const arrays = [`[${records[0]},${records[1]}]`, `[${records[2]}]`, `[${records[3]}]`]
    const joined = joinLeadingRecords(complete(arrays), 1024)
    expect(joined).toBe(`[${records.join(',')}]`)
    expect(JSON.parse(joined)).toEqual(records.map(record => JSON.parse(record) as unknown))
  })

  it('keeps whole records within the budget in UTF-8 bytes, the first that would not fit ending it', () => {
    const records = ['{"a":"✓✓"}', '{"b":1}', '{"c":"𝄞"}', '{"d":2}']
    const arrays = [`[${records[0]}]`, `[${records[1]},${records[2]}]`, `[${records[3]}]`]
    for (let budget = 0; budget <= 60; budget++) {
      const joined = joinLeadingRecords(complete(arrays), budget)
      const kept = JSON.parse(joined) as unknown[]
      const whole = `[${records.slice(0, kept.length).join(',')}]`
      expect(joined).toBe(whole)
      if (kept.length > 0) expect(bytes(joined)).toBeLessThanOrEqual(budget)
      if (kept.length < records.length) {
        expect(bytes(`[${records.slice(0, kept.length + 1).join(',')}]`)).toBeGreaterThan(budget)
      }
    }
    // Counted in bytes, not characters: "✓✓" is 6 bytes.
    expect(joinLeadingRecords(complete(arrays), 2 + records[0].length)).toBe('[]')
    expect(joinLeadingRecords(complete(arrays), 2 + bytes(records[0]))).toBe(`[${records[0]}]`)
  })

  it('takes nothing after an array its own budget cut: that would leave a gap', () => {
    const cut = { text: '[{"a":1},{"b":2}]', written: 3 }
    expect(joinLeadingRecords([cut, { text: '[{"d":4}]', written: 1 }], 1024)).toBe('[{"a":1},{"b":2}]')
  })

  it('does not skip a large record to take a smaller one after it', () => {
    expect(joinLeadingRecords(complete(['[{"a":1}]', `[{"b":"${'x'.repeat(100)}"},{"c":1}]`, '[{"d":1}]']), 60)).toBe(
      '[{"a":1}]'
    )
  })

  it('equals one LeadingRecords over all the rows when each array holds all the rows of its answer', () => {
    const next = random(613)
    const cells = [
      ['1', '"plain"', 'null'],
      ['-9007199254740993', String.raw`"a, \"b\" ]}, {"`, String.raw`"{ \"k\": [1, {\"z\": \"]\"}] }"`],
      ['0', '"✓ 𝄞 é"', String.raw`"[[], {}, \",\"]"`],
      ['2', '""', '"text, not JSON"'],
      ['3', JSON.stringify('x'.repeat(40)), '"[1,2,3]"']
    ]
    let compared = 0
    let cut = 0
    for (let round = 0; round < 400; round++) {
      const slices = Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
        Array.from({ length: Math.floor(next() * 5) }, () => pick(next, cells))
      )
      const budget = Math.floor(next() * 1200)
      const arrays = slices.map(rows => collect(budget, rows))
      const single = collect(budget, slices.flat())
      const joined = joinLeadingRecords(
        arrays.map((text, i) => ({ text, written: slices[i].length })),
        budget
      )
      expect(joined).toBe(single)
      compared++
      if ((JSON.parse(single) as unknown[]).length < slices.flat().length) cut++
    }
    expect(compared).toBeGreaterThan(100)
    expect(cut).toBeGreaterThan(10)
  })
})
