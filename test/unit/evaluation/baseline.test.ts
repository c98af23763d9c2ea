import { describe, expect, it } from 'vitest'
import {
  baselineConsequence,
  baselineNote,
  baselineRowFor,
  baselineTimespan
} from '../../../src/evaluation/baseline.js'
import type { QueryOutcome } from '../../../src/logs/exact-query.js'
import { T0 } from '../fixtures/evaluation.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('baselineTimespan', () => {
  it('moves a relative window, ending at the sample, back by the shift', () => {
    expect(
      baselineTimespan({ name: 'previous', shiftMs: HOUR, window: { kind: 'relative', durationMs: HOUR } }, T0)
    ).toBe('2026-11-01T10:00:00.000Z/2026-11-01T11:00:00.000Z')
    expect(
      baselineTimespan({ name: '1d', shiftMs: DAY, window: { kind: 'relative', durationMs: HOUR } }, T0 + 1234)
    ).toBe('2026-10-31T11:00:01.234Z/2026-10-31T12:00:01.234Z')
  })

  it('moves a fixed interval back by the shift, whenever the sample is', () => {
    const window = {
      kind: 'fixed',
      startMs: Date.parse('2026-11-01T00:00:00Z'),
      endMs: Date.parse('2026-11-02T00:00:00Z')
    } as const
    expect(baselineTimespan({ name: 'previous', shiftMs: DAY, window }, T0)).toBe(
      '2026-10-31T00:00:00.000Z/2026-11-01T00:00:00.000Z'
    )
    expect(baselineTimespan({ name: '7d', shiftMs: 7 * DAY, window }, T0 + HOUR)).toBe(
      '2026-10-25T00:00:00.000Z/2026-10-26T00:00:00.000Z'
    )
  })
})

describe('baselineRowFor', () => {
  const columns = [
    { name: 'AppRoleName', type: 'string' },
    { name: 'Region', type: 'string' },
    { name: 'errors', type: 'long' }
  ]
  const baseline = [
    ['"api"', '"westeurope"', '4'],
    ['"web"', '"westeurope"', '2'],
    ['"api"', '"northeurope"', '7']
  ]

  it('finds the row with the same text in every string column', () => {
    expect(baselineRowFor(['"api"', '"northeurope"', '12'], baseline, columns)).toEqual(['"api"', '"northeurope"', '7'])
    expect(baselineRowFor(['"web"', '"westeurope"', '0'], baseline, columns)).toEqual(['"web"', '"westeurope"', '2'])
  })

  it('is undefined when no row matches on all of them', () => {
    expect(baselineRowFor(['"web"', '"northeurope"', '1'], baseline, columns)).toBeUndefined()
    expect(baselineRowFor(['"api"', '"westeurope"', '1'], [], columns)).toBeUndefined()
  })

  it('takes the first row when there is no string column', () => {
    const numbers = [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'errors', type: 'long' }
    ]
    expect(
      baselineRowFor(
        ['"2026-11-01T12:00:00Z"', '12'],
        [
          ['"2026-11-01T11:00:00Z"', '8'],
          ['"x"', '9']
        ],
        numbers
      )
    ).toEqual(['"2026-11-01T11:00:00Z"', '8'])
    expect(baselineRowFor(['"2026-11-01T12:00:00Z"', '12'], [], numbers)).toBeUndefined()
  })

  it('compares the text of the cells, not their JSON spelling', () => {
    expect(baselineRowFor(['"\\u0061pi"', '"westeurope"', '1'], baseline, columns)).toEqual(baseline[0])
    expect(baselineRowFor(['null', '"westeurope"', '1'], [['""', '"westeurope"', '3']], columns)).toEqual([
      '""',
      '"westeurope"',
      '3'
    ])
  })

  it('matches columns by name when the baseline has them in another order, and none when one is missing', () => {
    const reordered = [columns[2], columns[1], columns[0]]
    expect(
      baselineRowFor(['"api"', '"northeurope"', '12'], [['7', '"northeurope"', '"api"']], columns, reordered)
    ).toEqual(['7', '"northeurope"', '"api"'])
    expect(
      baselineRowFor(['"api"', '"northeurope"', '12'], [['"api"', '7']], columns, [columns[0], columns[2]])
    ).toBeUndefined()
  })
})

describe('baselineConsequence', () => {
  const result = { columns: [{ name: 'Count', type: 'long' }], count: 1, written: 0, preview: [['8']], tables: 1 }
  const ok: QueryOutcome = { status: 'ok', result, count: 1, truncated: false }
  const partial: QueryOutcome = {
    status: 'partial',
    result,
    count: 1,
    truncated: true,
    partial: { message: 'Engine error: out of memory', truncated: false },
    countIsExact: false
  }

  it('does nothing for a complete baseline', () => {
    for (const onPartial of ['fail', 'warn', 'ignore'] as const) expect(baselineConsequence(ok, onPartial)).toEqual({})
  })

  it('fails on an incomplete baseline under on-partial: fail, naming the baseline', () => {
    const consequence = baselineConsequence(partial, 'fail')
    expect(consequence.fail).toMatch(
      /^The baseline's result is incomplete, so the step fails \(on-partial: fail\): Engine error: out of memory/
    )
    expect(consequence.error).toBe("the result is incomplete: the baseline's answer: Engine error: out of memory")
  })

  it('warns under on-partial: warn and says nothing under ignore', () => {
    expect(baselineConsequence(partial, 'warn')).toEqual({
      warn: expect.stringMatching(/^The baseline's result is incomplete: Engine error/)
    })
    expect(baselineConsequence(partial, 'ignore')).toEqual({})
  })
})

describe('baselineNote', () => {
  const outcome = (count: number, kept: number): QueryOutcome => ({
    status: 'ok',
    result: { columns: [], count, written: 0, preview: Array.from({ length: kept }, () => ['1']), tables: 1 },
    count,
    truncated: false
  })

  it('says when the baseline had more rows than were kept to match with', () => {
    expect(baselineNote(outcome(12_345, 10_000))).toBe(
      'The baseline has 12345 rows; only its first 10000 are matched with current rows, so a row beyond them finds no baseline.'
    )
  })

  it('says nothing when every row was kept', () => {
    expect(baselineNote(outcome(3, 3))).toBeUndefined()
    expect(baselineNote(outcome(0, 0))).toBeUndefined()
  })
})
